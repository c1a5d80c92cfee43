"""Writes that matter for applications. Every state change goes through `application_transition`."""

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.models import Call
from sangaku.errors import DomainError, Forbidden, NotFound, Refused, invalid

from .attachments import check_upload, sanitize_filename
from .guards import DRAFT_CHECKS
from .models import (
    Application,
    ApplicationEvent,
    Attachment,
    AttachmentKind,
    BudgetCategory,
    BudgetLine,
    MemberRole,
    Status,
    TeamMember,
)
from .permissions import actor_may
from .workflow import APPLICATION_WORKFLOW, FINAL_STATES

# The name callers and tests use for any refusal of this app's services.
WorkflowError = DomainError


def application_transition(
    *, application_id: int, action: str, actor, note: str = "", override: bool = False, judged_at=None
) -> Application:
    """Run one row of the application workflow table (`APPLICATION_WORKFLOW.run`, the one executor).

    Locks the row, checks the actor and the guards, changes the state, writes an
    `ApplicationEvent` and lets other apps react (in the transaction and after
    commit). A repeat of the action that already took effect (double click,
    retry) returns the application unchanged and writes nothing.

    `judged_at` is for importing historical records (the seed's FY2024 calls): the guards
    judge the move at that instant instead of the clock. Never exposed through a view.
    """
    return APPLICATION_WORKFLOW.run(
        pk=application_id, action=action, actor=actor, note=note, override=override, now=judged_at
    )


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


# --- Drafts: content edits -------------------------------------------------------------------------------------

DRAFT_FIELDS = (
    "title",
    "title_en",
    "summary",
    "keywords",
    "requested_amount",
    "duration_months",
    "predecessor_award_id",
    "institution",
)


def _lock_editable(application_id: int, actor) -> Application:
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


def _validate_draft_values(values: dict) -> None:
    errors = {}
    months = values.get("duration_months")
    if months is not None and months < 1:
        errors["duration_months"] = [_("実施期間（月）は1以上の整数で入力してください。")]
    amount = values.get("requested_amount")
    if amount is not None and amount < 0:
        errors["requested_amount"] = [_("申請額（円）は0以上の整数で入力してください。")]
    for check in DRAFT_CHECKS:
        for problem in check(values):
            errors.setdefault(problem.field, []).append(problem.message)
    if errors:
        raise invalid(errors)


@transaction.atomic
def application_create_draft(*, call: Call, applicant, institution=None, **values) -> Application:
    """Start a draft application to an open call; the applicant becomes its PI.

    The institution defaults to the applicant's affiliation. A call that is not open
    (unpublished, not yet open or closed in Asia/Tokyo) refuses new drafts.
    """
    unknown = set(values) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if not call.is_open:
        raise invalid(
            {"call": [_("この公募は現在受付期間外のため、申請を作成できません。受付中の公募を選んでください。")]}
        )
    institution = institution or applicant.affiliation
    if institution is None:
        raise invalid({"institution": [_("所属機関を指定してください（プロフィールに所属機関が未登録です）。")]})
    _validate_draft_values(values)
    application = Application.objects.create(call=call, applicant=applicant, institution=institution, **values)
    TeamMember.objects.create(
        application=application,
        name=str(applicant),
        user=applicant,
        institution=institution,
        role=MemberRole.PI,
    )
    application_record_event(application=application, actor=applicant, action="create")
    return application


@transaction.atomic
def application_update_draft(*, application_id: int, actor, **values) -> Application:
    """Change the content fields of a draft; refused (nothing changed) once submitted."""
    unknown = set(values) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    application = _lock_editable(application_id, actor)
    _validate_draft_values(values)
    changed = [name for name, value in values.items() if getattr(application, name) != value]
    if not changed:
        return application
    for name in changed:
        setattr(application, name, values[name])
    application.save(update_fields=[*changed, "updated_at"])
    application_record_event(application=application, actor=actor, action="update", note=", ".join(changed))
    return application


@transaction.atomic
def application_delete_draft(*, application_id: int, actor) -> None:
    """Delete a draft that was never submitted (no receipt number); anything submitted stays forever."""
    application = _lock_editable(application_id, actor)
    if application.receipt_number:
        raise Refused(
            _("一度提出した申請（受付番号 %(number)s）は削除できません。不要な場合は取下げてください。")
            % {"number": application.receipt_number},
            code="not_deletable",
        )
    files = [a.file.name for a in application.attachments.all()]
    application.events.all().delete()
    application.delete()
    storage = Attachment._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in files])


# --- Budget lines ---------------------------------------------------------------------------------------------


def _validate_budget_line(fiscal_year: int, category: str, amount: int) -> None:
    errors = {}
    if category not in BudgetCategory.values:
        errors["category"] = [_("費目は equipment, travel, personnel, other, indirect のいずれかにしてください。")]
    if fiscal_year is None or not 2000 <= fiscal_year <= 2100:
        errors["fiscal_year"] = [_("年度は西暦4桁（例: 2025）で入力してください。")]
    if amount is None or amount < 0:
        errors["amount"] = [_("金額（円）は0以上の整数で入力してください。")]
    if errors:
        raise invalid(errors)


