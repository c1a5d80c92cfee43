"""Reminder rules walked through time: exactly which notifications exist after each day's sweep."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Status
from notifications.models import Notification
from programs.fiscal import JST, deadline_instant
from reporting.reminders import sweep_drafts, sweep_progress_reports, sweep_reviews
from tests.applications.factories import ApplicationFactory
from tests.awards.factories import AwardFactory, ProgressReportFactory
from tests.factories import CallFactory, OfficerFactory, UserFactory
from tests.reviews.factories import AssignmentFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=JST)


def sent() -> set[tuple[str, str, str]]:
    """(kind, recipient username, window) of every notification."""
    return {
        (n.kind, n.recipient.username, n.dedup_key.split(":")[1])
        for n in Notification.objects.select_related("recipient")
    }


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def sweep(fn, day: str, hour: int = 9):
        with time_machine.travel(at(day, hour), tick=False), django_capture_on_commit_callbacks(execute=True):
            return fn()

    return sweep


@pytest.fixture
def scope(catalog):
    ksac = catalog["platforms"]["KSAC"]
    gapfund = catalog["stages"]["STEP1"].program
    return {
        "call": CallFactory(
            stage=catalog["stages"]["STEP1"], platform=ksac, opens_at=at("2026-04-01"), closes_at=at("2026-05-31")
        ),
        "officer_pf": OfficerFactory(username="po-ksac", platforms=[ksac]),
        "officer_prog": OfficerFactory(username="po-gapfund", programs=[gapfund], preferred_language="en"),
        "officer_other": OfficerFactory(username="po-gtie", platforms=[catalog["platforms"]["GTIE"]]),
    }


def test_review_reminders_due_soon_then_overdue_with_escalation_from_the_second(scope, run):
    reviewer = UserFactory(username="rev-ja", role="reviewer")
    late = AssignmentFactory(
        reviewer=reviewer,
        application__call=scope["call"],
        application__status=Status.IN_REVIEW,
        due_at=at("2026-06-04", 17),
    )
    reviewed = AssignmentFactory(application=late.application, due_at=late.due_at)
    ReviewFactory(assignment=reviewed)  # submitted: never reminded
    AssignmentFactory(application=late.application, due_at=late.due_at, status="declined")  # declined: never

    expected: set = set()
    steps = {
        "2026-05-31": set(),  # 4 days before: nothing yet
        "2026-06-01": {("review_due_soon", "rev-ja", "due3")},
        "2026-06-04": set(),  # due today: the due-soon reminder is not repeated
        "2026-06-05": {("review_overdue", "rev-ja", "overdue1")},
        "2026-06-10": set(),
        "2026-06-11": {
            ("review_overdue", "rev-ja", "overdue7"),
            ("review_overdue_officer", "po-ksac", "overdue7"),
            (
                "review_overdue_officer",
                "officer-ksac",
                "overdue7",
            ),  # the demo catalog's KSAC officer  # officer of the call's platform
            ("review_overdue_officer", "po-gapfund", "overdue7"),  # officer of the call's program
        },
        "2026-06-17": set(),
        "2026-06-18": {
            ("review_overdue", "rev-ja", "overdue14"),
            ("review_overdue_officer", "po-ksac", "overdue14"),
            ("review_overdue_officer", "officer-ksac", "overdue14"),  # the demo catalog's KSAC officer
            ("review_overdue_officer", "po-gapfund", "overdue14"),
        },
        "2026-06-30": set(),
    }
    for day, new in steps.items():
        run(sweep_reviews, day)
        run(sweep_reviews, day, hour=15)  # a second beat, a retry: nothing more
        expected |= new
        assert sent() == expected, f"after the sweep of {day}"
    assert len(mail.outbox) == len(expected), "each notification is e-mailed exactly once"
    officer_mail = Notification.objects.get(recipient=scope["officer_prog"], dedup_key__contains="overdue7")
    assert officer_mail.subject.startswith("[Review overdue, escalated]"), "English for an English-speaking officer"
    assert "7" in officer_mail.subject and str(reviewer) in officer_mail.body
    assert Notification.objects.get(recipient=reviewer, dedup_key__contains="due3").subject.startswith("【審査期限")


def test_a_late_first_sweep_sends_only_the_current_window(scope, run):
    AssignmentFactory(
        reviewer=UserFactory(username="rev-late", role="reviewer"),
        application__call=scope["call"],
        due_at=at("2026-06-04", 17),
    )
    run(sweep_reviews, "2026-06-13")  # 9 days overdue, first sweep ever
    assert {(k, u, w) for k, u, w in sent() if u == "rev-late"} == {("review_overdue", "rev-late", "overdue7")}


def test_draft_reminders_three_days_and_one_day_before_the_call_closes(scope, run):
    call = CallFactory(
        stage=scope["call"].stage,
        platform=scope["call"].platform,
        opens_at=at("2026-06-01"),
        closes_at=deadline_instant(dt.date(2026, 6, 10)),
    )
    ApplicationFactory(
        call=call, status=Status.DRAFT, applicant=UserFactory(username="drafter", preferred_language="en")
    )
    finishing = ApplicationFactory(call=call, status=Status.DRAFT, applicant=UserFactory(username="finisher"))
    ApplicationFactory(call=call, status=Status.SUBMITTED, applicant=UserFactory(username="early"))

    expected: set = set()
    steps = {
        "2026-06-06": set(),  # 4 days before
        "2026-06-07": {("draft_call_closing", "drafter", "due3"), ("draft_call_closing", "finisher", "due3")},
        "2026-06-08": set(),
        "2026-06-09": {("draft_call_closing", "drafter", "due1")},  # finisher submitted on the 8th
        "2026-06-10": set(),
        "2026-06-11": set(),  # closed
    }
    for day, new in steps.items():
        if day == "2026-06-09":
            finishing.status = Status.SUBMITTED
            finishing.save()
        run(sweep_drafts, day)
        run(sweep_drafts, day)
        expected |= new
        assert sent() == expected, f"after the sweep of {day}"
    english = Notification.objects.get(recipient__username="drafter", dedup_key__contains="due1")
    assert english.subject.startswith("[Call closing]") and "closes in 1 day:" in english.subject


def test_progress_report_reminders_with_escalation_to_the_responsible_officer(scope, run):
    named = UserFactory(username="po-named", role="officer")
    award = AwardFactory(
        application__call=scope["call"],
        application__applicant=UserFactory(username="holder"),
        responsible_officer=named,
    )
    ProgressReportFactory(award=award, due_on=dt.date(2026, 7, 15))
    unnamed = AwardFactory(application__call=scope["call"], application__applicant=UserFactory(username="holder2"))
    ProgressReportFactory(award=unnamed, due_on=dt.date(2026, 7, 15))
    done = AwardFactory(application__call=scope["call"], application__applicant=UserFactory(username="holder3"))
    ProgressReportFactory(award=done, due_on=dt.date(2026, 7, 15), status="submitted")

    expected: set = set()
    steps = {
        "2026-06-30": set(),  # 15 days before
        "2026-07-01": {("report_due_soon", "holder", "due14"), ("report_due_soon", "holder2", "due14")},
        "2026-07-15": set(),
        "2026-07-16": {("report_overdue", "holder", "overdue1"), ("report_overdue", "holder2", "overdue1")},
        "2026-07-28": set(),
        "2026-07-29": {
            ("report_overdue", "holder", "overdue14"),
            ("report_overdue_officer", "po-named", "overdue14"),  # the award's responsible officer
            ("report_overdue", "holder2", "overdue14"),
            ("report_overdue_officer", "po-ksac", "overdue14"),  # no named officer: officers in scope
            ("report_overdue_officer", "officer-ksac", "overdue14"),
            ("report_overdue_officer", "po-gapfund", "overdue14"),
        },
        "2026-08-20": set(),
    }
    for day, new in steps.items():
        run(sweep_progress_reports, day)
        run(sweep_progress_reports, day)
        expected |= new
        assert sent() == expected, f"after the sweep of {day}"
    assert len(mail.outbox) == len(expected)


def test_sweep_queries_grow_with_batches_not_items(scope, run):
    def make(n):
        AssignmentFactory.create_batch(n, application__call=scope["call"], due_at=at("2026-06-03", 17))

    def count_queries(batch_size):
        Notification.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            result = run(lambda: sweep_reviews(batch_size=batch_size), "2026-06-01")
        return len(queries), result

    make(6)
    few, result = count_queries(batch_size=10)
    assert result.offered == 6
    make(3)
    same_batches, result = count_queries(batch_size=10)
    assert result.offered == 9
    assert same_batches == few, "more items in the same number of batches: same number of queries"
    more_batches, result = count_queries(batch_size=5)
    assert more_batches > few and result.batches == 2
