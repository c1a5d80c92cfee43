"""Seed awards from the source document, built through the real workflow.

Run by `load_demo` after the catalog (programs), applications and reviews demos:

- FY2024 (令和6年度) gap-fund Step 1 / Step 2 adoptions per platform exactly as in
  `programs.seed_data.PLATFORMS` (PSI's Step 2 stays in review), plus about 30 %
  more rejected proposals, each a draft submitted, screened, reviewed and decided
  with `applications.services.application_transition`; accepting creates the award.
- The 41 COI-NEXT hubs of `programs.seed_data.COINEXT_HUBS`, each adopted through
  a historical call of its stage, field and fiscal year; a hub promoted to
  full scale (本格型昇格) first holds a nurturing (育成型) award two years earlier
  that its promotion application cites, so accepting it marks that award `promoted`.
- Past-due progress reports are submitted by their holders (a few are left
  overdue, a few accepted or sent back) so the pages show a lived-in state.

Historical calls are closed today, so the submit guard would refuse them. The
seed therefore judges every submission rule at the historical submission instant
(`application_transition(..., judged_at=<that instant>)`: the same
`submission_problems`, judged at that instant) and then stamps the historical times on the application and
its events. Nothing else bypasses the workflow.

Idempotent: a call that already holds seed applications is skipped, so a second
run creates nothing.
"""

import datetime as dt

from .demo_coinext import seed_coinext
from .demo_gapfund import seed_gap_fund
from .demo_reports import seed_reports
from .demo_support import stamp_timeline
from .models import Award


def load(*, today: dt.date, out) -> None:
    import time

    started, cpu = time.perf_counter(), time.process_time()
    before = set(Award.objects.values_list("pk", flat=True))
    timeline: dict[int, dict[str, dt.datetime]] = {}
    # Step 1: gap-fund proposals of FY2024, decided through the workflow (awards follow on accept).
    applications = seed_gap_fund(today=today, timeline=timeline)
    # Step 2: the COI-NEXT hubs, nurturing awards first, then their full-scale promotions.
    applications += seed_coinext(today=today, timeline=timeline)
    # Step 3: put the historical instants on what the workflow stamped 'now'.
    stamp_timeline(timeline)
    # Step 4: progress reports of the new awards, as their holders and officers would have left them.
    new_awards = sorted(set(Award.objects.values_list("pk", flat=True)) - before)
    counts = seed_reports(today=today, award_ids=new_awards)
    if applications:
        out.write(
            f"採択課題デモ: 申請 {applications} 件・採択課題 {len(new_awards)} 件を作成、"
            f"報告 提出 {counts['submitted']} 件・受理 {counts['accepted']} 件・修正依頼 {counts['revision_requested']} 件・"
            f"期限超過 {counts['overdue']} 件（{time.perf_counter() - started:.1f} 秒、CPU {time.process_time() - cpu:.1f} 秒）"
        )
