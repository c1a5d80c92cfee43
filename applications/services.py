"""Writes that matter for applications. Every state change goes through `application_transition`."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.models import Call

from .guards import Problem, run_guard
from .models import Application, ApplicationEvent, Status
from .permissions import actor_may
from .signals import application_transition_committed, application_transitioned
from .workflow import FINAL_STATES, TRANSITIONS


class WorkflowError(Exception):
    """A refused action. `status_code` 409 for an illegal move, 400 for failed checks, 404 when out of scope."""

    def __init__(self, message: str, *, status_code: int = 409, problems: list[Problem] | None = None, code="refused"):
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.problems = problems or []
        self.code = code

    def as_dict(self):
        body = {"detail": self.message, "code": self.code}
        if self.problems:
            errors: dict[str, list[str]] = {}
            for p in self.problems:
                errors.setdefault(p.field, []).append(str(p.message))
            body["errors"] = errors
        return body


def _receipt_prefix(call: Call) -> str:
    stage_short = {"STEP1": "S1", "STEP2": "S2", "NURTURING": "N", "FULL_SCALE": "F"}.get(
        call.stage.code, call.stage.code
    )
    program_short = {"GAPFUND": "GF", "COINEXT": "COI"}.get(call.stage.program.code, call.stage.program.code)
    scope = call.platform.code if call.platform_id else (call.field or "ALL").upper()
    return f"{program_short}-{scope}-{call.fiscal_year}-{stage_short}-"


def _assign_receipt_number(application: Application) -> None:
    # Serialise numbering per call by locking the call row; numbers are never reused.
    call = Call.objects.select_for_update().select_related("stage__program", "platform").get(pk=application.call_id)
    prefix = _receipt_prefix(call)
    taken = Application.objects.filter(call=call, receipt_number__startswith=prefix).count()
    application.receipt_number = f"{prefix}{taken + 1:04d}"


@transaction.atomic
def application_transition(
    *, application_id: int, action: str, actor, note: str = "", override: bool = False
) -> Application:
    """Run one row of the workflow table on an application.

    Locks the row, checks the actor and the guard, changes the state, writes an
    `ApplicationEvent` and lets other apps react (in the transaction and after
    commit). A repeat of the action that already took effect (double click,
    retry) returns the application unchanged and writes nothing.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise WorkflowError(
            _("「%(action)s」という操作はありません。") % {"action": action}, status_code=400, code="unknown_action"
        )
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call__stage__program", "call__platform")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise WorkflowError(_("申請が見つかりません。"), status_code=404, code="not_found")
    if not actor_may(actor, application, transition.who):
        raise WorkflowError(
            _("この申請に対して「%(label)s」を行う権限がありません。") % {"label": transition.label},
            status_code=403,
            code="forbidden",
        )

    if application.status == transition.target and application.status not in transition.sources:
        last = application.events.order_by("-at", "-id").first()
        if last and last.action == action and last.actor_id == actor.pk:
            return application  # idempotent replay of the same request

    if application.status not in transition.sources:
        if application.status in FINAL_STATES:
            message = _("この申請は「%(status)s」で確定しているため、これ以上変更できません。")
        else:
            message = _("現在の状態（%(status)s）では「%(label)s」はできません。")
        raise WorkflowError(
            message % {"status": Status(application.status).label, "label": transition.label}, code="illegal_transition"
        )
    note = (note or "").strip()
    if transition.note_required and not note:
        raise WorkflowError(
            _("「%(label)s」には理由（メモ）の入力が必要です。") % {"label": transition.label},
            status_code=400,
            problems=[Problem("note", _("理由を入力してください。"))],
            code="note_required",
        )
    problems = run_guard(transition.guard, application, actor=actor, note=note, override=override)
    if problems:
        raise WorkflowError(
            _("「%(label)s」できません。次の点を確認してください。") % {"label": transition.label},
            status_code=400,
            problems=problems,
            code="guard_failed",
        )

    from_status = application.status
    now = timezone.now()
    application.status = transition.target
    update_fields = ["status", "updated_at"]
    if action == "submit":
        if not application.receipt_number:
            _assign_receipt_number(application)
            update_fields.append("receipt_number")
        application.submitted_at = now
        update_fields.append("submitted_at")
    if transition.target in (Status.ACCEPTED, Status.REJECTED, Status.INELIGIBLE):
        application.decided_at = now
        update_fields.append("decided_at")
    application.save(update_fields=update_fields)
    ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=transition.target,
        note=note,
    )
    kwargs = {"application": application, "transition": transition, "actor": actor, "note": note}
    application_transitioned.send(sender=Application, **kwargs)
    transaction.on_commit(lambda: application_transition_committed.send(sender=Application, **kwargs))
    return application


def application_record_event(*, application: Application, actor, action: str, note: str = "") -> ApplicationEvent:
    """An event that is not a state change (e.g. attachment uploaded, budget edited by officer)."""
    return ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        action=action,
        from_status=application.status,
        to_status=application.status,
        note=note,
    )
