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
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Role, User
from applications.models import Application, Status
from awards.models import AwardStatus, ProgressReport, ReportKind, ReportStatus
from notifications.services import Pending, existing_dedup_keys, notification_render, notify_bulk
from programs.fiscal import JST, deadline_instant, start_instant
from reviews.models import Assignment, AssignmentStatus, ReviewStatus

REVIEWABLE_APPLICATION_STATES = (Status.SCREENING, Status.IN_REVIEW, Status.INTERVIEW)
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


@dataclass
class SweepResult:
    rule: str
    batches: int = 0
    offered: int = 0
    created: int = 0
    by_window: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "batches": self.batches,
            "offered": self.offered,
            "created": self.created,
            "by_window": self.by_window,
        }


@dataclass(frozen=True)
class Band:
    """One window of a rule: items whose due instant/date lies between `lower` and `upper`."""

    name: str
    days: int
    lower: dt.datetime | dt.date | None
    upper: dt.datetime | dt.date
    lower_op: str = "gte"
    upper_op: str = "lt"
    escalate: bool = False

    @property
    def overdue(self) -> bool:
        return self.name.startswith("overdue")

    def q(self, path: str) -> Q:
        q = Q(**{f"{path}__{self.upper_op}": self.upper})
        if self.lower is not None:
            q &= Q(**{f"{path}__{self.lower_op}": self.lower})
        return q


def _name(values: dict, prefix: str) -> str:
    return values[f"{prefix}display_name"] or values[f"{prefix}username"]


def _today(now: dt.datetime) -> dt.date:
    return now.astimezone(JST).date()


def _due_in_bands(windows: list[int], *, now: dt.datetime, as_dates: bool) -> list[Band]:
    """'Due in N days' bands: due within the next N calendar days, but not within the next smaller window."""
    today = _today(now)
    bands = []
    ordered = sorted(windows, reverse=True)
    for i, days in enumerate(ordered):
        smaller = ordered[i + 1] if i + 1 < len(ordered) else None
        if as_dates:  # today + smaller < due_on <= today + days
            lower = today + dt.timedelta(days=smaller + 1) if smaller is not None else today
            bands.append(Band(f"due{days}", days, lower, today + dt.timedelta(days=days + 1)))
        else:  # end of (today + smaller) < due_at <= end of (today + days); never before now
            lower = deadline_instant(today + dt.timedelta(days=smaller)) if smaller is not None else now
            upper = deadline_instant(today + dt.timedelta(days=days))
            bands.append(Band(f"due{days}", days, lower, upper, lower_op="gt", upper_op="lte"))
    return bands


def _overdue_bands(windows: list[int], *, now: dt.datetime, escalate_from: int | None, as_dates: bool) -> list[Band]:
    """'Overdue by N days' bands: due date at least N and fewer than the next window's days ago."""
    today = _today(now)
    bands = []
    ordered = sorted(windows)
    for i, days in enumerate(ordered):
        larger = ordered[i + 1] if i + 1 < len(ordered) else None
        # due date <= today - days  <=>  due date < today - days + 1
        upper: dt.date | dt.datetime = today - dt.timedelta(days=days - 1)
        lower: dt.date | dt.datetime | None = today - dt.timedelta(days=larger - 1) if larger is not None else None
        if not as_dates:
            upper = start_instant(upper)
            lower = start_instant(lower) if lower is not None else None
        escalate = escalate_from is not None and days >= escalate_from
        bands.append(Band(f"overdue{days}", days, lower, upper, escalate=escalate))
    return bands


def _batches(qs: QuerySet, fields: list[str], batch_size: int) -> Iterator[list[dict]]:
    """Keyset pagination on the primary key: one query per batch, stable under concurrent inserts."""
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last).order_by("pk").values("id", *fields)[:batch_size])
        if not rows:
            return
        yield rows
        last = rows[-1]["id"]
        if len(rows) < batch_size:
            return


class OfficerDirectory:
    """Officers in scope of platforms / programs, loaded once per id for the whole sweep."""

    _fields = ("user_id", "user__preferred_language", "user__display_name", "user__username")

    def __init__(self):
        self._by_platform: dict[int, list[dict]] = {}
        self._by_program: dict[int, list[dict]] = {}

    def _load(self, cache: dict, through, column: str, ids: set[int]) -> None:
        missing = {i for i in ids if i is not None and i not in cache}
        if not missing:
            return
        for i in missing:
            cache[i] = []
        rows = through.objects.filter(
            **{f"{column}__in": missing}, user__role=Role.OFFICER, user__is_active=True
        ).values(column, *self._fields)
        for row in rows:
            cache[row[column]].append(
                {
                    "id": row["user_id"],
                    "language": row["user__preferred_language"],
                    "name": row["user__display_name"] or row["user__username"],
                }
            )

    def prefetch(self, pairs: set[tuple[int | None, int]]) -> None:
        self._load(self._by_platform, User.officer_platforms.through, "platform_id", {p for p, _ in pairs})
        self._load(self._by_program, User.officer_programs.through, "program_id", {g for _, g in pairs})

    def officers(self, platform_id: int | None, program_id: int) -> list[dict]:
        seen, result = set(), []
        for officer in self._by_platform.get(platform_id, []) + self._by_program.get(program_id, []):
            if officer["id"] not in seen:
                seen.add(officer["id"])
                result.append(officer)
        return result


