"""Reminder sweeps (periodic tasks): reviews, drafts before a call closes, progress reports.

Each rule has windows in days (settings.REMINDER_RULES). An item gets the
reminder of the band it is in today (Asia/Tokyo calendar days): e.g. with overdue
windows 1, 7, 14 a review 3 days late is in band "+1", 9 days late in "+7". So a
sweep that did not run for a while sends only the latest reminder, never a burst.

Items are read in keyset batches with one query per batch, rendered in Python and
written with one INSERT … ON CONFLICT DO NOTHING per batch on the unique dedup key
(rule, object, window, recipient). A rerun, a retried task, a crash half-way or two
sweeps at the same time therefore create each reminder exactly once; the outbox then
e-mails it at least once (notifications.services), with a Message-ID that is the
same on every retry.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from applications.models import Application, Status
from awards.models import AwardStatus, ProgressReport, ReportKind, ReportStatus
from programs.fiscal import JST
from reviews.models import Assignment, AssignmentStatus, ReviewStatus

from .reminder_bands import (
    Draft,
    OfficerDirectory,
    SweepResult,
    batches,
    due_in_bands,
    flush,
    overdue_bands,
    person_name,
    tokyo_today,
)

REVIEWABLE_APPLICATION_STATES = (Status.SCREENING, Status.IN_REVIEW, Status.INTERVIEW, Status.INFO_REQUESTED)
OPEN_ASSIGNMENT_STATES = (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED)
REPORT_KIND_LABELS = {
    "ja": {k.value: str(k.label) for k in ReportKind},
    "en": {
        "annual": "annual report",
        "financial": "financial report",
        "interim": "interim report",
        "final": "final report",
    },
}


def sweep_reviews(*, now: dt.datetime | None = None, batch_size: int | None = None) -> SweepResult:
    """Reviewers whose review is due in N days or overdue; officers in scope copied from the escalation window."""
    now = now or timezone.now()
    today = tokyo_today(now)
    batch_size = batch_size or settings.REMINDER_BATCH_SIZE
    rule = settings.REMINDER_RULES["review"]
    result = SweepResult("review")
    officers = OfficerDirectory()
    base = Assignment.objects.filter(
        status__in=OPEN_ASSIGNMENT_STATES, application__status__in=REVIEWABLE_APPLICATION_STATES
    ).exclude(review__status=ReviewStatus.SUBMITTED)
    fields = [
        "due_at",
        "reviewer_id",
        "reviewer__preferred_language",
        "reviewer__display_name",
        "reviewer__username",
        "application_id",
        "application__receipt_number",
        "application__title",
        "application__call__platform_id",
        "application__call__stage__program_id",
    ]
    bands = due_in_bands(rule["due_in_days"], now=now, as_dates=False) + overdue_bands(
        rule["overdue_days"], now=now, escalate_from=rule.get("escalate_from_overdue_days"), as_dates=False
    )
    for band in bands:
        overdue = band.overdue
        qs = base.filter(band.q("due_at"))
        for rows in batches(qs, fields, batch_size):
            if band.escalate:
                officers.prefetch(
                    {(r["application__call__platform_id"], r["application__call__stage__program_id"]) for r in rows}
                )
            items = []
            for r in rows:
                due_day = r["due_at"].astimezone(JST).date()
                application = r["application__receipt_number"] or r["application__title"] or f"#{r['id']}"
                context = {
                    "name": person_name(r, "reviewer__"),
                    "application": application,
                    "due": due_day.isoformat(),
                    "days": str((today - due_day).days if overdue else (due_day - today).days),
                    "link": "/review/",
                }
                kind = "review_overdue" if overdue else "review_due_soon"
                key = f"review:{band.name}:assignment{r['id']}:{due_day.isoformat()}:user{r['reviewer_id']}"
                items.append(Draft(r["reviewer_id"], kind, r["reviewer__preferred_language"], context, key, "/review/"))
                if band.escalate:
                    for officer in officers.officers(
                        r["application__call__platform_id"], r["application__call__stage__program_id"]
                    ):
                        officer_context = {
                            **context,
                            "name": officer["name"],
                            "reviewer": context["name"],
                            "link": f"/applications/{r['application_id']}/",
                        }
                        key = f"review:{band.name}:assignment{r['id']}:{due_day.isoformat()}:user{officer['id']}"
                        items.append(
                            Draft(
                                officer["id"],
                                "review_overdue_officer",
                                officer["language"],
                                officer_context,
                                key,
                                officer_context["link"],
                            )
                        )
            flush(result, band, items)
    return result


def sweep_drafts(*, now: dt.datetime | None = None, batch_size: int | None = None) -> SweepResult:
    """Applicants with an unsubmitted draft when its call closes in N days."""
    now = now or timezone.now()
    today = tokyo_today(now)
    batch_size = batch_size or settings.REMINDER_BATCH_SIZE
    result = SweepResult("draft")
    base = Application.objects.filter(status=Status.DRAFT, call__published=True)
    fields = [
        "applicant_id",
        "applicant__preferred_language",
        "applicant__display_name",
        "applicant__username",
        "title",
        "call__title",
        "call__title_en",
        "call__closes_at",
    ]
    for band in due_in_bands(settings.REMINDER_RULES["draft"]["closes_in_days"], now=now, as_dates=False):
        qs = base.filter(band.q("call__closes_at"))
        for rows in batches(qs, fields, batch_size):
            items = []
            for r in rows:
                closes = r["call__closes_at"].astimezone(JST)
                language = r["applicant__preferred_language"]
                context = {
                    "name": person_name(r, "applicant__"),
                    "application": r["title"] or f"#{r['id']}",
                    "call": (r["call__title_en"] if language == "en" else "") or r["call__title"],
                    "closes": closes.strftime("%Y-%m-%d %H:%M"),
                    "days": str((closes.date() - today).days),
                    "link": f"/applications/{r['id']}/",
                }
                key = f"draft:{band.name}:application{r['id']}:{closes.date().isoformat()}:user{r['applicant_id']}"
                items.append(Draft(r["applicant_id"], "draft_call_closing", language, context, key, context["link"]))
            flush(result, band, items)
    return result


def sweep_progress_reports(*, now: dt.datetime | None = None, batch_size: int | None = None) -> SweepResult:
    """Award holders with a pending report due in N days or overdue; the responsible officer copied on escalation."""
    now = now or timezone.now()
    today = tokyo_today(now)
    batch_size = batch_size or settings.REMINDER_BATCH_SIZE
    rule = settings.REMINDER_RULES["progress_report"]
    result = SweepResult("progress_report")
    officers = OfficerDirectory()
    base = ProgressReport.objects.filter(
        status=ReportStatus.PENDING, award__status__in=(AwardStatus.ACTIVE, AwardStatus.COMPLETED)
    )
    fields = [
        "due_on",
        "kind",
        "award_id",
        "award__award_number",
        "award__holder_id",
        "award__holder__preferred_language",
        "award__holder__display_name",
        "award__holder__username",
        "award__responsible_officer_id",
        "award__responsible_officer__preferred_language",
        "award__responsible_officer__display_name",
        "award__responsible_officer__username",
        "award__application__call__platform_id",
        "award__application__call__stage__program_id",
    ]
    bands = due_in_bands(rule["due_in_days"], now=now, as_dates=True) + overdue_bands(
        rule["overdue_days"], now=now, escalate_from=rule.get("escalate_from_overdue_days"), as_dates=True
    )
    for band in bands:
        overdue = band.overdue
        qs = base.filter(band.q("due_on"))
        for rows in batches(qs, fields, batch_size):
            if band.escalate:
                officers.prefetch(
                    {
                        (r["award__application__call__platform_id"], r["award__application__call__stage__program_id"])
                        for r in rows
                        if r["award__responsible_officer_id"] is None
                    }
                )
            items = []
            for r in rows:
                language = r["award__holder__preferred_language"]
                context = {
                    "name": person_name(r, "award__holder__"),
                    "award": r["award__award_number"],
                    "report_kind": REPORT_KIND_LABELS.get(language, REPORT_KIND_LABELS["ja"]).get(r["kind"], r["kind"]),
                    "due": r["due_on"].isoformat(),
                    "days": str((today - r["due_on"]).days if overdue else (r["due_on"] - today).days),
                    "link": f"/awards/reports/{r['id']}/",
                }
                kind = "report_overdue" if overdue else "report_due_soon"
                stem = f"report:{band.name}:report{r['id']}:{r['due_on'].isoformat()}"
                holder_key = f"{stem}:user{r['award__holder_id']}"
                items.append(Draft(r["award__holder_id"], kind, language, context, holder_key, context["link"]))
                if not band.escalate:
                    continue
                if r["award__responsible_officer_id"]:
                    recipients = [
                        {
                            "id": r["award__responsible_officer_id"],
                            "language": r["award__responsible_officer__preferred_language"],
                            "name": person_name(r, "award__responsible_officer__"),
                        }
                    ]
                else:  # no named officer: the officers in scope of the call
                    recipients = officers.officers(
                        r["award__application__call__platform_id"], r["award__application__call__stage__program_id"]
                    )
                for officer in recipients:
                    officer_context = {
                        **context,
                        "name": officer["name"],
                        "holder": context["name"],
                        "report_kind": REPORT_KIND_LABELS.get(officer["language"], REPORT_KIND_LABELS["ja"]).get(
                            r["kind"], r["kind"]
                        ),
                    }
                    items.append(
                        Draft(
                            officer["id"],
                            "report_overdue_officer",
                            officer["language"],
                            officer_context,
                            f"{stem}:user{officer['id']}",
                            context["link"],
                        )
                    )
            flush(result, band, items)
    return result
