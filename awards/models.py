"""Awards (採択課題), their yearly budgets and progress reports."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sangaku import bounds
from sangaku.events import WorkflowEvent


class AwardStatus(models.TextChoices):
    PLANNED = "planned", _("予定")
    ACTIVE = "active", _("実施中")
    COMPLETED = "completed", _("終了")
    TERMINATED = "terminated", _("中止")
    PROMOTED = "promoted", _("次段階へ昇格")


class Award(models.Model):
    award_number = models.CharField(_("課題番号"), max_length=40, unique=True)
    application = models.OneToOneField("applications.Application", on_delete=models.PROTECT, related_name="award")
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="awards")
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount_total = models.PositiveBigIntegerField(_("採択額（円）"), validators=bounds.YEN_VALIDATORS)
    starts_on = models.DateField(_("開始日"), validators=bounds.DATE_VALIDATORS)
    ends_on = models.DateField(_("終了日"), validators=bounds.DATE_VALIDATORS)
    status = models.CharField(_("状態"), max_length=16, choices=AwardStatus.choices, default=AwardStatus.ACTIVE)
    predecessor = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successor",
        verbose_name=_("前段階の課題"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "award_number"]
        verbose_name = _("採択課題")
        verbose_name_plural = _("採択課題")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="award_ends_after_start"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("pk")), name="award_not_own_predecessor"),
        ]

    def __str__(self):
        return self.award_number


class AwardBudget(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="budgets")
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), validators=bounds.FISCAL_YEAR_VALIDATORS)
    amount = models.PositiveBigIntegerField(_("金額（円）"), validators=bounds.YEN_VALIDATORS)

    class Meta:
        ordering = ["fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["award", "fiscal_year"], name="award_budget_unique_year"),
            models.CheckConstraint(condition=bounds.yen_q("amount"), name="award_budget_amount_bounded"),
        ]


EVENT_LABELS = {
    "create": _("採択課題を作成"),
    "adjust_budget": _("予算を調整"),
    "revise_budget": _("予算を変更（評価結果）"),
    "change_end_date": _("終了日を変更"),
    "plan": _("予定として登録"),
    "start": _("開始"),
    "complete": _("終了"),
    "terminate": _("中止"),
    "promote": _("次段階へ昇格"),
    "submit": _("提出"),
    "accept": _("受理"),
    "request_revision": _("修正依頼"),
    "attach": _("ファイルを添付"),
}


class EventLabels:
    """Labels a person reads for an event row (the stored values stay codes)."""

    status_choices: type[models.TextChoices]

    @property
    def action_label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action))

    def _status_label(self, value: str) -> str:
        return self.status_choices(value).label if value in self.status_choices.values else value

    @property
    def from_label(self) -> str:
        return self._status_label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._status_label(self.to_status)


class AwardEvent(EventLabels, WorkflowEvent):
    status_choices = AwardStatus

    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="events")


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("年次報告")
    FINANCIAL = "financial", _("実績報告書")
    INTERIM = "interim", _("中間評価")
    FINAL = "final", _("終了報告")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("未提出")
    SUBMITTED = "submitted", _("提出済")
    ACCEPTED = "accepted", _("受理")
    REVISION_REQUESTED = "revision_requested", _("修正依頼")


class ProgressReport(models.Model):
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("種類"), max_length=16, choices=ReportKind.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    due_on = models.DateField(_("提出期限"))
    status = models.CharField(_("状態"), max_length=24, choices=ReportStatus.choices, default=ReportStatus.PENDING)
    body = models.TextField(_("本文"), blank=True, validators=[MaxLengthValidator(bounds.REPORT_BODY_MAX)])
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("進捗報告")
        verbose_name_plural = _("進捗報告")
        constraints = [
            models.UniqueConstraint(fields=["award", "kind", "fiscal_year"], name="report_unique_kind_year"),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]


class ReportEvent(EventLabels, WorkflowEvent):
    status_choices = ReportStatus

    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)


def report_attachment_path(instance, filename):
    # Storage name is opaque; the original name is kept in a field, never in the path.
    return f"reports/{instance.report_id}/{instance.sha256[:2]}/{instance.sha256}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("ファイル"), upload_to=report_attachment_path, max_length=300)
    original_name = models.CharField(_("ファイル名"), max_length=255)
    size = models.PositiveBigIntegerField(_("サイズ（バイト）"))
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(_("形式"), max_length=120)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("報告の添付ファイル")
        verbose_name_plural = _("報告の添付ファイル")
