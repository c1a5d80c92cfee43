"""Award and progress-report workflows as data (see applications.workflow for the pattern).

`awards.services.award_transition` and `awards.services.report_transition` are
the executors; ask these tables what a move means, never the state names.
"""

from django.utils.translation import pgettext_lazy

from applications.workflow import Transition

from .models import AwardStatus, ReportStatus


class Actor:
    HOLDER = "holder"  # the award holder (PI)
    OFFICER = "officer"  # an officer in scope, or a director
    SYSTEM = "system"  # done by another service (promotion on accept)


AWARD_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "complete",
            (AwardStatus.ACTIVE,),
            AwardStatus.COMPLETED,
            Actor.OFFICER,
            label=pgettext_lazy("action", "終了"),
        ),
        Transition(
            "terminate",
            (AwardStatus.ACTIVE,),
            AwardStatus.TERMINATED,
            Actor.OFFICER,
            note_required=True,
            label=pgettext_lazy("action", "中止"),
        ),
        Transition(
            "promote",
            (AwardStatus.ACTIVE, AwardStatus.COMPLETED),
            AwardStatus.PROMOTED,
            Actor.SYSTEM,
            label=pgettext_lazy("action", "昇格"),
        ),
    ]
}

REPORT_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "submit",
            (ReportStatus.PENDING, ReportStatus.REVISION_REQUESTED),
            ReportStatus.SUBMITTED,
            Actor.HOLDER,
            label=pgettext_lazy("action", "提出"),
        ),
        Transition(
            "accept",
            (ReportStatus.SUBMITTED,),
            ReportStatus.ACCEPTED,
            Actor.OFFICER,
            label=pgettext_lazy("action", "受理"),
        ),
        Transition(
            "request_revision",
            (ReportStatus.SUBMITTED,),
            ReportStatus.REVISION_REQUESTED,
            Actor.OFFICER,
            note_required=True,
            label=pgettext_lazy("action", "修正依頼"),
        ),
    ]
}

# A report in one of these states still waits for the holder.
OPEN_REPORT_STATES = (ReportStatus.PENDING, ReportStatus.REVISION_REQUESTED)
# Reports that count as delivered for the overdue rule.
DELIVERED_REPORT_STATES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
# Awards that still run (an award that has been promoted or ended keeps its history).
RUNNING_AWARD_STATES = (AwardStatus.ACTIVE,)
