"""Platform report over 200,000 applications (BENCH_REPORT_APPLICATIONS, up to 1,000,000): the ORM build vs one hand-written SQL statement.

Creates a PostgreSQL database (sangaku_bench_report), fills it with INSERT … SELECT
generate_series (N applications in 9 states, their awards, review
assignments, reviews and progress reports over ~600 calls), then times
`reporting.aggregates.platform_report_rows` (the code the report build runs) against
the same aggregate written by hand as one SQL statement, checks both give the same
rows (a correctness check), compares the ratio with its target, and drops the
database. Target: ORM ≤ 1.5 × hand-written SQL; the child exits 1 on any miss.
Run with `make bench` or `python -m bench report`.
"""

import os
import statistics
import time

# 200,000 by default keeps the run under two minutes on a 2-core machine; BENCH_REPORT_APPLICATIONS=1000000 for the full size.
N_APPLICATIONS = int(os.environ.get("BENCH_REPORT_APPLICATIONS", "200000"))
N_APPLICANTS = 20_000
TARGET_RATIO = 1.5
N_REVIEWERS = 1_000
RUNS = 5

HAND_WRITTEN_SQL = """
WITH apps AS (
    SELECT c.platform_id, c.fiscal_year, s.program_id, c.stage_id, c.field, c.sub_field,
           COUNT(*) FILTER (WHERE a.status IN ('submitted','screening','in_review','interview','info_requested','accepted','rejected','ineligible')
                             OR (a.status = 'withdrawn' AND a.submitted_at IS NOT NULL)) AS received,
           COUNT(*) FILTER (WHERE a.status IN ('submitted','screening')) AS screening,
           COUNT(*) FILTER (WHERE a.status IN ('in_review','interview','info_requested')) AS in_review,
           COUNT(*) FILTER (WHERE a.status = 'accepted') AS accepted,
           COUNT(*) FILTER (WHERE a.status IN ('rejected','ineligible')) AS rejected,
           COUNT(*) FILTER (WHERE a.status = 'withdrawn' AND a.submitted_at IS NOT NULL) AS withdrawn,
           COUNT(w.id) FILTER (WHERE w.status = 'planned') AS awards_planned,
           COUNT(w.id) FILTER (WHERE w.status = 'active') AS awards_active,
           COUNT(w.id) FILTER (WHERE w.status = 'completed') AS awards_completed,
           COUNT(w.id) FILTER (WHERE w.status = 'terminated') AS awards_terminated,
           COUNT(w.id) FILTER (WHERE w.status = 'promoted') AS awards_promoted,
           COALESCE(SUM(a.requested_amount) FILTER (WHERE a.status IN ('submitted','screening','in_review','interview','info_requested','accepted','rejected','ineligible')
                             OR (a.status = 'withdrawn' AND a.submitted_at IS NOT NULL)), 0) AS amount_requested,
           COALESCE(SUM(w.amount_total), 0) AS amount_awarded
    FROM applications_application a
    JOIN programs_call c ON c.id = a.call_id
    JOIN programs_stage s ON s.id = c.stage_id
    LEFT JOIN awards_award w ON w.application_id = a.id
    GROUP BY 1, 2, 3, 4, 5, 6
), revs AS (
    SELECT c.platform_id, c.fiscal_year, s.program_id, c.stage_id, c.field, c.sub_field,
           COUNT(*) FILTER (WHERE r.status = 'submitted') AS reviews_completed,
           COUNT(*) FILTER (WHERE x.status IN ('invited','accepted') AND x.due_at < %(now)s
                             AND (r.id IS NULL OR r.status <> 'submitted')) AS reviews_overdue
    FROM reviews_assignment x
    JOIN applications_application a ON a.id = x.application_id
    JOIN programs_call c ON c.id = a.call_id
    JOIN programs_stage s ON s.id = c.stage_id
    LEFT JOIN reviews_review r ON r.assignment_id = x.id
    GROUP BY 1, 2, 3, 4, 5, 6
), reps AS (
    SELECT c.platform_id, c.fiscal_year, s.program_id, c.stage_id, c.field, c.sub_field,
           COUNT(*) FILTER (WHERE p.status = 'pending' AND p.due_on < %(today)s) AS reports_overdue
    FROM awards_progressreport p
    JOIN awards_award w ON w.id = p.award_id
    JOIN applications_application a ON a.id = w.application_id
    JOIN programs_call c ON c.id = a.call_id
    JOIN programs_stage s ON s.id = c.stage_id
    GROUP BY 1, 2, 3, 4, 5, 6
), ivs AS (
    SELECT c.platform_id, c.fiscal_year, s.program_id, c.stage_id, c.field, c.sub_field,
           COUNT(*) FILTER (WHERE i.status IN ('held','scored')) AS interviews_held
    FROM interviews_interview i
    JOIN applications_application a ON a.id = i.application_id
    JOIN programs_call c ON c.id = a.call_id
    JOIN programs_stage s ON s.id = c.stage_id
    GROUP BY 1, 2, 3, 4, 5, 6
), keys AS (
    SELECT platform_id, fiscal_year, program_id, stage_id, field, sub_field FROM apps
    UNION SELECT platform_id, fiscal_year, program_id, stage_id, field, sub_field FROM revs
    UNION SELECT platform_id, fiscal_year, program_id, stage_id, field, sub_field FROM reps
    UNION SELECT platform_id, fiscal_year, program_id, stage_id, field, sub_field FROM ivs
)
SELECT pf.code, k.fiscal_year, pg.code, st.code, k.field, k.sub_field,
       COALESCE(apps.received, 0), COALESCE(apps.screening, 0), COALESCE(apps.in_review, 0),
       COALESCE(apps.accepted, 0), COALESCE(apps.rejected, 0), COALESCE(apps.withdrawn, 0),
       COALESCE(apps.awards_planned, 0), COALESCE(apps.awards_active, 0), COALESCE(apps.awards_completed, 0),
       COALESCE(apps.awards_terminated, 0), COALESCE(apps.awards_promoted, 0),
       COALESCE(apps.amount_requested, 0), COALESCE(apps.amount_awarded, 0),
       COALESCE(revs.reviews_completed, 0), COALESCE(revs.reviews_overdue, 0), COALESCE(reps.reports_overdue, 0),
       COALESCE(ivs.interviews_held, 0)
FROM keys k
LEFT JOIN apps ON (apps.platform_id, apps.fiscal_year, apps.program_id, apps.stage_id, apps.field, apps.sub_field)
                  IS NOT DISTINCT FROM (k.platform_id, k.fiscal_year, k.program_id, k.stage_id, k.field, k.sub_field)
LEFT JOIN revs ON (revs.platform_id, revs.fiscal_year, revs.program_id, revs.stage_id, revs.field, revs.sub_field)
                  IS NOT DISTINCT FROM (k.platform_id, k.fiscal_year, k.program_id, k.stage_id, k.field, k.sub_field)
LEFT JOIN reps ON (reps.platform_id, reps.fiscal_year, reps.program_id, reps.stage_id, reps.field, reps.sub_field)
                  IS NOT DISTINCT FROM (k.platform_id, k.fiscal_year, k.program_id, k.stage_id, k.field, k.sub_field)
LEFT JOIN ivs ON (ivs.platform_id, ivs.fiscal_year, ivs.program_id, ivs.stage_id, ivs.field, ivs.sub_field)
                  IS NOT DISTINCT FROM (k.platform_id, k.fiscal_year, k.program_id, k.stage_id, k.field, k.sub_field)
LEFT JOIN programs_platform pf ON pf.id = k.platform_id
JOIN programs_program pg ON pg.id = k.program_id
JOIN programs_stage st ON st.id = k.stage_id
"""


