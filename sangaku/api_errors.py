"""JSON errors with a human message in the user's language.

Every API error body has `detail` (a sentence for a person) and, for validation
failures, `errors` mapping each field to its messages.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        data = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {
            "detail": _("入力内容に誤りがあります。各項目のメッセージを確認してください。"),
            "errors": data,
        }
    elif isinstance(exc, (Http404, exceptions.NotFound)):
        response.data = {"detail": _("見つかりません。")}
    elif isinstance(exc, (DjangoPermissionDenied,)):
        response.data = {"detail": _("この操作を行う権限がありません。")}
    elif isinstance(response.data, dict) and "detail" in response.data:
        response.data = {
            "detail": str(response.data["detail"]),
            **{k: v for k, v in response.data.items() if k != "detail"},
        }
    return response


def conflict(message: str, code: str = "conflict") -> Response:
    return Response({"detail": message, "code": code}, status=status.HTTP_409_CONFLICT)
