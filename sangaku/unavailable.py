"""A lost database connection answers 503 in the user's language, never 500: pages and API alike.

PostgreSQL going away (a restart, a failover, a backend terminated, the network) surfaces as Django's
`OperationalError` or `InterfaceError`. Nothing a person did caused it and trying again shortly will
work (Django opens a new connection on the next request), so the answer says exactly that:

- the API: `{"detail", "code": "database_unavailable", "errors": {}}` with `Retry-After` (sangaku.api_errors);
- the pages: a short page that needs no database (it is rendered without the request's context
  processors, which would query again).

Two places catch it: `DatabaseUnavailableMiddleware.process_exception` for what a view raised (also with
DEBUG on), and `server_error` (settings `handler500`) for what a middleware raised before the view ran
(e.g. loading the session or the signed-in user). Whatever the view had written is rolled back by its
transaction, so a retry starts from the stored state.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

RETRY_AFTER_SECONDS = 5
DATABASE_FAULTS = (OperationalError, InterfaceError)


def database_unavailable_message() -> str:
    return _("データベースに一時的に接続できません。しばらくしてからもう一度お試しください。")


def is_database_fault(exc: BaseException | None) -> bool:
    return isinstance(exc, DATABASE_FAULTS)


def database_unavailable_body() -> dict:
    return {"detail": database_unavailable_message(), "code": "database_unavailable", "errors": {}}


def database_unavailable_response(request) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse(database_unavailable_body(), status=503, json_dumps_params={"ensure_ascii": False})
    else:
        page = render_to_string("errors/unavailable.html", {"message": database_unavailable_message()})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """A view lost its database connection: 503 in the user's language (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if is_database_fault(exc):
            return database_unavailable_response(request)
        return None


def server_error(request, *args, **kwargs):
    """settings handler500: a database fault raised outside any view is a 503 too; anything else Django's 500."""
    if is_database_fault(sys.exception()):
        return database_unavailable_response(request)
    return defaults.server_error(request, *args, **kwargs)
