"""What every edit of a draft shares: the lock that refuses anything but the owner's draft, and the event it leaves."""

from django.db.models import F
from django.utils.translation import gettext as _

from sangaku.errors import Forbidden, NotFound, Refused

from .models import Application, ApplicationEvent, Status
from .permissions import actor_may, may_edit_draft
from .workflow import FINAL_STATES


def application_record_event(
    *, application: Application, actor, action: str, note: str = "", bump_version: bool = True
) -> ApplicationEvent:
    """An event that is not a state change (e.g. attachment uploaded, budget edited by a co-applicant), with its
    author. Every such edit bumps `Application.version`, so a write based on an older version is refused
    (`bump_version=False`: the caller already saved the bumped version with its own UPDATE)."""
    if bump_version:
        Application.objects.filter(pk=application.pk).update(version=F("version") + 1)
        application.version = (application.version or 0) + 1
    return ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        action=action,
        from_status=application.status,
        to_status=application.status,
        note=note,
    )


def check_version(application: Application, version) -> None:
    """Refuse (409, nothing changed) a write made on an older version of the draft than the one stored."""
    if version is not None and int(version) != application.version:
        raise Refused(
            _(
                "この申請は、あなたが画面を開いた後に別の人が更新しました（現在の版: %(current)s、"
                "編集を始めた版: %(yours)s）。上書きを防ぐため保存しませんでした。"
                "ページを読み込み直して最新の内容を確認してから、もう一度変更してください。"
            )
            % {"current": application.version, "yours": version},
            code="stale_version",
        )


def lock_editable(application_id: int, actor, *, team: bool = False, version=None, within=None) -> Application:
    """Lock an application for a content edit; refuse unless it is a draft the actor may edit.

    The PI edits everything; an accepted co-applicant with `edit` access edits the content, budget and
    files but not the team (`team=True`). `version`, when given, must be the stored one (`check_version`).
    `within`: the caller's scope (`selectors.applications_for_user`) to lock from; outside it is "not found".
    After submit nothing may change until an officer returns it; withdrawn or decided
    applications never change again.
    """
    application = (
        (Application.objects if within is None else within)
        .select_for_update(of=("self",))
        .select_related("call__stage__program", "call__platform", "applicant")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFound(_("申請が見つかりません。"))
    if team and not actor_may(actor, application, "applicant"):
        raise Forbidden(_("実施体制を変更できるのは研究代表者（申請者本人）だけです。"))
    if not may_edit_draft(actor, application):
        raise Forbidden(_("この申請を編集できるのは研究代表者と、編集権限のある共同申請者だけです。"))
    if application.status != Status.DRAFT:
        if application.status in FINAL_STATES:
            message = _("この申請は「%(status)s」で確定しているため、変更できません。")
        else:
            message = _("この申請は「%(status)s」です。提出後は、担当者が差し戻すまで内容を変更できません。")
        raise Refused(message % {"status": Status(application.status).label}, code="not_editable")
    check_version(application, version)
    return application


def delete_draft_part(
    *, application_id: int, actor, related: str, pk: int, missing: str, action: str, describe, team: bool = False
):
    """Remove one budget line or team member of a draft the actor may edit, leaving an event that says what went."""
    application = lock_editable(application_id, actor, team=team)
    part = getattr(application, related).filter(pk=pk).first()
    if part is None:
        raise NotFound(missing)
    note = describe(part)
    part.delete()
    application_record_event(application=application, actor=actor, action=action, note=note)
