"""The sweep that chases unanswered requests for information (daily beat, `conversations.tasks`).

- due within REMIND_BEFORE_DAYS: one reminder to the applicant (`info-request:<id>:due-soon`);
- past due: one escalation to the officer who asked, and the officers in scope
  (`info-request:<id>:overdue:<user>`).

Each is sent once whatever the number of sweeps (dedup keys in the outbox).
"""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from applications.models import InfoRequest, Status
from notifications.services import notify
from programs.fiscal import JST

from .selectors import officers_of

REMIND_BEFORE_DAYS = 2


def sweep_info_requests(*, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    waiting = InfoRequest.objects.filter(
        answered_at__isnull=True, application__status=Status.INFO_REQUESTED
    ).select_related("application__applicant", "application__call__stage__program", "asked_by")
    reminded = escalated = 0
    for request in waiting.filter(due_at__gt=now, due_at__lte=now + dt.timedelta(days=REMIND_BEFORE_DAYS)):
        reminded += _send(request, request.application.applicant, "info_due_soon", "due-soon")
    for request in waiting.filter(due_at__lte=now):
        officers = {o.pk: o for o in officers_of(request.application)}
        if request.asked_by.is_active:
            officers[request.asked_by.pk] = request.asked_by
        for officer in officers.values():
            escalated += _send(request, officer, "info_overdue_officer", f"overdue:{officer.pk}")
    return {"reminded": reminded, "escalated": escalated}


def _send(request, person, kind: str, step: str) -> int:
    application = request.application
    link = reverse("applications:detail", args=[application.pk]) + "#timeline"
    made = notify(
        recipient=person,
        kind=kind,
        dedup_key=f"info-request:{request.pk}:{step}",
        context={
            "name": str(person),
            "application": str(application),
            "applicant": str(application.applicant),
            "question": request.question,
            "due": request.due_at.astimezone(JST).date().isoformat(),
            "link": link,
        },
        link=link,
    )
    return int(made is not None)