def _generate() -> None:
    from accounts.models import Role
    from applications.models import Application
    from awards.models import Award, ProgressReport
    from programs.models import Call, Institution
    from reviews.models import Assignment, Review

    from .report_db import analyze, clone, make_users

    started = time.perf_counter()
    template_call = Call.objects.get(code="GF-KSAC-2024-S1")
    clone(  # gap-fund calls FY2015–2023 for every platform and stage
        Call,
        template_call.pk,
        source="programs_platform p, programs_stage s, generate_series(2015, 2023) y",
        where="s.code IN ('STEP1', 'STEP2')",
        overrides={"code": "'B-' || p.code || '-' || y || '-' || s.code", "stage_id": "s.id",
                   "platform_id": "p.id", "fiscal_year": "y"},
    )  # fmt: skip
    clone(  # COI-NEXT calls per field, FY2015–2023
        Call,
        template_call.pk,
        source="programs_stage s, unnest(ARRAY['co_creation','regional','policy_priority','future']) f, "
        "generate_series(2015, 2023) y",
        where="s.code IN ('NURTURING', 'FULL_SCALE')",
        overrides={"code": "'B-COI-' || f || '-' || y || '-' || s.code", "stage_id": "s.id",
                   "platform_id": "NULL", "field": "f", "fiscal_year": "y"},
    )  # fmt: skip
    call_ids = list(Call.objects.order_by("id").values_list("id", flat=True))
    first_applicant, _ = make_users(count=N_APPLICANTS, role=Role.APPLICANT, prefix="bench-applicant")
    first_reviewer, _ = make_users(count=N_REVIEWERS, role=Role.REVIEWER, prefix="bench-reviewer")
    institution = Institution.objects.first()

    def app(status):
        return Application.objects.create(
            call=template_call, applicant_id=first_applicant, institution=institution, status=status,
            receipt_number=f"T-{status}", title="ベンチマーク課題", requested_amount=1_000_000,
        )  # fmt: skip

    template_app = app("draft")
    award_app = app("accepted")
    template_award = Award.objects.create(
        award_number="T-AW", application=award_app, holder_id=first_applicant, amount_total=1,
        starts_on="2024-10-01", ends_on="2025-09-30",
    )  # fmt: skip
    template_assignment = Assignment.objects.create(
        reviewer_id=first_reviewer, application=award_app, status="completed", due_at="2024-09-01T00:00:00+09:00"
    )
    template_review = Review.objects.create(
        assignment=template_assignment, status="submitted", submitted_at="2024-09-01T00:00:00+09:00"
    )
    template_report = ProgressReport.objects.create(
        award=template_award, kind="annual", fiscal_year=2023, due_on="2025-05-31"
    )
    bucket = "(g * 37) %% 100"
    rows = clone(
        Application,
        template_app.pk,
        source=f"generate_series(1, {N_APPLICATIONS - 2}) g, LATERAL (SELECT {bucket} AS b) x",
        overrides={
            "call_id": f"(%s::bigint[])[1 + (g %% {len(call_ids)})]",
            "applicant_id": f"{first_applicant} + (g %% {N_APPLICANTS})",
            "status": "CASE WHEN b < 5 THEN 'draft' WHEN b < 10 THEN 'submitted' WHEN b < 15 THEN 'screening' "
            "WHEN b < 30 THEN 'in_review' WHEN b < 33 THEN 'interview' WHEN b < 50 THEN 'accepted' "
            "WHEN b < 80 THEN 'rejected' WHEN b < 85 THEN 'ineligible' ELSE 'withdrawn' END",
            "receipt_number": "'B-' || g",
            "requested_amount": "1000000 + (g %% 50) * 100000",
            "submitted_at": "CASE WHEN b < 5 OR b >= 92 THEN NULL ELSE now() END",
        },
        params=[call_ids],
    )
    awards = clone(
        Award,
        template_award.pk,
        source="applications_application a",
        where=f"a.status = 'accepted' AND a.id <> {award_app.pk}",
        overrides={
            "award_number": "'AW-' || a.id",
            "application_id": "a.id",
            "holder_id": "a.applicant_id",
            "amount_total": "a.requested_amount * 9 / 10",
            "status": "CASE WHEN a.id %% 10 < 7 THEN 'active' WHEN a.id %% 10 < 9 THEN 'completed' ELSE 'promoted' END",
        },
    )
    assignments = clone(
        Assignment,
        template_assignment.pk,
        source="applications_application a",
        where=f"a.status IN ('in_review', 'interview', 'accepted', 'rejected') AND a.id <> {award_app.pk}",
        overrides={
            "reviewer_id": f"{first_reviewer} + (a.id %% {N_REVIEWERS})",
            "application_id": "a.id",
            "status": "CASE a.id %% 4 WHEN 0 THEN 'invited' WHEN 1 THEN 'accepted' ELSE 'completed' END",
            "due_at": "now() + ((a.id %% 21) - 10) * interval '1 day'",
        },
    )
    reviews = clone(
        Review,
        template_review.pk,
        source="reviews_assignment x",
        where=f"x.status = 'completed' AND x.id <> {template_assignment.pk}",
        overrides={"assignment_id": "x.id"},
    )
    reports = clone(
        ProgressReport,
        template_report.pk,
        source="awards_award w",
        where=f"w.id <> {template_award.pk}",
        overrides={
            "award_id": "w.id",
            "due_on": "CURRENT_DATE + ((w.id %% 60) - 30)::int",
            "status": "CASE w.id %% 3 WHEN 0 THEN 'pending' ELSE 'submitted' END",
        },
    )
    analyze()
    print(
        f"data: {rows + 2:,} applications, {awards + 1:,} awards, {assignments + 1:,} assignments, "
        f"{reviews + 1:,} reviews, {reports + 1:,} progress reports, {len(call_ids)} calls "
        f"({time.perf_counter() - started:.1f} s to generate)",
        flush=True,
    )


