"""The call's limits checked when a draft is saved: warnings, not refusals (a draft may be unfinished),
so the applicant learns about the cap, the duration and the budget rules before the submit check."""

from .models import Application
from .rules import submission_problems

# Rules about amounts and time; missing text and team are for the submit check, not for each save.
CHECKED_ON_SAVE = {"requested_amount", "duration_months", "budget_lines"}


def call_rule_warnings(application_id: int) -> list[str]:
    application = Application.objects.select_related("call__stage").get(pk=application_id)
    return [
        str(p.message)
        for p in submission_problems(application)
        if p.field in CHECKED_ON_SAVE and application.requested_amount is not None
    ]
