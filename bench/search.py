"""Search over 100,000 applications on PostgreSQL (pg_trgm GIN indexes): time per query.

Creates a PostgreSQL database (sangaku_bench_search), clones 100,000 applications with
varied Japanese titles, summaries and keywords (a rare phrase in 9 of them), then runs
`applications.search.search_applications` over an officer's scope the way the list page
does (count + the first page of 50), for a rare Japanese phrase, a common word, an English
word and two words. Drops the database. Target: each query under 1 s, and the rare phrase found
in exactly the 9 summaries that hold it; each figure is a PASS/FAIL line.
Run with `make bench` or `python -m bench search`.
"""

import time

N_APPLICATIONS = 100_000
TARGET_SECONDS = 1.0
RARE_HITS = 9  # g % 10000 = 0 for g in 1 … 99,999
QUERIES = ["耐久性評価", "電池", "ai", "水素 材料"]
WORDS = "ARRAY['電池','材料','水素','半導体','医療','農業','防災','AI','ロボット','量子']"


def _generate():
    from accounts.models import Role, User
    from applications.models import Application
    from programs.models import Call, Institution

    from .report_db import analyze, clone, make_users

    started = time.perf_counter()
    call = Call.objects.filter(platform__isnull=False).order_by("id").first()
    first_applicant, _ = make_users(count=1_000, role=Role.APPLICANT, prefix="bench-applicant")
    template = Application.objects.create(
        call=call, applicant_id=first_applicant, institution=Institution.objects.first(), status="submitted",
        receipt_number="T-0", title="ベンチマーク課題",
    )  # fmt: skip
    clone(
        Application,
        template.pk,
        source=f"generate_series(1, {N_APPLICATIONS - 1}) g",
        overrides={
            "receipt_number": "'B-' || g",
            "applicant_id": f"{first_applicant} + (g %% 1000)",
            "title": f"({WORDS})[1 + g %% 10] || 'を用いた' || ({WORDS})[1 + (g / 10) %% 10] || 'の研究 ' || g",
            "summary": f"'本研究は' || ({WORDS})[1 + (g / 7) %% 10] || 'と' || ({WORDS})[1 + (g / 3) %% 10] "
            "|| 'を組み合わせ、' || CASE WHEN g %% 10000 = 0 THEN '長期の耐久性評価を' ELSE '実証実験を' END "
            "|| '行う。社会実装に向けた課題を整理する。' || md5(g::text)",
            "keywords": f"({WORDS})[1 + (g / 11) %% 10] || ', ' || ({WORDS})[1 + (g / 13) %% 10]",
        },
    )
    analyze()
    officer = User.objects.create(username="bench-officer", role=Role.OFFICER, email="officer@example.jp")
    officer.officer_platforms.add(call.platform)
    print(
        f"data: {Application.objects.count():,} applications ({time.perf_counter() - started:.1f} s to generate)",
        flush=True,
    )
    return officer


def _measure(officer, query: str) -> tuple[float, int]:
    from django.core.paginator import Paginator

    from applications.search import search_applications
    from applications.selectors import applications_for_user

    started = time.perf_counter()
    page = Paginator(search_applications(applications_for_user(officer), query), 50).get_page(1)
    rows = list(page)
    elapsed = time.perf_counter() - started
    print(f"{query!r}: {page.paginator.count:,} hits, first page {len(rows)} rows, {elapsed:.3f} s", flush=True)
    return elapsed, page.paginator.count


def inner() -> None:
    from . import _verdict
    from .report_db import prepare_schema

    prepare_schema()
    officer = _generate()
    _measure(officer, QUERIES[0])  # warm the cache once, as a running server would be
    for query in QUERIES:
        elapsed, hits = _measure(officer, query)
        _verdict.check(f"search {query!r}", ok=elapsed < TARGET_SECONDS, figure=f"{elapsed:.3f} s, {hits:,} hits",
                       target=f"< {TARGET_SECONDS} s")  # fmt: skip
        if query == QUERIES[0]:
            _verdict.check(
                f"search {query!r} finds every summary that holds it", ok=hits == RARE_HITS,
                figure=f"{hits} hits", target=f"{RARE_HITS} (every 10,000th application)",
            )  # fmt: skip


def main() -> None:
    from .report_db import run_child

    run_child("bench.search", "sangaku_bench_search")


if __name__ == "__main__":
    main()
