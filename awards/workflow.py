"""Award and progress-report workflows as data: two `sangaku.workflow.Workflow` tables.

`AWARD_WORKFLOW.run` and `REPORT_WORKFLOW.run` (through `awards.services`) are
the executor; ask these tables what a move means, never the state names.
"""

from django.utils.translation import gettext_lazy, pgettext_lazy

from sangaku import workflow
from sangaku.workflow import Transition, Workflow

from .models import Award, AwardEvent, AwardStatus, ProgressReport, ReportEvent, ReportStatus


class Actor:
    HOLDER = "holder"  # the award holder (PI)
    OFFICER = "officer"  # an officer in scope, or a director
    SYSTEM = workflow.SYSTEM  # done by another service (promotion on accept)


def _may_award(user, award, who: str) -> bool:
    from .permissions import actor_may

    return actor_may(user, award, who)


def _may_report(user, report, who: str) -> bool:
    from .permissions import actor_may

    return actor_may(user, report.award, who)


def _apply_report(report, transition, *, now, update_fields, body=None, **_context) -> None:
    """A submit may carry the final text, and records when it was submitted."""
    if transition.action == "submit":
        if body is not None:
            report.body = body
            update_fields.append("body")
        report.submitted_at = now
        update_fields.append("submitted_at")


AWARD_WORKFLOW = Workflow(
    name="award",
    model=Award,
    event_model=AwardEvent,
    event_fk="award",
    states=AwardStatus,
    may=_may_award,
    related=("application__call__stage__program", "application__call__platform"),
    messages={
        "not_found": gettext_lazy("採択課題が見つかりません。"),
        "forbidden": gettext_lazy("この採択課題に対して「%(label)s」を行う権限がありません。"),
    },
    transitions=[
        # A decision announced as planned (採択予定, e.g. the seed's HSFC Step 2 「4件（予定）」): not active yet.
        Transition(
            "plan",
            (AwardStatus.ACTIVE,),
            AwardStatus.PLANNED,
            Actor.SYSTEM,
            label=pgettext_lazy("action", "予定として登録"),
        ),
        Transition(
            "start",
            (AwardStatus.PLANNED,),
            AwardStatus.ACTIVE,
            Actor.OFFICER,
            # Every contract of the year signed (registered by finance: 委託研究契約).
            guards=("award_contracts_signed",),
            label=pgettext_lazy("action", "開始"),
        ),
        Transition(
            "complete",
            (AwardStatus.ACTIVE,),
            AwardStatus.COMPLETED,
            Actor.OFFICER,
            label=pgettext_lazy("action", "終了"),
        ),
        Transition(
            "terminate",
            (AwardStatus.PLANNED, AwardStatus.ACTIVE),
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
    ],
)

REPORT_WORKFLOW = Workflow(
    name="progress_report",
    model=ProgressReport,
    event_model=ReportEvent,
    event_fk="report",
    states=ReportStatus,
    may=_may_report,
    related=("award",),
    apply=_apply_report,
    messages={
        "not_found": gettext_lazy("報告が見つかりません。"),
        "forbidden": gettext_lazy("この報告に対して「%(label)s」を行う権限がありません。"),
        "note_field": gettext_lazy("修正してほしい点を入力してください。"),
    },
    transitions=[
        Transition(
            "submit",
            (ReportStatus.PENDING, ReportStatus.REVISION_REQUESTED),
            ReportStatus.SUBMITTED,
            Actor.HOLDER,
            guards=("report_has_content",),
            label=pgettext_lazy("action", "提出"),
        ),
        Transition(
            "accept",
            (ReportStatus.SUBMITTED,),
            ReportStatus.ACCEPTED,
            Actor.OFFICER,
            decides=True,
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
    ],
)

AWARD_TRANSITIONS: dict[str, Transition] = AWARD_WORKFLOW.table
REPORT_TRANSITIONS: dict[str, Transition] = REPORT_WORKFLOW.table

# A report in one of these states still waits for the holder (the holder's rows start there).
OPEN_REPORT_STATES = tuple(sorted(REPORT_TRANSITIONS["submit"].sources))
# Reports that count as delivered for the overdue rule: every state a submit leads through.
DELIVERED_REPORT_STATES = tuple(sorted(set(ReportStatus.values) - set(OPEN_REPORT_STATES)))
