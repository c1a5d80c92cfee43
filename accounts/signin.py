"""Sign-in bookkeeping beside django-axes.

Lockouts are keyed by account *and* address (settings.AXES_LOCKOUT_PARAMETERS), plus the address alone, and end by
themselves after the cool-off: strangers guessing an officer's password from their own addresses lock only
themselves, never the officer's sign-in from the officer's usual address.

- A successful sign-in forgets that person's own earlier wrong passwords, and nothing else. (axes'
  AXES_RESET_ON_SUCCESS would also forget every wrong password from the same address, so anyone with an
  account could clear the count of the account they are guessing by signing in to their own between guesses.)
- Setting a new password through the reset mail unlocks the account everywhere (`forget_failures_of`).
- The lockout page says when sign-in works again (`lockout_response`).
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.shortcuts import render


def forget_failures_of(username: str) -> None:
    """Forget every wrong password counted against this account, from any address."""
    AccessAttempt.objects.filter(username=username).delete()


def forget_own_failures(sender, request, user, **kwargs):
    forget_failures_of(user.get_username())


def _locked_until(request, credentials):
    """When the newest failure that counts for this request has aged past the cool-off (None: no cool-off)."""
    cool_off = get_cool_off(request)
    if not cool_off:
        return None
    handler = AxesProxyHandler.get_implementation()
    newest = [
        attempts.aggregate(newest=Max("attempt_time"))["newest"]
        for attempts in handler.get_user_attempts(request, credentials)
    ]
    newest = [at for at in newest if at is not None]
    return max(newest) + cool_off if newest else None


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (429, in the user's language): why, when sign-in works again, and the way out now."""
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "locked_until": _locked_until(request, credentials),
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