def _hand_written(now):
    from django.db import connection

    from programs.fiscal import JST

    with connection.cursor() as cursor:
        cursor.execute(HAND_WRITTEN_SQL, {"now": now, "today": now.astimezone(JST).date()})
        return cursor.fetchall()


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def inner() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from reporting.aggregates import METRICS, platform_report_rows
    from reporting.models import PlatformReport
    from reporting.services import platform_report_build

    from .report_db import prepare_schema

    prepare_schema()
    _generate()
    now = timezone.now()
    orm_rows = platform_report_rows(now=now)  # warm-up, and the result to compare
    sql_rows = _hand_written(now)
    key = ("platform", "fiscal_year", "program", "stage", "field", "sub_field")
    # The hand-written SQL covers the application, review and report figures (the bench makes no evaluations).
    compared = [m for m in METRICS if not m.startswith("evaluations_")]
    orm = {tuple(r[k] for k in key): tuple(r[m] for m in compared) for r in orm_rows}
    sql = {tuple(r[:6]): tuple(int(v) for v in r[6:]) for r in sql_rows}
    from . import _verdict

    _verdict.check(
        "ORM rows equal hand-written SQL rows",
        ok=orm == sql,
        figure=f"{len(orm)} ORM rows, {len(sql)} SQL rows, {'identical' if orm == sql else 'DIFFERENT'}",
        target="identical rows",
    )
    orm_times, sql_times = [], []
    for _ in range(RUNS):
        orm_times.append(_timed(lambda: platform_report_rows(now=now)))
        sql_times.append(_timed(lambda: _hand_written(now)))
    with CaptureQueriesContext(connection) as queries:
        platform_report_rows(now=now)
    report = PlatformReport.objects.create()
    build = _timed(lambda: platform_report_build(report_id=report.pk))
    orm_median, sql_median = statistics.median(orm_times), statistics.median(sql_times)
    print(f"ORM aggregate (reporting.aggregates, {len(queries)} queries): median {orm_median:.3f} s of {RUNS} runs "
          f"(min {min(orm_times):.3f} s)")  # fmt: skip
    print(f"hand-written SQL (1 statement): median {sql_median:.3f} s of {RUNS} runs (min {min(sql_times):.3f} s)")
    ratio = orm_median / sql_median
    _verdict.check(
        "ratio ORM / hand-written SQL (medians)",
        ok=ratio <= TARGET_RATIO,
        figure=f"{ratio:.2f}",
        target=f"≤ {TARGET_RATIO}",
    )
    report.refresh_from_db()
    print(f"full report build (lock, aggregate, store JSON rows, commit): {build:.3f} s")
    _verdict.check(
        "the report build stored every aggregate row",
        ok=report.status == "done" and len(report.rows) == len(orm_rows),
        figure=f"status {report.status}, {len(report.rows)} rows stored",
        target=f"status done, {len(orm_rows)} rows",
    )


def main() -> None:
    from .report_db import run_child

    run_child("bench.report", "sangaku_bench_report")


if __name__ == "__main__":
    main()
