"""Reminder sweep over 20,000 due review assignments (BENCH_REMINDER_ITEMS, e.g. 100,000): time and number of SQL queries.

Creates a PostgreSQL database (sangaku_bench_reminders), generates 90 % of the reviews due
in two days and 10 % a week overdue (escalated to the platform's officers), runs
`reporting.reminders.sweep_reviews` (render in the recipient's language, one
INSERT … ON CONFLICT per batch, e-mail claimed and sent after each batch commits —
to Django's dummy mail backend), then runs it again (everything already sent), and
drops the database. Targets: under 30 s; queries ≤ 6 per batch + 30 (they grow with
batches, not items); every reminder stored and e-mailed once; a rerun sends nothing.
Run with `make bench` or `python -m bench reminders`.
"""

import os
import time

# 20,000 by default keeps the run under two minutes on a 2-core machine; BENCH_REMINDER_ITEMS=100000 for the full size.
ITEMS = int(os.environ.get("BENCH_REMINDER_ITEMS", "20000"))
N_DUE_SOON = ITEMS * 9 // 10
N_OVERDUE = ITEMS - N_DUE_SOON
N_REVIEWERS = 1_000
TARGET_SECONDS = 30
QUERIES_PER_BATCH = 6
QUERIES_FIXED = 30


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


class _QueryCounter:
    """Counts every statement on the connection (CaptureQueriesContext stops at 9,000)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _counted(fn):
    from django.db import connection

    counter = _QueryCounter()
    with connection.execute_wrapper(counter):
        started, cpu = time.perf_counter(), time.process_time()
        result = fn()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return result, elapsed, cpu, counter.count


def _sweep(label: str, **kwargs):
    """The sweep alone (e-mails are queued, as for a worker), then the delivery of what it queued."""
    from notifications.models import Notification
    from notifications.tasks import deliver_pending_notifications
    from reporting.reminders import sweep_reviews
    from sangaku.celery import app

    app.conf.task_always_eager = False  # publish to the in-memory broker: the sweep is measured without delivery
    try:
        result, elapsed, cpu, queries = _counted(lambda: sweep_reviews(**kwargs))
    finally:
        app.conf.task_always_eager = True
    sent_now, deliver_elapsed, _cpu, deliver_queries = _counted(
        lambda: deliver_pending_notifications(older_than_seconds=0)
    )
    stored = Notification.objects.count()
    sent = Notification.objects.filter(sent_at__isnull=False).count()
    print(
        f"{label}: sweep {elapsed:.2f} s wall ({cpu:.2f} s CPU in this process), {queries} queries, "
        f"{result.batches} batches, {result.offered:,} reminders offered {result.by_window}, {result.created:,} new; "
        f"delivery {deliver_elapsed:.2f} s, {deliver_queries} queries, {sent_now:,} e-mailed; "
        f"{stored:,} notifications stored, {sent:,} e-mailed in all",
        flush=True,
    )
    return result, elapsed, queries, stored, sent


def inner() -> None:
    from django.conf import settings

    from notifications.models import Notification

    from . import _verdict
    from .report_db import prepare_schema

    prepare_schema()
    _generate()
    batch = settings.REMINDER_BATCH_SIZE
    total = N_DUE_SOON + N_OVERDUE
    first, elapsed, queries, stored, sent = _sweep(f"first sweep (batch size {batch})")
    _verdict.check(
        "first sweep time", ok=elapsed < TARGET_SECONDS, figure=f"{elapsed:.2f} s", target=f"< {TARGET_SECONDS} s"
    )
    # Queries grow with batches, not items: a fixed handful per batch plus set-up.
    allowed = QUERIES_PER_BATCH * first.batches + QUERIES_FIXED
    _verdict.check(
        "first sweep queries",
        ok=queries <= allowed,
        figure=f"{queries} queries for {first.batches} batches ({first.offered:,} reminders)",
        target=f"≤ {QUERIES_PER_BATCH} × batches + {QUERIES_FIXED} = {allowed}",
    )
    _verdict.check(
        "every due assignment reminded, each stored once and e-mailed",
        ok=first.created == first.offered == stored == sent and first.offered >= total,
        figure=f"{first.offered:,} offered, {first.created:,} new, {stored:,} stored, {sent:,} e-mailed",
        target=f"offered = new = stored = e-mailed ≥ {total:,}",
    )
    second, *_ = _sweep(f"second sweep, nothing new (batch size {batch})")
    _verdict.check(
        "second sweep sends nothing again", ok=second.created == 0, figure=f"{second.created:,} new", target="0 new"
    )
    Notification.objects.all().delete()
    third, *_ = _sweep("first sweep again with batch size 10000", batch_size=10_000)
    _verdict.check(
        "batch size does not change the result",
        ok=third.created == first.created,
        figure=f"{third.created:,} new with batch 10000",
        target=f"{first.created:,} (as with batch {batch})",
    )


def main() -> None:
    from .report_db import run_child

    run_child("bench.reminders", "sangaku_bench_reminders")


if __name__ == "__main__":
    main()
