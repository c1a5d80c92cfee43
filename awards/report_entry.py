"""The holder's report form in one step: the text and a chosen file are saved (and submitted) together,
so a chosen file is never dropped. Business rules stay in `awards.services`; this only orders them."""

from django.db import transaction

from . import services
from .models import ProgressReport, ReportEvent


@transaction.atomic
def report_save(*, report_id: int, actor, body: str, uploaded=None, submit: bool = False) -> ProgressReport:
    """Attach the chosen file first (a refused file stops here: nothing is submitted without it),
    then save the text, then submit when asked — all or nothing. Raises WorkflowError / ValidationError."""
    if uploaded is not None:
        services.report_attachment_add(report_id=report_id, actor=actor, uploaded=uploaded)
    if submit:
        return services.report_transition(report_id=report_id, action="submit", actor=actor, body=body)
    return services.report_update_body(report_id=report_id, actor=actor, body=body)


def revision_reasons(report: ProgressReport) -> list[ReportEvent]:
    """The officer's revision requests still to answer (shown at the top of the form)."""
    if report.status != "revision_requested":
        return []
    last = report.events.filter(action="request_revision").order_by("-at", "-id").select_related("actor").first()
    return [last] if last else []
