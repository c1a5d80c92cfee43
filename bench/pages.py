"""Pages at scale: query count and median time of every main page and API list, per role, at two sizes.

Builds (on PostgreSQL, in a throw-away database) one call with N submitted applications
(in review), 3 submitted reviews each from a pool of 60 reviewers, then asks each page
the way a browser does (Django's test client, signed in as the role, in-process) and
reports the number of SQL queries and the median of REPEAT requests. Sizes: 1,530 (the
size measured against Hypha) and 100,000 (query counts only; times are printed).

Targets (issue 18): every page ≤ 10 queries, the same count at both sizes; median
< 100 ms at 1,530, the ranking included; the officer API list at ≥ 60 % of a bare DRF
list of the same rows (same page size, same run). Each figure is a PASS/FAIL line.
Run with `make bench` or `python -m bench pages`.
"""

import json
import os
import statistics
import sys
import time

from . import _verdict

SIZES = tuple(int(x) for x in os.environ.get("BENCH_PAGES_SIZES", "1530,100000").split(","))
REVIEWERS = 60
REPEAT = 15
MAX_QUERIES = 10
MAX_MEDIAN_MS = 100.0
MIN_API_RATIO = 0.60


def _generate(n: int) -> dict:
    """One call with `n` applications in review, 3 submitted reviews each; returns the personas and ids."""
    from django.utils import timezone

    from accounts.models import Role, User
    from applications.models import Application, Status
    from programs.models import Call, Institution
    from reviews.models import Assignment, AssignmentStatus, Review, ReviewerProfile, ReviewStatus

    from .report_db import analyze, clone, make_users

    started = time.perf_counter()
    call = Call.objects.filter(platform__isnull=False, stage__rubric__isnull=False).order_by("id").first()
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(
        opens_at=now - timezone.timedelta(days=60), closes_at=now - timezone.timedelta(days=30)
    )
    first_applicant, _ = make_users(count=1_000, role=Role.APPLICANT, prefix="bench-applicant")
    first_reviewer, _ = make_users(count=REVIEWERS, role=Role.REVIEWER, prefix="bench-reviewer")
    institution = Institution.objects.order_by("id").first()
    template = Application.objects.create(
        call=call, applicant_id=first_applicant, institution=institution, status=Status.IN_REVIEW,
        receipt_number="P-0", title="ベンチマーク課題", summary="電池材料の耐久性評価を行う。", submitted_at=now,
        requested_amount=5_000_000,
    )  # fmt: skip
    clone(
        Application,
        template.pk,
        source="generate_series(1, %s) g",
        params=[n - 1],
        overrides={
            "receipt_number": "'P-' || g",
            "applicant_id": f"{first_applicant} + (g %% 1000)",
            "title": "'電池材料を用いた実証研究 ' || g",
        },
    )
    reviewer = User.objects.get(pk=first_reviewer)
    ReviewerProfile.objects.create(user=reviewer, expertise="電池")
    criteria = list(call.stage.rubric.criteria.all())
    assignment = Assignment.objects.create(
        reviewer=reviewer, application=template, status=AssignmentStatus.COMPLETED, due_at=now
    )
    Review.objects.create(
        assignment=assignment, scores={c.code: 3 for c in criteria}, status=ReviewStatus.SUBMITTED,
        submitted_at=now, weighted_score=3.0,
    )  # fmt: skip
    clone(
        Assignment,
        assignment.pk,
        source="applications_application a, generate_series(0, 2) j",
        where="a.call_id = %s AND NOT (a.id = %s AND j = 0)",
        params=[call.pk, template.pk],
        overrides={
            "application_id": "a.id",
            "reviewer_id": f"{first_reviewer} + ((a.id * 3 + j + {REVIEWERS} - (({template.pk} * 3) %% {REVIEWERS})) %% {REVIEWERS})",
        },
    )
    clone(
        Review,
        assignment.review.pk,
        source="reviews_assignment s",
        where="s.id <> %s",
        params=[assignment.pk],
        overrides={"assignment_id": "s.id", "weighted_score": "1 + ((s.id * 7919) %% 400) / 100.0"},
    )
    analyze()
    officer = User.objects.create(username="bench-officer", role=Role.OFFICER, email="officer@example.jp")
    officer.officer_platforms.add(call.platform)
    applicant = User.objects.get(pk=first_applicant)
    print(
        f"data: {Application.objects.filter(call=call).count():,} applications, "
        f"{Review.objects.count():,} reviews, {time.perf_counter() - started:.1f} s to generate",
        flush=True,
    )
    return {
        "call": call,
        "application": template,
        "officer": officer,
        "reviewer": reviewer,
        "applicant": applicant,
    }


