"""Partner consent (参画機関の参加確認): the named contact of a company, commercialisation partner or municipality
on the team confirms participation before the PI can submit.

On a stage with `partner_consent_required`, every accepted partner row (role 事業化推進機関, or an institution
that is a company, VC or municipality) must be confirmed by the person the row names; with
`partner_contribution_required` the confirmation also carries the contribution in yen per fiscal year and a
consent letter (an attachment of kind 協力機関の承諾書). The submit rules name who is still missing.
"""

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.models import InstitutionKind
from sangaku import bounds
from sangaku.errors import Forbidden, NotFound, Refused, invalid

from .attachments import check_upload, sanitize_filename
from .editing import application_record_event
from .guards import Problem
from .models import Application, Attachment, AttachmentKind, MemberRole, MembershipStatus, Status, TeamMember

PARTNER_KINDS = (InstitutionKind.COMPANY, InstitutionKind.VC, InstitutionKind.MUNICIPALITY)


def is_partner_row(member: TeamMember) -> bool:
    if member.role == MemberRole.PI:
        return False
    return member.role == MemberRole.COMMERCIALISATION_PARTNER or bool(
        member.institution_id and member.institution.kind in PARTNER_KINDS
    )


def consent_required(application) -> bool:
    stage = application.call.stage
    return bool(stage.partner_consent_required or stage.partner_contribution_required)


def _who(member: TeamMember) -> str:
    organisation = member.institution.name if member.institution_id else member.name
    person = str(member.user) if member.user_id else ""
    return f"{organisation}（{_('担当')}: {person}）" if person and person != organisation else organisation


def consent_problems(application, members) -> list[Problem]:
    """Every partner whose confirmation is missing, by name (empty unless the stage asks for consent)."""
    if not consent_required(application):
        return []
    with_contribution = application.call.stage.partner_contribution_required
    problems = []
    for member in members:
        # A declined row counts for nothing; a pending one is named by `rules.team_problems` (招待の承諾待ち).
        if not is_partner_row(member) or member.status != MembershipStatus.ACCEPTED:
            continue
        rule = _("【参画機関の参加確認】")
        if not member.user_id and not member.invite_email:
            text = _("%(who)s の担当者が指定されていません。担当者をメールアドレスで招待してください。")
        elif member.consented_at is None:
            text = _("%(who)s の参加確認がまだです。担当者に確認を依頼してください。")
        elif with_contribution and (not member.contribution or member.consent_letter_id is None):
            text = _("%(who)s の負担額（年度別）と承諾書がそろっていません。")
        else:
            continue
        problems.append(Problem("members", rule + text % {"who": _who(member)}, "partner_consent_missing"))
    return problems


def _clean_contribution(contribution) -> dict:
    cleaned, errors = {}, []
    for year, amount in (contribution or {}).items():
        try:
            year, amount = int(year), int(amount)
        except (TypeError, ValueError):
            errors.append(_("年度と負担額は整数で入力してください。"))
            continue
        if not 2000 <= year <= 2100 or not 0 <= amount <= bounds.YEN_MAX:
            errors.append(_("年度（西暦4桁）と負担額（0円以上）を正しく入力してください。"))
            continue
        if amount:
            cleaned[str(year)] = amount
    if errors:
        raise invalid({"contribution": errors})
    return cleaned


@transaction.atomic
def partner_consent(*, application_id: int, member_id: int, actor, contribution=None, letter=None) -> TeamMember:
    """The partner's named contact confirms participation on a draft (with contribution and letter if asked).

    Only the accepted person the row names; the draft must still be a draft. Leaves an event with the author.
    """
    application = Application.objects.select_for_update(of=("self",)).filter(pk=application_id).first()
    if application is None:
        raise NotFound(_("申請が見つかりません。"))
    member = (
        TeamMember.objects.select_for_update(of=("self",))
        .select_related("institution")
        .filter(pk=member_id, application=application)
        .first()
    )
    if member is None:
        raise NotFound(_("実施体制のメンバーが見つかりません。"))
    if member.user_id != getattr(actor, "pk", None) or member.status != MembershipStatus.ACCEPTED:
        raise Forbidden(_("参加確認ができるのは、参画機関の担当者として招待を承諾した本人だけです。"))
    if not is_partner_row(member):
        raise Refused(_("この行は参画機関ではないため、参加確認は不要です。"), code="not_partner")
    if application.status != Status.DRAFT:
        raise Refused(_("提出後は参加確認を変更できません。"), code="not_editable")
    values = {}
    if application.call.stage.partner_contribution_required:
        values["contribution"] = _clean_contribution(contribution)
        errors = {}
        if not values["contribution"]:
            errors["contribution"] = [_("年度ごとの負担額（円）を1年度以上入力してください。")]
        if letter is None and member.consent_letter_id is None:
            errors["letter"] = [_("承諾書のファイルを添付してください。")]
        if errors:
            raise invalid(errors)
    if letter is not None:
        checked = check_upload(letter)
        try:
            attachment = Attachment(
                application=application,
                kind=AttachmentKind.LETTER,
                original_name=sanitize_filename(getattr(letter, "name", ""), checked.content_type),
                size=checked.size,
                sha256=checked.sha256,
                content_type=checked.content_type,
                uploaded_by=actor,
            )
            attachment.file.save(checked.sha256, File(checked.file), save=False)
        finally:
            checked.file.close()
        attachment.save()
        values["consent_letter"] = attachment
    member.consented_at = timezone.now()
    member.consented_by = actor
    for key, value in values.items():
        setattr(member, key, value)
    member.save()
    total = sum(member.contribution.values()) if member.contribution else 0
    note = member.institution.name if member.institution_id else member.name
    if total:
        note += _("（負担額 計 %(total)s円）") % {"total": f"{total:,}"}
    application_record_event(application=application, actor=actor, action="partner_consent", note=note)
    return member
