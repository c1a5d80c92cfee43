"""What every edit of a draft shares: the lock that refuses anything but the owner's draft, and the event it leaves."""

from django.utils.translation import gettext as _

from sangaku.errors import Forbidden, NotFound, Refused

from .models import Application, ApplicationEvent, Status
from .permissions import actor_may
from .workflow import FINAL_STATES


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


def lock_editable(application_id: int, actor) -> Application:
    """Lock an application for a content edit; refuse unless it is the owner's draft.

    After submit nothing may change until an officer returns it; withdrawn or decided
    applications never change again.
    """
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call__stage__program", "call__platform")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFound(_("申請が見つかりません。"))
    if not actor_may(actor, application, "applicant"):
        raise Forbidden(_("この申請を編集できるのは研究代表者（申請者本人）だけです。"))
    if application.status != Status.DRAFT:
        if application.status in FINAL_STATES:
            message = _("この申請は「%(status)s」で確定しているため、変更できません。")
        else:
            message = _("この申請は「%(status)s」です。提出後は、担当者が差し戻すまで内容を変更できません。")
        raise Refused(message % {"status": Status(application.status).label}, code="not_editable")
    return application


def delete_draft_part(*, application_id: int, actor, related: str, pk: int, missing: str, action: str, describe):
    """Remove one budget line or team member of the actor's own draft, leaving an event that says what went."""
    application = lock_editable(application_id, actor)
    part = getattr(application, related).filter(pk=pk).first()
    if part is None:
        raise NotFound(missing)
    note = describe(part)
    part.delete()
    application_record_event(application=application, actor=actor, action=action, note=note)
