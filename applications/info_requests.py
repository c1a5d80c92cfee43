"""追加資料・回答依頼 (request for information): the officer asks, the applicant answers, the review resumes.

Two rows of the application workflow carry it (`applications/workflow.py`): `request_info`
(screening / in review → 追加資料依頼中, note = the question, `due_at` checked by the
`info_request_due` guard) and `respond_info` (追加資料依頼中 → the state it was in, note = the
answer, optional files). The rows' apply hook writes the records below; the answer is a new
`InfoResponse`, never an edit of what was submitted.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from sangaku.errors import Problem, invalid

from .attachments import check_upload, store_checked
from .models import InfoRequest, InfoResponse, InfoResponseFile

MAX_DUE_DAYS = 60  # a due date at most this many days ahead
MAX_FILES = 5  # files per answer


def open_request(application) -> InfoRequest | None:
    return InfoRequest.objects.filter(application=application, answered_at__isnull=True).order_by("-id").first()


# --- Guards (registered in applications/guards.py) --------------------------------------------------------------


def info_request_due(application, *, due_at=None, now=None, **_kwargs) -> list[Problem]:
    """The due date is given, in the future and at most MAX_DUE_DAYS ahead."""
    now = now or timezone.now()
    if due_at is None:
        return [Problem("due_at", _("回答期限を入力してください。"), "required")]
    if due_at <= now:
        return [Problem("due_at", _("回答期限は現在より後の日時にしてください。"), "past")]
    if due_at > now + dt.timedelta(days=MAX_DUE_DAYS):
        return [Problem("due_at", _("回答期限は %(days)s 日以内にしてください。") % {"days": MAX_DUE_DAYS}, "too_far")]
    return []


def info_request_open(application, **_kwargs) -> list[Problem]:
    if open_request(application) is None:
        return [Problem("non_field_errors", _("回答を待っている依頼がありません。"), "no_open_request")]
    return []


# --- The workflow's hooks ----------------------------------------------------------------------------------------


def previous_state(application, _transition) -> str | None:
    """Where `respond_info` leads: the state the application was in when asked."""
    request = open_request(application)
    return request.previous_status if request else None


def apply(application, transition, *, actor, note, now, from_state, due_at=None, files=(), **_params) -> None:
    if transition.action == "request_info":
        InfoRequest.objects.create(
            application=application, asked_by=actor, question=note, due_at=due_at, previous_status=from_state
        )
    elif transition.action == "respond_info":
        request = (
            InfoRequest.objects.select_for_update().filter(application=application, answered_at__isnull=True).get()
        )
        request.answered_at = now
        request.save(update_fields=["answered_at"])
        response = InfoResponse.objects.create(request=request, author=actor, body=note)
        for name, checked in files:
            _store(response, name, checked)


def _store(response, name, checked) -> None:
    store_checked(InfoResponseFile, name, checked, response=response)


def check_files(uploads) -> list[tuple[str, object]]:
    """Check each uploaded file (real type, size) before anything is written; returns (name, checked) pairs."""
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) > MAX_FILES:
        raise invalid({"attachments": [_("添付できるファイルは %(n)s 個までです。") % {"n": MAX_FILES}]})
    return [(getattr(u, "name", ""), check_upload(u)) for u in uploads]