@transaction.atomic
def budget_line_upsert(
    *, application_id: int, actor, fiscal_year: int, category: str, amount: int, line_id: int | None = None
) -> BudgetLine:
    """Create or change one budget line of a draft (one line per fiscal year and category)."""
    application = _lock_editable(application_id, actor)
    _validate_budget_line(fiscal_year, category, amount)
    clash = application.budget_lines.filter(fiscal_year=fiscal_year, category=category)
    if line_id is not None:
        line = application.budget_lines.filter(pk=line_id).first()
        if line is None:
            raise NotFound(_("予算行が見つかりません。"))
        if clash.exclude(pk=line_id).exists():
            raise invalid({"category": [_("同じ年度・費目の行がすでにあります。その行の金額を変更してください。")]})
        line.fiscal_year, line.category, line.amount = fiscal_year, category, amount
        line.save()
    else:
        line, _created = BudgetLine.objects.update_or_create(
            application=application, fiscal_year=fiscal_year, category=category, defaults={"amount": amount}
        )
    application_record_event(
        application=application,
        actor=actor,
        action="budget_update",
        note=f"{fiscal_year} {BudgetCategory(category).label} {amount:,}円",
    )
    return line


def _delete_draft_part(*, application_id: int, actor, related: str, pk: int, missing: str, action: str, describe):
    """Remove one budget line or team member of the actor's own draft, leaving an event that says what went."""
    application = _lock_editable(application_id, actor)
    part = getattr(application, related).filter(pk=pk).first()
    if part is None:
        raise NotFound(missing)
    note = describe(part)
    part.delete()
    application_record_event(application=application, actor=actor, action=action, note=note)


@transaction.atomic
def budget_line_delete(*, application_id: int, actor, line_id: int) -> None:
    """Remove one budget line of a draft."""
    _delete_draft_part(
        application_id=application_id,
        actor=actor,
        related="budget_lines",
        pk=line_id,
        missing=_("予算行が見つかりません。"),
        action="budget_delete",
        describe=lambda line: f"{line.fiscal_year} {BudgetCategory(line.category).label}",
    )


@transaction.atomic
def budget_set(*, application_id: int, actor, amounts: dict[tuple[int, str], int | None]) -> Application:
    """Replace a draft's budget grid: a blank or zero amount removes the line. One event for the whole save."""
    application = _lock_editable(application_id, actor)
    existing = {(line.fiscal_year, line.category): line for line in application.budget_lines.all()}
    changed = False
    for (fiscal_year, category), amount in amounts.items():
        line = existing.get((fiscal_year, category))
        if not amount:
            if line is not None:
                line.delete()
                changed = True
            continue
        _validate_budget_line(fiscal_year, category, amount)
        if line is None:
            BudgetLine.objects.create(
                application=application, fiscal_year=fiscal_year, category=category, amount=amount
            )
            changed = True
        elif line.amount != amount:
            line.amount = amount
            line.save(update_fields=["amount"])
            changed = True
    if changed:
        total = sum(application.budget_lines.values_list("amount", flat=True))
        application_record_event(
            application=application,
            actor=actor,
            action="budget_update",
            note=_("合計 %(total)s円") % {"total": f"{total:,}"},
        )
    return application


# --- Team members ---------------------------------------------------------------------------------------------


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
    application = _lock_editable(application_id, actor)
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
    _delete_draft_part(
        application_id=application_id,
        actor=actor,
        related="members",
        pk=member_id,
        missing=_("実施体制のメンバーが見つかりません。"),
        action="member_remove",
        describe=lambda member: f"{member.name}（{member.get_role_display()}）",
    )


# --- Attachments ----------------------------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, application_id: int, actor, uploaded, kind: str = AttachmentKind.PROPOSAL) -> Attachment:
    """Store an uploaded file on a draft after checking its size (while reading) and its real type."""
    application = _lock_editable(application_id, actor)
    if kind not in AttachmentKind.values:
        raise invalid({"kind": [_("種類は proposal, budget, cv, letter, other のいずれかにしてください。")]})
    checked = check_upload(uploaded)
    try:
        attachment = Attachment(
            application=application,
            kind=kind,
            original_name=sanitize_filename(getattr(uploaded, "name", ""), checked.content_type),
            size=checked.size,
            sha256=checked.sha256,
            content_type=checked.content_type,
            uploaded_by=actor,
        )
        attachment.file.save(checked.sha256, File(checked.file), save=False)
    finally:
        checked.file.close()
    attachment.save()
    application_record_event(
        application=application, actor=actor, action="attachment_add", note=attachment.original_name
    )
    return attachment


@transaction.atomic
def attachment_delete(*, attachment_id: int, actor) -> None:
    """Remove an attachment from a draft.

    A file uploaded after the last submission is deleted; one that was part of a
    submission (the draft was returned) is only hidden: nothing submitted is hard-deleted.
    """
    attachment = Attachment.objects.filter(pk=attachment_id, removed_at__isnull=True).first()
    if attachment is None:
        raise NotFound(_("添付ファイルが見つかりません。"))
    application = _lock_editable(attachment.application_id, actor)
    note = attachment.original_name
    if application.submitted_at and attachment.uploaded_at <= application.submitted_at:
        attachment.removed_at = timezone.now()
        attachment.removed_by = actor
        attachment.save(update_fields=["removed_at", "removed_by"])
    else:
        name = attachment.file.name
        storage = attachment.file.storage
        attachment.delete()
        if not Attachment.objects.filter(file=name).exists():
            transaction.on_commit(lambda: storage.delete(name))
    application_record_event(application=application, actor=actor, action="attachment_remove", note=note)
