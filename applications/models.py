"""Applications (申請): the proposal, its budget, team, attachments and audit trail.

Models hold fields and constraints only; every state change goes through
`applications.services` which executes the table in `applications.workflow`.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import researcher_number_validator
from sangaku import bounds


class Status(models.TextChoices):
    DRAFT = "draft", _("作成中")
    SUBMITTED = "submitted", _("提出済")
    SCREENING = "screening", _("形式審査中")
    IN_REVIEW = "in_review", _("書面審査中")
    INTERVIEW = "interview", _("面接審査中")
    INFO_REQUESTED = "info_requested", _("追加資料依頼中")
    INSTITUTION_REVIEW = "institution_review", _("所属機関の承認待ち")
    ACCEPTED = "accepted", _("採択")
    REJECTED = "rejected", _("不採択")
    INELIGIBLE = "ineligible", _("要件不備")
    WITHDRAWN = "withdrawn", _("取下げ")


class Application(models.Model):
    call = models.ForeignKey(
        "programs.Call", on_delete=models.PROTECT, related_name="applications", verbose_name=_("公募")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications", verbose_name=_("研究代表者")
    )
    institution = models.ForeignKey(
        "programs.Institution", on_delete=models.PROTECT, related_name="applications", verbose_name=_("所属機関")
    )
    status = models.CharField(_("状態"), max_length=24, choices=Status.choices, default=Status.DRAFT, db_index=True)
    receipt_number = models.CharField(_("受付番号"), max_length=40, null=True, blank=True, unique=True)
    title = models.CharField(_("課題名"), max_length=200, blank=True)
    title_en = models.CharField(_("課題名（英語）"), max_length=300, blank=True)
    summary = models.TextField(_("概要"), blank=True, validators=[MaxLengthValidator(bounds.SUMMARY_MAX)])
    keywords = models.CharField(_("キーワード"), max_length=300, blank=True, help_text=_("読点またはカンマ区切り"))
    requested_amount = models.PositiveBigIntegerField(
        _("申請額（円）"), null=True, blank=True, validators=bounds.YEN_VALIDATORS
    )
    duration_months = models.PositiveSmallIntegerField(
        _("実施期間（月）"), null=True, blank=True, validators=bounds.MONTHS_VALIDATORS
    )
    # The id of the awards.Award this application is promoted from (Step 1 → Step 2, 育成型 → 本格型).
    # A plain id, not a foreign key: applications sits below awards and never refers to its models;
    # the awards app checks the reference (draft check and submit check registered in AwardsConfig.ready).
    predecessor_award_id = models.PositiveBigIntegerField(
        _("前段階の採択課題"), null=True, blank=True, db_index=True, db_column="predecessor_award_id"
    )
    # Bumped by every edit of the draft (content, budget, team, files): a form or API write that names an
    # older version is refused (409) so two editors never silently overwrite each other.
    version = models.PositiveIntegerField(_("版"), default=1)
    submitted_at = models.DateTimeField(_("提出日時"), null=True, blank=True)
    decided_at = models.DateTimeField(_("決定日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("申請")
        verbose_name_plural = _("申請")
        constraints = [
            # A draft withdrawn before it was ever submitted has no receipt number; anything else
            # past draft was submitted and keeps the number it got.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "withdrawn", "institution_review"]) | Q(receipt_number__isnull=False),
                name="application_submitted_has_receipt_number",
            ),
            models.CheckConstraint(
                condition=Q(duration_months__isnull=True) | Q(duration_months__gte=1),
                name="application_duration_positive",
            ),
            models.CheckConstraint(condition=bounds.months_q("duration_months"), name="application_duration_bounded"),
            models.CheckConstraint(condition=bounds.yen_q("requested_amount"), name="application_amount_bounded"),
        ]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self):
        return self.receipt_number or self.title or f"#{self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.status == Status.DRAFT


class BudgetCategory(models.TextChoices):
    EQUIPMENT = "equipment", _("物品費")
    TRAVEL = "travel", _("旅費")
    PERSONNEL = "personnel", _("人件費・謝金")
    OTHER = "other", _("その他")
    INDIRECT = "indirect", _("間接経費")


DIRECT_CATEGORIES = (BudgetCategory.EQUIPMENT, BudgetCategory.TRAVEL, BudgetCategory.PERSONNEL, BudgetCategory.OTHER)


class BudgetLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), validators=bounds.FISCAL_YEAR_VALIDATORS)
    category = models.CharField(_("費目"), max_length=16, choices=BudgetCategory.choices)
    amount = models.PositiveBigIntegerField(_("金額（円）"), validators=bounds.YEN_VALIDATORS)

    class Meta:
        ordering = ["fiscal_year", "category"]
        verbose_name = _("予算")
        verbose_name_plural = _("予算")
        constraints = [
            models.UniqueConstraint(fields=["application", "fiscal_year", "category"], name="budget_line_unique"),
            models.CheckConstraint(condition=bounds.yen_q("amount"), name="budget_line_amount_bounded"),
            models.CheckConstraint(condition=bounds.fiscal_year_q("fiscal_year"), name="budget_line_year_bounded"),
        ]


class MemberRole(models.TextChoices):
    PI = "pi", _("研究代表者")
    CO_INVESTIGATOR = "co_investigator", _("共同研究者")
    COMMERCIALISATION_PARTNER = "commercialisation_partner", _("事業化推進機関")
    PARTICIPATING_INSTITUTION = "participating_institution", _("参画機関")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("承諾待ち")
    ACCEPTED = "accepted", _("承諾済")
    DECLINED = "declined", _("辞退")


class MemberAccess(models.TextChoices):
    """What an accepted member may do on the draft (set by the PI)."""

    EDIT = "edit", _("編集可（共同申請者）")
    READ = "read", _("閲覧のみ")


class TeamMember(models.Model):
    """One row of the team. A named person counts for nothing (conflicts, effort, co-work, visibility)
    until they accept: `status` is pending until the invitee answers (`applications.invitations`)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("氏名・名称"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="team_memberships"
    )
    institution = models.ForeignKey(
        "programs.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="team_members"
    )
    role = models.CharField(_("役割"), max_length=32, choices=MemberRole.choices)
    effort_percent = models.PositiveSmallIntegerField(_("エフォート（%）"), null=True, blank=True)
    status = models.CharField(
        _("承諾状況"), max_length=16, choices=MembershipStatus.choices, default=MembershipStatus.PENDING, db_index=True
    )
    # A person without an account is invited at this address (a signed, expiring link binds the account later).
    invite_email = models.EmailField(_("招待先メールアドレス"), blank=True)
    invited_at = models.DateTimeField(_("招待日時"), null=True, blank=True)
    # Co-applicants: `edit` lets an accepted member change the draft's content, budget and files (never submit,
    # withdraw or change the team); `read` lets them read it. Set by the PI.
    access = models.CharField(_("権限"), max_length=8, choices=MemberAccess.choices, default=MemberAccess.READ)
    # Researcher identity (e-Rad): taken from the member's account when they accept, or typed by the PI.
    researcher_number = models.CharField(
        _("研究者番号"), max_length=8, blank=True, validators=[researcher_number_validator]
    )
    # Partner consent (参加確認): the organisation's named contact confirms participation and, where the stage
    # asks, a matching contribution per fiscal year ({"2025": yen}) with a consent letter (an Attachment).
    consented_at = models.DateTimeField(_("参加確認日時"), null=True, blank=True)
    consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    contribution = models.JSONField(_("負担額（年度別・円）"), default=dict, blank=True)
    consent_letter = models.ForeignKey(
        "Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("承諾書")
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("実施体制")
        verbose_name_plural = _("実施体制")
        constraints = [
            models.CheckConstraint(
                condition=Q(effort_percent__isnull=True) | (Q(effort_percent__gte=1) & Q(effort_percent__lte=100)),
                name="team_member_effort_1_100",
            ),
            models.CheckConstraint(
                condition=Q(researcher_number="") | Q(researcher_number__regex=r"^[0-9]{8}$"),
                name="team_member_researcher_number_8_digits",
            ),
        ]

    @property
    def effective_researcher_number(self) -> str:
        return self.researcher_number or (self.user.researcher_number if self.user_id and self.user else "") or ""


class MembershipEvent(models.Model):
    """Audit trail of one invitation (claim, accept, decline): actor and time, never edited."""

    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("操作"), max_length=32)
    from_status = models.CharField(_("変更前"), max_length=16, blank=True)
    to_status = models.CharField(_("変更後"), max_length=16, blank=True)
    note = models.TextField(_("メモ"), blank=True)
    at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("実施体制への招待の履歴")
        verbose_name_plural = _("実施体制への招待の履歴")