@dataclass(frozen=True)
class Draft:
    """A reminder before rendering: rendered only if its dedup key is still unused."""

    recipient_id: int
    kind: str
    language: str
    context: dict
    key: str
    link: str


def _flush(result: SweepResult, band: Band, drafts: list[Draft]) -> None:
    """Render the drafts not yet sent and insert them in one statement (ON CONFLICT DO NOTHING)."""
    used = existing_dedup_keys([d.key for d in drafts]) if drafts else set()
    items = [
        Pending(d.recipient_id, d.kind, *notification_render(kind=d.kind, language=d.language, context=d.context),
                d.key, d.link)
        for d in drafts
        if d.key not in used
    ]  # fmt: skip
    with transaction.atomic():
        created = notify_bulk(items=items)
    result.batches += 1
    result.offered += len(drafts)
    result.created += len(created)
    result.by_window[band.name] = result.by_window.get(band.name, 0) + len(drafts)


def sweep_reviews(*, now: dt.datetime | None = None, batch_size: int | None = None) -> SweepResult:
    """Reviewers whose review is due in N days or overdue; officers in scope copied from the escalation window."""
    now = now or timezone.now()
    today = _today(now)
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
    bands = _due_in_bands(rule["due_in_days"], now=now, as_dates=False) + _overdue_bands(
        rule["overdue_days"], now=now, escalate_from=rule.get("escalate_from_overdue_days"), as_dates=False
    )
    for band in bands:
        overdue = band.overdue
        qs = base.filter(band.q("due_at"))
        for rows in _batches(qs, fields, batch_size):
            if band.escalate:
                officers.prefetch(
                    {(r["application__call__platform_id"], r["application__call__stage__program_id"]) for r in rows}
                )
            items = []
            for r in rows:
                due_day = r["due_at"].astimezone(JST).date()
                application = r["application__receipt_number"] or r["application__title"] or f"#{r['id']}"
                context = {
                    "name": _name(r, "reviewer__"),
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
            _flush(result, band, items)
    return result


def sweep_drafts(*, now: dt.datetime | None = None, batch_size: int | None = None) -> SweepResult:
    """Applicants with an unsubmitted draft when its call closes in N days."""
    now = now or timezone.now()
    today = _today(now)
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
    for band in _due_in_bands(settings.REMINDER_RULES["draft"]["closes_in_days"], now=now, as_dates=False):
        qs = base.filter(band.q("call__closes_at"))
        for rows in _batches(qs, fields, batch_size):
            items = []
            for r in rows:
                closes = r["call__closes_at"].astimezone(JST)
                language = r["applicant__preferred_language"]
                context = {
                    "name": _name(r, "applicant__"),
                    "application": r["title"] or f"#{r['id']}",
                    "call": (r["call__title_en"] if language == "en" else "") or r["call__title"],
                    "closes": closes.strftime("%Y-%m-%d %H:%M"),
                    "days": str((closes.date() - today).days),
                    "link": f"/applications/{r['id']}/",
                }
                key = f"draft:{band.name}:application{r['id']}:{closes.date().isoformat()}:user{r['applicant_id']}"
                items.append(Draft(r["applicant_id"], "draft_call_closing", language, context, key, context["link"]))
            _flush(result, band, items)
    return result


def sweep_progress_reports(*, now: dt.datetime | None = None, batch_size: int | None = None) -> SweepResult:
    """Award holders with a pending report due in N days or overdue; the responsible officer copied on escalation."""
    now = now or timezone.now()
    today = _today(now)
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
    bands = _due_in_bands(rule["due_in_days"], now=now, as_dates=True) + _overdue_bands(
        rule["overdue_days"], now=now, escalate_from=rule.get("escalate_from_overdue_days"), as_dates=True
    )
    for band in bands:
        overdue = band.overdue
        qs = base.filter(band.q("due_on"))
        for rows in _batches(qs, fields, batch_size):
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
                    "name": _name(r, "award__holder__"),
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
                            "name": _name(r, "award__responsible_officer__"),
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
            _flush(result, band, items)
    return result
