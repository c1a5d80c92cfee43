"""Guards of the application workflow and the checks run on submit.

A guard returns a list of `Problem`s: empty means the move may happen (see
`sangaku.workflow`). Later apps register their own guards and submit checks in
`AppConfig.ready()` (reviews: `can_start_review`, `can_accept`; awards: the
predecessor-award check), so this module never imports them. A guard nobody
registered refuses, so a missing app cannot open a door by accident.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sangaku.errors import Problem, register_field_labels
from sangaku.workflow import GUARDS, register_guard

__all__ = ["GUARDS", "Problem", "register_draft_check", "register_guard", "register_submit_check"]

# What a person calls each field the rules can name (the API keeps the field names).
FIELD_LABELS = {
    "call": gettext_lazy("公募"),
    "title": gettext_lazy("課題名"),
    "title_en": gettext_lazy("課題名（英語）"),
    "summary": gettext_lazy("概要"),
    "keywords": gettext_lazy("キーワード"),
    "requested_amount": gettext_lazy("申請額"),
    "duration_months": gettext_lazy("実施期間"),
    "budget_lines": gettext_lazy("予算"),
    "members": gettext_lazy("実施体制"),
    "institution": gettext_lazy("代表機関"),
    "attachments": gettext_lazy("添付ファイル"),
    "predecessor_award": gettext_lazy("前段階の採択課題"),
    "note": gettext_lazy("理由・メモ"),
    "reason": gettext_lazy("理由"),
    "email": gettext_lazy("メールアドレス"),
    "due_at": gettext_lazy("回答期限"),
    "version": gettext_lazy("版"),
    "access": gettext_lazy("権限"),
    "researcher_number": gettext_lazy("研究者番号"),
    "contribution": gettext_lazy("負担額"),
    "letter": gettext_lazy("承諾書"),
    "non_field_errors": gettext_lazy("全体"),
}


register_field_labels(FIELD_LABELS)

# A submit check is called as check(application, *, now) and returns the problems.
SUBMIT_CHECKS: list[Callable] = []
# A draft check is called as check(values, *, applicant) with the fields a draft edit sets and returns the problems
# (e.g. awards: the predecessor award exists). Bad values are refused before anything is stored.
DRAFT_CHECKS: list[Callable] = []


def register_submit_check(func: Callable) -> None:
    if func not in SUBMIT_CHECKS:
        SUBMIT_CHECKS.append(func)


def register_draft_check(func: Callable) -> None:
    if func not in DRAFT_CHECKS:
        DRAFT_CHECKS.append(func)


def can_submit(application, *, now=None, **_kwargs) -> list[Problem]:
    from .rules import submission_problems

    return submission_problems(application, now=now)


def stage_uses_interviews(application, **_kwargs) -> list[Problem]:
    if not application.call.stage.uses_interviews:
        return [Problem("non_field_errors", _("この段階には面接審査がありません。"))]
    return []


def register() -> None:
    """Called from `ApplicationsConfig.ready()`."""
    register_guard("can_submit", can_submit)
    from .rules import team_confirmed

    register_guard("team_confirmed", team_confirmed)
    register_guard("stage_uses_interviews", stage_uses_interviews)
    from .info_requests import info_request_due, info_request_open

    register_guard("info_request_due", info_request_due)
    register_guard("info_request_open", info_request_open)
    from .institution import institution_approval_needed, institution_approval_not_needed

    register_guard("institution_approval_needed", institution_approval_needed)
    register_guard("institution_approval_not_needed", institution_approval_not_needed)
