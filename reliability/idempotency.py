"""Writes that may be retried take an idempotency key, so a retry returns the first result and writes nothing twice.

- The API: an `Idempotency-Key` header (up to 100 characters, e.g. a UUID) on the POST
  (`api_idempotent` on the view method).
- The pages: a hidden form field `idempotency_key` (`{% idempotency_field %}` from `idempotency` template tags),
  new each time the form is shown (`page_idempotent` on the view).

The key is claimed, the write made and its answer stored in one transaction: a request that fails stores nothing
(a retry runs again), one that succeeded is answered again from the stored answer (API: same status, body and
`Location`, plus `Idempotent-Replayed: true`; pages: the same redirect). Two requests with the same key at once:
the second waits for the first and then gets its answer. The same key sent with another request (another path or
content) is refused (422). Keys belong to their user. Without a key a request runs as before.
"""

import datetime as dt
import functools
import hashlib
import json

from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.response import Response

from sangaku.errors import DomainError, invalid

from .models import IdempotentRequest

HEADER = "Idempotency-Key"
FORM_FIELD = "idempotency_key"
KEY_MAX = 100


class KeyReused(DomainError):
    status_code = 422
    default_code = "idempotency_key_reused"


def _key(value: str, field: str) -> str:
    value = value.strip()
    if len(value) > KEY_MAX:
        raise invalid({field: _("%(max)s 文字以内で指定してください。") % {"max": KEY_MAX}})
    return value


def _fingerprint(method: str, path: str, content) -> str:
    text = json.dumps([method, path, content], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _api_content(request):
    data = request.data
    if hasattr(data, "lists"):  # form or multipart: every value, files by name and size
        content = {k: list(vs) for k, vs in data.lists() if k not in request.FILES}
        content["files"] = sorted((k, f.name, f.size) for k, fs in request.FILES.lists() for f in fs)
        return content
    return data


def _claim(user, key: str, fingerprint: str, field: str) -> tuple[IdempotentRequest | None, IdempotentRequest | None]:
    """(our new row for this key, None), or (None, the row of the request that used the key first)."""
    try:
        with transaction.atomic():
            return IdempotentRequest.objects.create(user=user, key=key, fingerprint=fingerprint), None
    except IntegrityError:  # used before (or just now: the insert waited for that request to commit)
        pass
    first = IdempotentRequest.objects.get(user=user, key=key)
    if first.fingerprint != fingerprint:
        raise KeyReused(_("この冪等キーは別の操作で使われています。新しいキーで送り直してください。"), field=field)
    return None, first


def api_idempotent(method=None, *, always_atomic: bool = True):
    """A DRF view method whose POST may carry `Idempotency-Key` (see the module docstring).

    The view runs in one transaction with or without a key, so a request that fails (500, 503) leaves nothing
    written; `always_atomic=False` keeps a request without a key out of it (a report request in the embedded
    profile builds the report when its row commits, within the request).
    """
    if method is None:
        return functools.partial(api_idempotent, always_atomic=always_atomic)

    @functools.wraps(method)
    def wrapper(view, request, *args, **kwargs):
        key = _key(request.headers.get(HEADER, ""), HEADER)
        if not key:
            if not always_atomic:
                return method(view, request, *args, **kwargs)
            with transaction.atomic():
                return method(view, request, *args, **kwargs)
        fingerprint = _fingerprint(request.method, request.path, _api_content(request))
        with transaction.atomic():
            claim, first = _claim(request.user, key, fingerprint, HEADER)
            if claim is None:
                headers = {"Idempotent-Replayed": "true"}
                if first.location:
                    headers["Location"] = first.location
                return Response(first.body, status=first.status_code, headers=headers)
            response = method(view, request, *args, **kwargs)
            if 200 <= response.status_code < 300:
                claim.status_code = response.status_code
                claim.body = response.data
                claim.location = response.get("Location", "")
                claim.save(update_fields=["status_code", "body", "location"])
            else:
                claim.delete()  # a refusal answered without raising: nothing was written, the key stays free
        return response

    return wrapper


def page_idempotent(view):
    """A page view whose POST form carries `idempotency_key`: a repeated POST gets the first redirect again.

    The POST runs in one transaction with or without a key (a request that fails leaves nothing written)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        key = _key(request.POST.get(FORM_FIELD, ""), FORM_FIELD)
        if not key:
            with transaction.atomic():
                return view(request, *args, **kwargs)
        fingerprint = _fingerprint("POST", request.path, None)  # the form's content may differ on a resubmit
        with transaction.atomic():
            claim, first = _claim(request.user, key, fingerprint, FORM_FIELD)
            if claim is None:
                return HttpResponseRedirect(first.location or request.path)
            response = view(request, *args, **kwargs)
            if response.status_code in (301, 302, 303):
                claim.status_code = response.status_code
                claim.location = response["Location"]
                claim.save(update_fields=["status_code", "location"])
            else:
                claim.delete()  # the form came back with its errors: nothing was written
        return response

    return wrapper


KEEP_DAYS = 7  # a retry comes within minutes; a week covers a client that retries after a long outage


def forget_old_keys(*, now=None) -> int:
    """Forget the keys (and stored answers) older than KEEP_DAYS (beat, nightly); returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=KEEP_DAYS)
    deleted, _by_model = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
