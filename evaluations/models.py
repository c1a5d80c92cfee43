"""Stage-gate and interim evaluations (中間評価・ステージゲート) of running awards.

- `EvaluationPlan`: the catalog entry of a stage: in which fiscal years of an award (1 = the award's first
  fiscal year) an evaluation falls, the rubric it uses and how many evaluators sit on its panel.
- `Evaluation`: one evaluation of one award, scheduled from the plan (or added by an officer); an officer
  records its outcome through `evaluations.workflow.EVALUATION_WORKFLOW`.
- `EvaluationAssignment`: one evaluator of the panel (from the reviewer pool, never a conflicted one) and
  their scores on the evaluation rubric.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sangaku import bounds
from sangaku.events import WorkflowEvent

YEAR_INDEX_MIN, YEAR_INDEX_MAX = 1, 10  # fiscal years into an award (COI-NEXT runs up to 10)
PANEL_MAX = 10


def validate_evaluation_years(value) -> None:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise ValidationError(_("評価の年度は整数のリストで入力してください（例: [3, 5]）。"))
    if any(not YEAR_INDEX_MIN <= v <= YEAR_INDEX_MAX for v in value):
        raise ValidationError(
            _("評価の年度は%(lo)s〜%(hi)s年度目で入力してください。") % {"lo": YEAR_INDEX_MIN, "hi": YEAR_INDEX_MAX}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("同じ年度が重複しています。"))


class EvaluationPlan(models.Model):
    """When a stage's awards are evaluated and on which rubric (catalog data, one row per stage)."""

    stage = models.OneToOneField(
        "programs.Stage", on_delete=models.PROTECT, related_name="evaluation_plan", verbose_name=_("段階")
    )
    evaluation_years = models.JSONField(
        _("評価の年度（採択後何年度目）"),
        default=list,
        blank=True,
        validators=[validate_evaluation_years],
        help_text=_("採択課題の1年度目を1として数えます（例: [3, 5]）。"),
    )
    evaluation_rubric = models.ForeignKey(
        "programs.Rubric",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_plans",
        verbose_name=_("評価基準"),
        help_text=_("空欄なら段階の審査の評価基準を使います。"),
    )
    panel_size = models.PositiveSmallIntegerField(_("評価委員数"), default=3, validators=bounds.AT_LEAST_ONE_VALIDATORS)

    class Meta:
        verbose_name = _("評価計画")
        verbose_name_plural = _("評価計画")
        constraints = [
            models.CheckConstraint(
                condition=Q(panel_size__gte=1) & Q(panel_size__lte=PANEL_MAX), name="evaluation_plan_panel_bounded"
            ),
        ]

    def __str__(self):
        return str(self.stage)

    @property
    def rubric(self):
        return self.evaluation_rubric or self.stage.rubric


class EvaluationStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("予定")
    IN_REVIEW = "in_review", _("評価中")
    DECIDED = "decided", _("評価結果確定")
    CANCELLED = "cancelled", _("取りやめ")


class Outcome(models.TextChoices):
    CONTINUE = "continue", _("継続")
    CONTINUE_WITH_CONDITIONS = "continue_with_conditions", _("条件付き継続")
    BUDGET_CHANGE = "budget_change", _("予算変更")
    STOP = "stop", _("中止")


class Evaluation(models.Model):
    award = models.ForeignKey("awards.Award", on_delete=models.PROTECT, related_name="evaluations")
    year_index = models.PositiveSmallIntegerField(
        _("採択後の年度"),
        validators=[
            MinValueValidator(YEAR_INDEX_MIN),
            MaxValueValidator(YEAR_INDEX_MAX),
        ],
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), validators=bounds.FISCAL_YEAR_VALIDATORS)
    due_on = models.DateField(_("評価期限"), validators=bounds.DATE_VALIDATORS)
    rubric = models.ForeignKey(
        "programs.Rubric", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("評価基準")
    )
    status = models.CharField(
        _("状態"), max_length=16, choices=EvaluationStatus.choices, default=EvaluationStatus.SCHEDULED
    )
    outcome = models.CharField(_("評価結果"), max_length=32, choices=Outcome.choices, blank=True)
    conditions = models.TextField(_("継続の条件"), blank=True, validators=[MaxLengthValidator(bounds.NOTE_MAX)])
    # fiscal year (as a string key) → yen, as recorded with a budget-change outcome
    new_budgets = models.JSONField(_("変更後の年度別予算"), default=dict, blank=True)
    stop_on = models.DateField(_("中止日"), null=True, blank=True, validators=bounds.DATE_VALIDATORS)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("中間評価")
        verbose_name_plural = _("中間評価")
        constraints = [
            models.UniqueConstraint(fields=["award", "year_index"], name="evaluation_unique_award_year"),
            models.CheckConstraint(
                condition=Q(year_index__gte=YEAR_INDEX_MIN) & Q(year_index__lte=YEAR_INDEX_MAX),
                name="evaluation_year_index_bounded",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="continue_with_conditions") | ~Q(conditions=""),
                name="evaluation_conditions_given",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"{self.award} {self.year_index}"


class EvaluationEvent(WorkflowEvent):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="events")


class EvaluatorStatus(models.TextChoices):
    ASSIGNED = "assigned", _("評価中")
    SUBMITTED = "submitted", _("提出済")
    WITHDRAWN = "withdrawn", _("取消")


class EvaluationAssignment(models.Model):
    """One evaluator on an evaluation's panel, with their scores on the evaluation rubric."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="assignments")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluation_assignments"
    )
    status = models.CharField(
        _("状態"), max_length=16, choices=EvaluatorStatus.choices, default=EvaluatorStatus.ASSIGNED
    )
    scores = models.JSONField(_("評点"), default=dict, blank=True)
    comments = models.JSONField(_("観点別コメント"), default=dict, blank=True)
    comment = models.TextField(_("総評"), blank=True, validators=[MaxLengthValidator(bounds.COMMENT_MAX)])
    weighted_score = models.FloatField(_("加重平均点"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("評価委員の割当")
        verbose_name_plural = _("評価委員の割当")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "evaluator"], name="evaluation_assignment_unique_pair"),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="evaluation_assignment_submitted_has_time",
            ),
        ]


class EvaluationAssignmentEvent(WorkflowEvent):
    assignment = models.ForeignKey(EvaluationAssignment, on_delete=models.PROTECT, related_name="events")
