"""Money after the award (the first half): 配分, 委託研究契約, 支払計画, 請求 and 支払.

- `FinanceRule`: a program's (or one stage's) rules as data: the 費目 list, the indirect rate, the reminder
  and escalation thresholds, the contract conditions template. Without a row the JST defaults apply
  (`finance.rules`).
- `Allocation` / `AllocationLine`: the 配分 of an award: per fiscal year × institution × 費目, in whole yen;
  proposed by the holder, approved by an officer (`ALLOCATION_WORKFLOW`).
- `Contract` / `ContractLine`: one 委託研究契約 per (award, institution, fiscal year), generated from the
  approved 配分; a 変更契約 is a new row (`amends` → the contract it changes, `revision` + 1) that keeps the
  original and records the difference per 費目 (`CONTRACT_WORKFLOW`).
- `Instalment`: the 支払計画 of a contract chain (rows hang on the original contract, revision 0).
- `Invoice`: a 請求 against an instalment, approved by an officer, then paid (`INVOICE_WORKFLOW`).
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sangaku import bounds
from sangaku.events import WorkflowEvent


class FinanceRule(models.Model):
    """Rules of one program, or of one stage (a stage row wins over its program's row)."""

    program = models.ForeignKey(
        "programs.Program",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("プログラム"),
    )
    stage = models.OneToOneField(
        "programs.Stage", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("段階")
    )
    # [{"code": "equipment", "label": "設備備品費", "label_en": "Equipment"}, …]: the direct 費目; 間接経費 is always there
    direct_categories = models.JSONField(_("直接経費の費目"), default=list, blank=True)
    indirect_rate_percent = models.PositiveSmallIntegerField(
        _("間接経費率上限（直接経費に対する%）"), default=30, validators=bounds.PERCENT_VALIDATORS
    )
    reminder_days = models.PositiveSmallIntegerField(_("未署名の督促（送付後の日数）"), default=7)
    escalation_days = models.PositiveSmallIntegerField(_("担当POへの連絡（送付後の日数）"), default=21)
    invoice_overdue_days = models.PositiveSmallIntegerField(_("請求の承認期限（提出後の日数）"), default=14)
    instalments = models.PositiveSmallIntegerField(_("支払回数の初期値"), default=2)
    contract_conditions = models.TextField(
        _("契約条件（雛形）"), blank=True, validators=[MaxLengthValidator(bounds.NOTE_MAX * 5)]
    )

    class Meta:
        verbose_name = _("経理ルール")
        verbose_name_plural = _("経理ルール")
        constraints = [
            models.UniqueConstraint(
                fields=["program"], condition=Q(stage__isnull=True), name="finance_rule_one_per_program"
            ),
            models.CheckConstraint(
                condition=Q(program__isnull=False) | Q(stage__isnull=False), name="finance_rule_has_scope"
            ),
        ]

    def __str__(self):
        return str(self.stage or self.program)


class AllocationStatus(models.TextChoices):
    DRAFT = "draft", _("作成中")
    PROPOSED = "proposed", _("承認待ち")
    APPROVED = "approved", _("承認済")


class Allocation(models.Model):
    award = models.OneToOneField("awards.Award", on_delete=models.PROTECT, related_name="allocation")
    status = models.CharField(
        _("状態"), max_length=16, choices=AllocationStatus.choices, default=AllocationStatus.DRAFT
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("配分")
        verbose_name_plural = _("配分")

    def __str__(self):
        return f"{self.award} 配分"


class AllocationLine(models.Model):
    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="lines")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), validators=bounds.FISCAL_YEAR_VALIDATORS)
    institution = models.ForeignKey(
        "programs.Institution", on_delete=models.PROTECT, related_name="+", verbose_name=_("機関")
    )
    category = models.CharField(_("費目"), max_length=32)
    amount = models.PositiveBigIntegerField(_("金額（円）"), validators=bounds.YEN_VALIDATORS)

    class Meta:
        ordering = ["fiscal_year", "institution_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "fiscal_year", "institution", "category"], name="allocation_line_unique"
            ),
            models.CheckConstraint(condition=bounds.yen_q("amount"), name="allocation_line_amount_bounded"),
        ]


class AllocationEvent(WorkflowEvent):
    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="events")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("作成中")
    SENT = "sent", _("署名待ち")
    SIGNED = "signed", _("署名済")
    ACTIVE = "active", _("履行中")
    CLOSED = "closed", _("完了")
    AMENDED = "amended", _("変更済（変更契約あり）")
    CANCELLED = "cancelled", _("取消")


