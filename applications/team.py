"""The team of a draft (実施体制): the PI, co-investigators, partners and participating institutions.

Naming a person (an account id, or an e-mail address) creates a pending invitation
(`applications.invitations`); the row counts for nothing until the person accepts.
The answer is the same whether or not the person exists, so ids and addresses
cannot be enumerated. The PI row and a row naming the applicant themself need no consent.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import researcher_number_validator
from sangaku.errors import NotFound, invalid

from .editing import application_record_event, delete_draft_part, lock_editable
from .invitations import invitation_send
from .models import MemberAccess, MemberRole, MembershipStatus, TeamMember

KEEP = object()  # "the person named on this row stays as it is" (an update that changes other fields)


def _validate_member(*, name: str, role: str, effort_percent: int | None, email: str) -> None:
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
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("メールアドレスの形式が正しくありません。")]
    if errors:
        raise invalid(errors)


def _person(*, user_id, email: str):
    """The account a request names, or None (unknown id, unknown address, or nobody named)."""
    users = get_user_model().objects.filter(is_active=True)
    if user_id is not None:
        return users.filter(pk=user_id).first()
    if email:
        return users.filter(email__iexact=email).order_by("pk").first()
    return None


@transaction.atomic
def member_upsert(
    *,
    application_id: int,
    actor,
    name: str,
    role: str,
    user_id=KEEP,
    email: str = "",
    institution=None,
    effort_percent: int | None = None,
    member_id: int | None = None,
    access: str = MemberAccess.READ,
    researcher_number: str = "",
) -> TeamMember:
    """Add a team member to a draft, or change one (member_id).

    `user_id` or `email` names a person: the row is pending and an invitation goes out.
    An update that passes neither (`user_id=KEEP`) keeps the person and their answer.
    `access` (edit / read) is what the person may do once they accept; only the PI changes the team.
    A change of the row after a partner confirmed clears the confirmation (it must be given again).
    """
    application = lock_editable(application_id, actor, team=True)
    email = (email or "").strip()
    _validate_member(name=name, role=role, effort_percent=effort_percent, email=email)
    if access not in MemberAccess.values:
        raise invalid({"access": [_("権限は edit（編集可）または read（閲覧のみ）にしてください。")]})
    researcher_number = (researcher_number or "").strip()
    try:
        if researcher_number:
            researcher_number_validator(researcher_number)
    except ValidationError as exc:
        raise invalid({"researcher_number": [str(m) for m in exc]}) from None
    values = {
        "name": name.strip(),
        "role": role,
        "institution": institution,
        "effort_percent": effort_percent,
        "access": access,
        "researcher_number": researcher_number,
    }
    if member_id is not None:
        member = application.members.filter(pk=member_id).first()
        if member is None:
            raise NotFound(_("実施体制のメンバーが見つかりません。"))
        action = "member_update"
    else:
        member = TeamMember(application=application)
        action = "member_add"
    if role == MemberRole.PI:
        others = application.members.filter(role=MemberRole.PI).exclude(status=MembershipStatus.DECLINED)
        if member.pk is not None:
            others = others.exclude(pk=member.pk)
        if others.exists():
            raise invalid(
                {
                    "role": [
                        _(
                            "研究代表者は1申請に1名だけです（既に %(name)s さんが研究代表者です）。"
                            "共同研究者など、ほかの役割を選んでください。"
                        )
                        % {"name": others.first().name}
                    ]
                }
            )
    changed = member.pk is not None and any(getattr(member, k) != v for k, v in values.items())
    for key, value in values.items():
        setattr(member, key, value)
    if changed and member.consented_at:
        member.consented_at, member.consented_by, member.contribution, member.consent_letter = None, None, {}, None
    renamed = user_id is not KEEP or email
    if member.pk is None or renamed:
        person = _person(user_id=None if user_id is KEEP else user_id, email=email)
        named = (user_id not in (KEEP, None)) or bool(email)
        member.user = person
        member.invite_email = email
        if person is not None and person.pk == application.applicant_id:
            member.status = MembershipStatus.ACCEPTED  # naming oneself needs no consent
        else:
            member.status = MembershipStatus.PENDING if named else MembershipStatus.ACCEPTED
    member.save()
    if (action == "member_add" or renamed) and member.status == MembershipStatus.PENDING:
        invitation_send(member)
    application_record_event(
        application=application, actor=actor, action=action, note=f"{member.name}（{MemberRole(role).label}）"
    )
    return member


@transaction.atomic
def pi_effort_set(*, application_id: int, actor, effort_percent: int | None) -> TeamMember:
    """The PI states their own effort (エフォート) on the PI row of a draft."""
    application = lock_editable(application_id, actor, team=True)
    pi = application.members.filter(role=MemberRole.PI).order_by("id").first()
    if pi is None:
        raise NotFound(_("研究代表者の行が実施体制にありません。"))
    return member_upsert(
        application_id=application.pk,
        actor=actor,
        member_id=pi.pk,
        name=pi.name,
        role=pi.role,
        institution=pi.institution,
        effort_percent=effort_percent,
        access=pi.access,
        researcher_number=pi.researcher_number,
    )


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
        team=True,
    )
