"""The platform report build as a workflow table: queued → running → done, or failed; the sweep queues again.

Every row is run by code (the build task and the sweep), never on a person's request;
each move leaves a `PlatformReportEvent` (the actor is empty: the system did it).
"""

from django.utils.translation import gettext_lazy, pgettext_lazy

from sangaku import workflow
from sangaku.workflow import Transition, Workflow

from .models import PlatformReport, PlatformReportEvent, ReportBuildStatus

S = ReportBuildStatus


def _nobody(user, report, who: str) -> bool:
    return False  # only the system moves a build


def _apply(report, transition, *, note, now, update_fields, rows=None, **_context) -> None:
    if transition.action == "start":
        report.attempts += 1
        report.started_at = now
        update_fields += ["attempts", "started_at"]
    elif transition.action == "finish":
        report.rows = rows if rows is not None else []
        report.generated_at = now
        report.error = ""
        update_fields += ["rows", "generated_at", "error"]
    elif transition.action == "fail":
        report.error = note[:2000]
        update_fields.append("error")
    elif transition.action == "requeue":
        report.enqueued_at = now
        update_fields.append("enqueued_at")


REPORT_BUILD_WORKFLOW = Workflow(
    name="platform_report",
    model=PlatformReport,
    event_model=PlatformReportEvent,
    event_fk="report",
    states=ReportBuildStatus,
    may=_nobody,
    apply=_apply,
    messages={"not_found": gettext_lazy("集計が見つかりません。")},
    transitions=[
        Transition(
            "start", (S.QUEUED, S.RUNNING), S.RUNNING, workflow.SYSTEM, label=pgettext_lazy("action", "作成開始")
        ),
        Transition("finish", (S.QUEUED, S.RUNNING), S.DONE, workflow.SYSTEM, label=pgettext_lazy("action", "作成完了")),
        Transition(
            "fail",
            (S.QUEUED, S.RUNNING),
            S.FAILED,
            workflow.SYSTEM,
            note_required=True,
            label=pgettext_lazy("action", "作成中止"),
        ),
        Transition(
            "requeue", (S.QUEUED, S.RUNNING), S.QUEUED, workflow.SYSTEM, label=pgettext_lazy("action", "再依頼")
        ),
    ],
)