class Contract(models.Model):
    number = models.CharField(_("契約番号"), max_length=64, unique=True)
    award = models.ForeignKey("awards.Award", on_delete=models.PROTECT, related_name="contracts")
    institution = models.ForeignKey(
        "programs.Institution", on_delete=models.PROTECT, related_name="+", verbose_name=_("受託機関")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), validators=bounds.FISCAL_YEAR_VALIDATORS)
    revision = models.PositiveSmallIntegerField(_("変更回数"), default=0)
    amends = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendment",
        verbose_name=_("変更前の契約"),
    )
    root_contract = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("当初契約")
    )
    funder = models.CharField(_("委託者"), max_length=200)
    period_start = models.DateField(_("契約期間（開始）"))
    period_end = models.DateField(_("契約期間（終了）"))
    amount = models.PositiveBigIntegerField(_("契約額（円）"), validators=bounds.YEN_VALIDATORS)
    difference = models.BigIntegerField(_("変更前との差額（円）"), default=0)
    conditions = models.TextField(_("契約条件"), blank=True)
    status = models.CharField(_("状態"), max_length=16, choices=ContractStatus.choices, default=ContractStatus.DRAFT)
    sent_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_copy = models.FileField(_("署名済み契約書（紙の写し）"), upload_to="contracts/", blank=True, max_length=300)
    signed_copy_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["fiscal_year", "award_id", "institution_id", "revision"]
        verbose_name = _("委託研究契約")
        verbose_name_plural = _("委託研究契約")
        constraints = [
            models.UniqueConstraint(
                fields=["award", "institution", "fiscal_year", "revision"], name="contract_unique_revision"
            ),
            models.CheckConstraint(condition=bounds.yen_q("amount"), name="contract_amount_bounded"),
        ]
        indexes = [models.Index(fields=["status", "sent_at"])]

    def __str__(self):
        return self.number

    @property
    def root_id(self) -> int:
        """The original contract of the chain (instalments and invoices hang on it)."""
        return self.root_contract_id or self.pk


class ContractLine(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("費目"), max_length=32)
    amount = models.PositiveBigIntegerField(_("金額（円）"), validators=bounds.YEN_VALIDATORS)
    difference = models.BigIntegerField(_("差額（円）"), default=0)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["contract", "category"], name="contract_line_unique")]


class ContractEvent(WorkflowEvent):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="events")


class Instalment(models.Model):
    """One instalment of a contract chain's 支払計画 (on the original contract)."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="instalments")
    sequence = models.PositiveSmallIntegerField(_("回"))
    amount = models.PositiveBigIntegerField(_("金額（円）"), validators=bounds.YEN_VALIDATORS)
    due_month = models.DateField(_("支払予定月"))  # the 1st of the month
    paid_amount = models.PositiveBigIntegerField(_("支払済額（円）"), default=0)
    paid_on = models.DateField(_("支払日"), null=True, blank=True)

    class Meta:
        ordering = ["contract_id", "sequence"]
        verbose_name = _("支払計画")
        verbose_name_plural = _("支払計画")
        constraints = [
            models.UniqueConstraint(fields=["contract", "sequence"], name="instalment_unique_sequence"),
            models.CheckConstraint(condition=bounds.yen_q("amount"), name="instalment_amount_bounded"),
        ]

    @property
    def is_paid(self) -> bool:
        return self.paid_amount >= self.amount and self.amount > 0


class InvoiceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("承認待ち")
    APPROVED = "approved", _("承認済（支払待ち）")
    PAID = "paid", _("支払済")
    RETURNED = "returned", _("差戻し")


class Invoice(models.Model):
    number = models.CharField(_("請求番号"), max_length=80, unique=True)
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="invoices")  # the original
    instalment = models.ForeignKey(Instalment, on_delete=models.PROTECT, related_name="invoices")
    amount = models.PositiveBigIntegerField(_("請求額（円）"), validators=bounds.YEN_VALIDATORS)
    status = models.CharField(_("状態"), max_length=16, choices=InvoiceStatus.choices, default=InvoiceStatus.SUBMITTED)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_on = models.DateField(_("支払日"), null=True, blank=True)

    class Meta:
        ordering = ["filed_at", "id"]
        verbose_name = _("請求")
        verbose_name_plural = _("請求")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0) & bounds.yen_q("amount"), name="invoice_amount_bounded"),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_on__isnull=False), name="invoice_paid_has_date"
            ),
        ]
        indexes = [models.Index(fields=["status", "filed_at"])]


class InvoiceEvent(WorkflowEvent):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="events")


EVENT_LABELS = {
    "save": _("配分を保存"),
    "propose": _("配分を提出"),
    "approve": _("承認"),
    "return": _("差戻し"),
    "revise": _("予算変更を反映"),
    "generate": _("契約書を作成"),
    "amend": _("変更契約を作成"),
    "send": _("機関へ送付"),
    "sign": _("署名"),
    "record_paper": _("紙の署名済み契約書を登録"),
    "activate": _("履行開始"),
    "close": _("完了"),
    "supersede": _("変更契約により変更"),
    "cancel": _("取消"),
    "plan": _("支払計画を設定"),
    "file": _("請求を提出"),
    "pay": _("支払を記録"),
}