class AttachmentKind(models.TextChoices):
    PROPOSAL = "proposal", _("提案書")
    BUDGET = "budget", _("予算計画書")
    CV = "cv", _("研究者調書")
    LETTER = "letter", _("協力機関の承諾書")
    OTHER = "other", _("その他")


def attachment_path(instance, filename):
    # Storage name is opaque; the original name is kept in a field, never in the path.
    return f"applications/{instance.application_id}/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("種類"), max_length=16, choices=AttachmentKind.choices, default=AttachmentKind.PROPOSAL)
    file = models.FileField(_("ファイル"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("ファイル名"), max_length=255)
    size = models.PositiveBigIntegerField(_("サイズ（バイト）"))
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(_("形式"), max_length=120)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Files that were part of a submission are never hard-deleted: removing one after a return hides it.
    removed_at = models.DateTimeField(_("削除日時"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("添付ファイル")
        verbose_name_plural = _("添付ファイル")


class ApplicationEvent(models.Model):
    """Audit trail: one row per state change or notable action, never edited."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("操作"), max_length=32)
    from_status = models.CharField(_("変更前"), max_length=24, blank=True)
    to_status = models.CharField(_("変更後"), max_length=24, blank=True)
    note = models.TextField(_("メモ"), blank=True)
    at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("申請の履歴")
        verbose_name_plural = _("申請の履歴")

    @property
    def action_label(self) -> str:
        from .workflow import event_label

        return _(event_label(self.action))

    @property
    def is_transition(self) -> bool:
        return self.from_status != self.to_status

    @property
    def from_label(self) -> str:
        return Status(self.from_status).label if self.from_status in Status.values else self.from_status

    @property
    def to_label(self) -> str:
        return Status(self.to_status).label if self.to_status in Status.values else self.to_status


class InfoRequest(models.Model):
    """追加資料・回答依頼: an officer's question with a due date; the application waits in 追加資料依頼中.

    Written by the `request_info` row of the workflow (its apply hook), never edited afterwards
    except `answered_at` when the `respond_info` row records the answer.
    """

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="info_requests")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    question = models.TextField(_("依頼内容"))
    due_at = models.DateTimeField(_("回答期限"))
    # The state the application was in when asked; `respond_info` returns it there.
    previous_status = models.CharField(_("依頼前の状態"), max_length=24, choices=Status.choices)
    created_at = models.DateTimeField(_("依頼日時"), auto_now_add=True, db_index=True)
    answered_at = models.DateTimeField(_("回答日時"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("追加資料・回答依頼")
        verbose_name_plural = _("追加資料・回答依頼")
        constraints = [
            # At most one unanswered request per application.
            models.UniqueConstraint(
                fields=["application"], condition=Q(answered_at__isnull=True), name="info_request_one_open"
            ),
        ]


class InfoResponse(models.Model):
    """The applicant's answer to a request: a new record; what was submitted is never edited."""

    request = models.OneToOneField(InfoRequest, on_delete=models.PROTECT, related_name="response")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("回答"))
    created_at = models.DateTimeField(_("回答日時"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("追加資料・回答")
        verbose_name_plural = _("追加資料・回答")


def response_file_path(instance, filename):
    return f"info-responses/{instance.response_id}/{instance.sha256[:2]}/{instance.sha256}"


class InfoResponseFile(models.Model):
    """A file sent with an answer (checked like every upload: real type, size capped)."""

    response = models.ForeignKey(InfoResponse, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(_("ファイル"), upload_to=response_file_path, max_length=300)
    original_name = models.CharField(_("ファイル名"), max_length=255)
    size = models.PositiveBigIntegerField(_("サイズ（バイト）"))
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(_("形式"), max_length=120)

    class Meta:
        ordering = ["id"]
        verbose_name = _("回答の添付ファイル")
        verbose_name_plural = _("回答の添付ファイル")
