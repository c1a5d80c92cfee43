"""The API half of the error model: every 4xx body is `{"detail", "code", "errors"}`.

`detail` is a sentence for a person in the request's language, `code` a stable
machine word, `errors` maps each field to its messages (empty when no field is
concerned). A `sangaku.errors.DomainError` raised by a service is mapped here
(and nowhere else in the API); so are Django's and DRF's own errors. See docs/api.md.
"""

import math

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError, invalid_from_django
from .unavailable import RETRY_AFTER_SECONDS, database_unavailable_body, is_database_fault


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = invalid_from_django(exc)
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status_code)
    if is_database_fault(exc):  # the connection was lost: try again shortly (503), nothing the caller did wrong
        return Response(database_unavailable_body(), status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        data = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {
            "detail": _("入力内容に誤りがあります。各項目のメッセージを確認してください。"),
            "code": "invalid",
            "errors": data,
        }
    elif isinstance(exc, (Http404, exceptions.NotFound)):
        response.data = {"detail": _("見つかりません。"), "code": "not_found", "errors": {}}
    elif isinstance(exc, exceptions.Throttled):
        wait = math.ceil(exc.wait) if exc.wait is not None else 60
        message = _("リクエストが多すぎます。%(seconds)s 秒後にもう一度お試しください。") % {"seconds": wait}
        response.data = {"detail": message, "code": "throttled", "errors": {}}
    elif isinstance(exc, DjangoPermissionDenied):
        response.data = {"detail": _("この操作を行う権限がありません。"), "code": "permission_denied", "errors": {}}
    elif isinstance(exc, exceptions.APIException):
        data = response.data if isinstance(response.data, dict) else {}
        extra = {k: v for k, v in data.items() if k not in ("detail", "code", "errors")}
        response.data = {
            "detail": str(data.get("detail", exc.detail)),
            "code": getattr(exc.detail, "code", None) or exc.default_code,
            "errors": {},
            **extra,
        }
    return response