def _pages(world: dict) -> list[tuple[str, str, object]]:
    call, app = world["call"], world["application"]
    officer, reviewer, applicant = world["officer"], world["reviewer"], world["applicant"]
    return [
        ("officer", "officer list /applications/", "/applications/", officer),
        ("officer", "search /applications/?q=", "/applications/?q=耐久性評価", officer),
        ("officer", "desk /office/", "/office/", officer),
        ("officer", "ranking", f"/review/calls/{call.pk}/ranking/", officer),
        ("officer", "application detail", f"/applications/{app.pk}/", officer),
        ("officer", "dashboard", "/reporting/dashboard/", officer),
        ("officer", "API applications list", "/api/v1/applications/", officer),
        ("officer", "API ranking", f"/api/v1/calls/{call.pk}/ranking/", officer),
        ("reviewer", "reviewer home /review/", "/review/", reviewer),
        ("reviewer", "API assignments list", "/api/v1/assignments/", reviewer),
        ("applicant", "my applications", "/applications/mine/", applicant),
        ("public", "public results /results/", "/results/", None),
        ("public", "API public results", "/api/v1/public/results/", None),
    ]


def _measure(client, url: str) -> tuple[int, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm: templates, translations, the officer's first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    count = len(queries)  # now: the query log is reset by the next request
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return count, statistics.median(times), response.status_code


def _client_for(user):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)
    return client


def _count_every_query() -> None:
    """Count a request's queries as a server does: Django resets the query log and closes the connection per
    request; the bench keeps the log (it measures the queries) and the connection (as CONN_MAX_AGE would)."""
    from django.core import signals
    from django.db import close_old_connections, reset_queries

    signals.request_started.disconnect(reset_queries)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)


def inner() -> None:
    from django.test.utils import override_settings

    from .report_db import prepare_schema

    prepare_schema()
    _count_every_query()
    override_settings(ROOT_URLCONF="bench._urls").enable()
    n = int(os.environ["BENCH_PAGES_N"])
    world = _generate(n)
    results = {}
    for role, label, url, user in _pages(world):
        count, median_ms, status = _measure(_client_for(user), url)
        results[label] = {"role": role, "queries": count, "median_ms": round(median_ms, 1), "status": status}
        print(f"{role:9} {label:32} {status} {count:3d} queries {median_ms:8.1f} ms", flush=True)
    _count, bare_ms, _status = _measure(_client_for(world["officer"]), "/bench/bare/")
    results["_bare_drf_ms"] = round(bare_ms, 1)
    print(f"bare DRF list of the same rows (/bench/bare/): {results['_bare_drf_ms']} ms", flush=True)
    with open(os.environ["BENCH_PAGES_OUT"], "w", encoding="utf-8") as out:
        json.dump(results, out)


def main() -> None:
    import tempfile
    from pathlib import Path

    from .report_db import run_child

    measured = {}
    with tempfile.TemporaryDirectory(prefix="sangaku-pages-") as tmp:
        for n in SIZES:
            out = Path(tmp) / f"{n}.json"
            os.environ["BENCH_PAGES_N"], os.environ["BENCH_PAGES_OUT"] = str(n), str(out)
            print(f"-- {n:,} applications --", flush=True)
            if run_child("bench.pages", f"sangaku_bench_pages_{n}") != 0 or not out.exists():
                return
            measured[n] = json.loads(out.read_text(encoding="utf-8"))
    small, large = measured[SIZES[0]], measured[SIZES[1]]
    for label, row in small.items():
        if label.startswith("_"):
            continue
        big = large[label]
        _verdict.check(
            f"{label} ({row['role']}): answers", ok=row["status"] == 200 and big["status"] == 200,
            figure=f"HTTP {row['status']} / {big['status']}", target="200 at both sizes",
        )  # fmt: skip
        _verdict.check(
            f"{label}: queries", ok=row["queries"] <= MAX_QUERIES and row["queries"] == big["queries"],
            figure=f"{row['queries']} at {SIZES[0]:,}, {big['queries']} at {SIZES[1]:,}",
            target=f"≤ {MAX_QUERIES} and equal at both sizes",
        )  # fmt: skip
        _verdict.check(
            f"{label}: median at {SIZES[0]:,}", ok=row["median_ms"] < MAX_MEDIAN_MS,
            figure=f"{row['median_ms']} ms (at {SIZES[1]:,}: {big['median_ms']} ms)", target=f"< {MAX_MEDIAN_MS:.0f} ms",
        )  # fmt: skip
    api, bare = small["API applications list"]["median_ms"], small["_bare_drf_ms"]
    ratio = bare / api if api else 0.0
    _verdict.check(
        "officer API list vs bare DRF list", ok=ratio >= MIN_API_RATIO,
        figure=f"{ratio:.0%} of bare speed ({api} ms vs {bare} ms)", target=f"≥ {MIN_API_RATIO:.0%}",
    )  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
