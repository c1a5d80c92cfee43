"""The reminder before an interview (daily beat, `interviews.tasks`): the applicant and each panelist of an
interview whose slot starts within REMIND_BEFORE_HOURS are told once (`interview:<id>:slot:<slot>:remind:<user>`);
a re-offered slot is a new time and is reminded of on its own. A second sweep sends nothing."""

import datetime as dt

from django.utils import timezone

from notifications.services import notify

from .models import Interview, InterviewStatus
from .services import _slot_text

REMIND_BEFORE_HOURS = 48


def sweep_interview_reminders(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    upcoming = (
        Interview.objects.filter(
            status__in=(InterviewStatus.OFFERED, InterviewStatus.CONFIRMED),
            slot__starts_at__gt=now,
            slot__starts_at__lte=now + dt.timedelta(hours=REMIND_BEFORE_HOURS),
        )
        .select_related("application__applicant", "slot")
        .prefetch_related("panel__reviewer")
    )
    sent = 0
    for interview in upcoming:
        application = interview.application
        people = [(application.applicant, f"/applications/{application.pk}/")]
        people += [(m.reviewer, f"/interviews/{interview.pk}/score/") for m in interview.panel.all()]
        for person, link in people:
            made = notify(
                recipient=person,
                kind="interview_reminder",
                dedup_key=f"interview:{interview.pk}:slot:{interview.slot_id}:remind:{person.pk}",
                context={
                    "name": str(person),
                    "application": application.title,
                    "when": _slot_text(interview.slot),
                    "place": interview.slot.place,
                    "meeting_url": interview.slot.meeting_url,
                    "link": link,
                },
                link=link,
            )
            sent += int(made is not None)
    return sent
