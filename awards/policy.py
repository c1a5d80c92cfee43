"""Award policy as data: the progress-report schedule per stage and the promotion window.

Keyed by stage code so programs/models.py stays a catalog. A deployment may
override any entry with the `AWARDS_REPORT_POLICY` setting (a dict of stage code →
partial policy) and the window with `AWARDS_PROMOTION_WINDOW_DAYS`.

- `annual` / `financial`: one 年次報告 / 実績報告書 per fiscal year the award
  touches, due on `due_month`/`due_day` (31 May) after that fiscal year ends.
- `interim_after_years`: the 中間評価 falls after this many fiscal years of the
  award (None: no interim; "mid": after half of the award's fiscal years,
  rounded up), and only when the award runs longer than that.
- `final_days_after_end`: the 終了報告 is due this many days after the award ends.
"""

from dataclasses import dataclass, replace

from django.conf import settings


@dataclass(frozen=True)
class ReportPolicy:
    annual: bool = True
    financial: bool = True
    interim_after_years: int | str | None = None
    final_days_after_end: int = 61
    due_month: int = 5
    due_day: int = 31


DEFAULT_POLICY = ReportPolicy()

REPORT_POLICY: dict[str, ReportPolicy] = {
    "STEP1": ReportPolicy(),
    "STEP2": ReportPolicy(interim_after_years=2),
    "NURTURING": ReportPolicy(),
    "FULL_SCALE": ReportPolicy(interim_after_years="mid"),
}

DEFAULT_PROMOTION_WINDOW_DAYS = 365


def report_policy_for(stage_code: str) -> ReportPolicy:
    policy = REPORT_POLICY.get(stage_code, DEFAULT_POLICY)
    override = getattr(settings, "AWARDS_REPORT_POLICY", {}).get(stage_code)
    return replace(policy, **override) if override else policy


def promotion_window_days() -> int:
    """How long after its end an award may still be cited as the predecessor of a promotion application."""
    return getattr(settings, "AWARDS_PROMOTION_WINDOW_DAYS", DEFAULT_PROMOTION_WINDOW_DAYS)
