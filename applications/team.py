"""The team of a draft (実施体制): the PI, co-investigators, partners and participating institutions."""

from django.db import transaction
from django.utils.translation import gettext as _

from sangaku.errors import NotFound, invalid

from .editing import application_record_event, delete_draft_part, lock_editable
from .models import MemberRole, TeamMember


def _validate_member(*, name: str, role: str, effort_percent: int | None) -> None:
    errors = {}
    if not (name or "").strip():
        errors["name"] = [_("氏名・名称を入力してください。")]
    if role not in MemberRole.values:
        errors["role"] = [
            _(
                "役割は pi, co_investigator, commercialisation_partner, participating_institution のいずれかにしてください。"
            )
        ]
    if effort_percent is not None and not 1 <= effort_percent <= 100:
        errors["effort_percent"] = [_("エフォートは1〜100（%）の整数で入力してください。")]
    if errors:
        raise invalid(errors)


@transaction.atomic
def member_upsert(
    *,
    application_id: int,
    actor,
    name: str,
    role: str,
    user=None,
    institution=None,
    effort_percent: int | None = None,
    member_id: int | None = None,
) -> TeamMember:
    """Add a team member to a draft, or change one (member_id)."""
    application = lock_editable(application_id, actor)
    _validate_member(name=name, role=role, effort_percent=effort_percent)
    values = {
        "name": name.strip(),
        "role": role,
        "user": user,
        "institution": institution,
        "effort_percent": effort_percent,
    }
    if member_id is not None:
        member = application.members.filter(pk=member_id).first()
        if member is None:
            raise NotFound(_("実施体制のメンバーが見つかりません。"))
        for key, value in values.items():
            setattr(member, key, value)
        member.save()
        action = "member_update"
    else:
        member = TeamMember.objects.create(application=application, **values)
        action = "member_add"
    application_record_event(
        application=application, actor=actor, action=action, note=f"{member.name}（{MemberRole(role).label}）"
    )
    return member


@transaction.atomic
def member_delete(*, application_id: int, actor, member_id: int) -> None:
    """Remove a team member from a draft."""
    delete_draft_part(
        application_id=application_id,
        actor=actor,
        related="members",
        pk=member_id,
        missing=_("実施体制のメンバーが見つかりません。"),
        action="member_remove",
        describe=lambda member: f"{member.name}（{member.get_role_display()}）",
    )
