"""Writes that matter for applications. Every state change goes through `application_transition`.

Drafts are edited here (content), in `applications.budget` (budget lines), `applications.team`
(team members) and `applications.uploads` (attachments); all lock through `applications.editing`.
The names below are the one place callers import them from.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from programs.models import Call
from sangaku.errors import DomainError, Forbidden, NotFound, Refused, invalid

from .budget import budget_line_delete, budget_line_upsert, budget_set
from .consent import partner_consent
from .editing import application_record_event, lock_editable
from .guards import DRAFT_CHECKS, FIELD_LABELS
from .info_requests import check_files
from .models import (
    Application,
    Attachment,
    MemberRole,
    MembershipStatus,
    Status,
    TeamMember,
)
from .team import member_delete, member_upsert, pi_effort_set
from .uploads import attachment_add, attachment_delete
from .workflow import APPLICATION_WORKFLOW

# The name callers and tests use for any refusal of this app's services.
WorkflowError = DomainError

__all__ = [
    "WorkflowError",
    "application_create_draft",
    "application_delete_draft",
    "application_institution_correct",
    "application_record_event",
    "application_transition",
    "application_update_draft",
    "attachment_add",
    "attachment_delete",
    "budget_line_delete",
    "budget_line_upsert",
    "budget_set",
    "member_delete",
    "member_upsert",
    "partner_consent",
    "pi_effort_set",
]


def application_transition(
    *,
    application_id: int,
    action: str,
    actor,
    note: str = "",
    override: bool = False,
    judged_at=None,
    due_at=None,
    files=None,
    within=None,
) -> Application:
    """Run one row of the application workflow table (`APPLICATION_WORKFLOW.run`, the one executor).

    Locks the row, checks the actor and the guards, changes the state, writes an
    `ApplicationEvent` and lets other apps react (in the transaction and after
    commit). A repeat of the action that already took effect (double click,
    retry) returns the application unchanged and writes nothing.

    `judged_at`: the guards judge the move at that instant instead of the clock. Views pass the
    instant the request arrived (`sangaku.clock.received_at`: a submit that arrives before the
    deadline is accepted however long it then waits); imports of historical records (the seed's
    FY2024 calls) pass their recorded time. Never taken from what a user sends.

    `within`: the caller's scope (`selectors.applications_for_user(actor)`): the row is locked from it, so an
    application outside it is "not found" (404) and scope and lock cost one query.

    `due_at` (request_info) and `files` (respond_info: uploads, checked before anything is written)
    are passed to the rows that use them.

    `submit` from a draft runs `submit_to_institution` instead when the stage requires 所属機関承認 and the
    institution has a research office (`applications.institution`).
    """
    pick = None
    if action == "submit":  # the PI's submit: to the research office first where the stage asks for it
        from .institution import submit_action

        def pick(current):
            return submit_action(current) if current.status == Status.DRAFT else "submit"

    params = {}
    if due_at is not None:
        params["due_at"] = due_at
    if files:
        params["files"] = check_files(files)
    return APPLICATION_WORKFLOW.run(
        pk=application_id,
        action=action,
        actor=actor,
        note=note,
        override=override,
        now=judged_at,
        within=within,
        pick=pick,
        **params,
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
)


def _validate_draft_values(values: dict, *, applicant) -> None:
    errors = {}
    months = values.get("duration_months")
    if months is not None and months < 1:
        errors["duration_months"] = [_("実施期間（月）は1以上の整数で入力してください。")]
    amount = values.get("requested_amount")
    if amount is not None and amount < 0:
        errors["requested_amount"] = [_("申請額（円）は0以上の整数で入力してください。")]
    for check in DRAFT_CHECKS:
        for problem in check(values, applicant=applicant):
            errors.setdefault(problem.field, []).append(problem.message)
    if errors:
        raise invalid(errors)


@transaction.atomic
def application_create_draft(*, call: Call, applicant, **values) -> Application:
    """Start a draft application to an open call; the applicant becomes its PI.

    The application's institution is the PI's affiliation (not a choice of the applicant: 所属機関承認 and the
    conflict checks follow from it; an officer corrects it with `application_institution_correct`). A call that is
    not open (unpublished, not yet open or closed in Asia/Tokyo) refuses new drafts.
    """
    unknown = set(values) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if not call.is_open:
        raise invalid(
            {"call": [_("この公募は現在受付期間外のため、申請を作成できません。受付中の公募を選んでください。")]}
        )
    institution = applicant.affiliation
    if institution is None:
        raise invalid(
            {
                "institution": [
                    _(
                        "プロフィールに所属機関が登録されていません。所属機関の登録を担当者に依頼してから申請してください。"
                    )
                ]
            }
        )
    _validate_draft_values(values, applicant=applicant)
    application = Application.objects.create(call=call, applicant=applicant, institution=institution, **values)
    TeamMember.objects.create(
        application=application,
        name=str(applicant),
        user=applicant,
        institution=institution,
        role=MemberRole.PI,
        status=MembershipStatus.ACCEPTED,  # the PI row is the applicant themself: no consent to ask
    )
    application_record_event(application=application, actor=applicant, action="create")
    return application


@transaction.atomic
def application_update_draft(
    *, application_id: int, actor, version=None, within=None, call=None, **values
) -> Application:
    """Change the content fields of a draft; refused (nothing changed) once submitted.

    The PI or a co-applicant with edit access; `version` (the one the editor loaded) guards against
    overwriting someone else's newer change (409). `within`: the caller's scope to lock the row from (one
    read: scope, lock and the row's call together). `call`, when given, must be the draft's own (it never
    changes). One read, one UPDATE (content, `updated_at` and `version` together) and the event."""
    unknown = set(values) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    application = lock_editable(application_id, actor, version=version, within=within)
    if call is not None and call.pk != application.call_id:
        raise invalid({"call": [_("公募（call）は作成後に変更できません。新しい申請を作成してください。")]})
    _validate_draft_values(values, applicant=application.applicant)
    changed = [name for name, value in values.items() if getattr(application, name) != value]
    if not changed:
        return application
    for name in changed:
        setattr(application, name, values[name])
    application.version = (application.version or 0) + 1  # the row is locked: this is the stored version + 1
    application.save(update_fields=[*changed, "updated_at", "version"])
    # The history says what changed in words (課題名、概要), never the field names.
    note = "、".join(str(FIELD_LABELS.get(name, name)) for name in changed)
    application_record_event(application=application, actor=actor, action="update", note=note, bump_version=False)
    return application


@transaction.atomic
def application_institution_correct(*, application_id: int, actor, institution_id, reason: str) -> Application:
    """An officer in scope corrects the application's institution (e.g. the PI's affiliation was out of date).

    The reason is required; the event names the old and the new institution with the reason. The institution decides
    whose research office approves (所属機関承認) and the same-institution conflicts.
    """
    from programs.models import Institution

    from .permissions import is_officer_for

    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("call__stage__program", "call__platform", "institution")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFound(_("申請が見つかりません。"))
    if not is_officer_for(actor, application):
        raise Forbidden(_("代表機関を訂正できるのは、この公募の担当者だけです。"))
    errors = {}
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("訂正の理由を入力してください。")]
    institution = Institution.objects.filter(pk=institution_id).first() if str(institution_id).isdigit() else None
    if institution is None:
        errors["institution"] = [_("所属機関を一覧から選んでください。")]
    elif institution.pk == application.institution_id:
        errors["institution"] = [_("現在と同じ所属機関です。訂正後の所属機関を選んでください。")]
    if errors:
        raise invalid(errors)
    before = application.institution.name
    application.institution = institution
    application.save(update_fields=["institution", "updated_at"])
    note = _("%(before)s → %(after)s（理由: %(reason)s）") % {
        "before": before,
        "after": institution.name,
        "reason": reason,
    }
    application_record_event(application=application, actor=actor, action="institution_correct", note=note)
    return application


@transaction.atomic
def application_delete_draft(*, application_id: int, actor) -> None:
    """Delete a draft that was never submitted (no receipt number); anything submitted stays forever."""
    application = lock_editable(application_id, actor, team=True)
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
