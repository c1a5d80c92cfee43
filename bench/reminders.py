"""Reminder sweep over 100,000 due review assignments: time and number of SQL queries.

Creates a PostgreSQL database (sangaku_bench_reminders), generates 90,000 reviews due
in two days and 10,000 a week overdue (escalated to the platform's officers), runs
`reporting.reminders.sweep_reviews` (render in the recipient's language, one
INSERT … ON CONFLICT per batch, e-mail claimed and sent after each batch commits —
to Django's dummy mail backend), then runs it again (everything already sent), and
drops the database. Target: under 30 s; queries grow with batches, not items.
Run with `make bench` or `python -m bench reminders`.
"""

import time

N_DUE_SOON = 90_000
N_OVERDUE = 10_000
N_REVIEWERS = 1_000


def _generate() -> None:
    from accounts.models import Role
    from applications.models import Application
    from programs.models import Call, Institution
    from reviews.models import Assignment

    from .report_db import analyze, clone, make_users

    started = time.perf_counter()
    call = Call.objects.get(code="GF-KSAC-2024-S1")
    first_applicant, _ = make_users(count=1_000, role=Role.APPLICANT, prefix="bench-applicant")
    first_reviewer, _ = make_users(count=N_REVIEWERS, role=Role.REVIEWER, prefix="bench-reviewer")
    template_app = Application.objects.create(
        call=call, applicant_id=first_applicant, institution=Institution.objects.first(), status="in_review",
        receipt_number="T-0", title="ベンチマーク課題",
    )  # fmt: skip
    template = Assignment.objects.create(
        reviewer_id=first_reviewer, application=template_app, status="withdrawn", due_at="2024-09-01T00:00:00+09:00"
    )
    total = N_DUE_SOON + N_OVERDUE
    clone(
        Application,
        template_app.pk,
        source=f"generate_series(1, {total}) g",
        overrides={"receipt_number": "'B-' || g", "applicant_id": f"{first_applicant} + (g %% 1000)"},
    )
    clone(
        Assignment,
        template.pk,
        source="applications_application a",
        where=f"a.id <> {template_app.pk}",
        overrides={
            "application_id": "a.id",
            "reviewer_id": f"{first_reviewer} + (a.id %% {N_REVIEWERS})",
            "status": "'accepted'",
            "due_at": f"CASE WHEN a.id %% {total} < {N_OVERDUE} THEN now() - interval '8 days' "
            "ELSE now() + interval '2 days' END",
        },
    )
    analyze()
    print(
        f"data: {Assignment.objects.filter(status='accepted').count():,} open review assignments "
        f"({time.perf_counter() - started:.1f} s to generate)",
        flush=True,
    )


def _sweep(label: str, **kwargs) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.models import Notification
    from reporting.reminders import sweep_reviews

    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        result = sweep_reviews(**kwargs)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    sent = Notification.objects.filter(sent_at__isnull=False).count()
    print(
        f"{label}: {elapsed:.2f} s wall ({cpu:.2f} s CPU in this process), {len(queries)} queries, "
        f"{result.batches} batches, {result.offered:,} reminders offered {result.by_window}, {result.created:,} new, "
        f"{Notification.objects.count():,} notifications stored, {sent:,} e-mailed",
        flush=True,
    )


def inner() -> None:
    from django.conf import settings

    from notifications.models import Notification

    from .report_db import prepare_schema

    prepare_schema()
    _generate()
    batch = settings.REMINDER_BATCH_SIZE
    _sweep(f"first sweep (batch size {batch})")
    _sweep(f"second sweep, nothing new (batch size {batch})")
    Notification.objects.all().delete()
    _sweep("first sweep again with batch size 10000", batch_size=10_000)


def main() -> None:
    from .report_db import run_child

    run_child("bench.reminders", "sangaku_bench_reminders")


if __name__ == "__main__":
    main()
