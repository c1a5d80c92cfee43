"""Catalog: institutions, platforms, programs, their stages, rubrics and calls."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from sangaku import bounds


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("大学")
    RESEARCH_INSTITUTE = "research_institute", _("研究機関")
    COMPANY = "company", _("企業")
    VC = "vc", _("VC・事業化推進機関")
    MUNICIPALITY = "municipality", _("自治体")
    FOUNDATION = "foundation", _("財団・その他法人")


class TeamRequirement(models.TextChoices):
    """Institution kinds a team must include (実施体制の構成要件), checked at submit (`applications/program_rules.py`)."""

    COMPANY = "company", _("民間企業")
    LEAD_MUNICIPALITY = "lead_municipality", _("幹事自治体")
    COMMERCIALISATION_PARTNER = "commercialisation_partner", _("事業化推進機関")


@deconstructible
class ChoiceListValidator:
    """A JSON field holding a list of codes of one choice set (refused otherwise, naming the allowed values)."""

    def __init__(self, choices_name: str):
        self.choices_name = choices_name

    def __call__(self, value) -> None:
        choices = CHOICE_SETS[self.choices_name]
        if not isinstance(value, list) or any(item not in choices.values for item in value):
            raise ValidationError(
                _("次の中から選んでください: %(allowed)s"),
                params={"allowed": "、".join(str(label) for label in choices.labels)},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, ChoiceListValidator) and other.choices_name == self.choices_name


CHOICE_SETS = {"institution_kind": InstitutionKind, "team_requirement": TeamRequirement}


class Institution(models.Model):
    name = models.CharField(_("機関名"), max_length=200, unique=True)
    name_en = models.CharField(_("機関名（英語）"), max_length=200, blank=True)
    kind = models.CharField(
        _("種別"),
        max_length=32,
        choices=InstitutionKind.choices,
        default=InstitutionKind.UNIVERSITY,
    )
    email_domains = models.JSONField(
        _("メールドメイン"),
        default=list,
        blank=True,
        help_text=_("利害関係の自動検出に使うドメイン（例: kyoto-u.ac.jp）"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("機関")
        verbose_name_plural = _("機関")

    def __str__(self):
        return self.name


class Platform(models.Model):
    """A regional gap-fund platform (プラットフォーム) with its lead and member institutions."""

    code = models.CharField(_("コード"), max_length=16, unique=True, validators=[bounds.CODE_VALIDATOR])
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("名称（英語）"), max_length=200, blank=True)
    name_ja_long = models.CharField(_("読み・正式名称"), max_length=200, blank=True)
    region = models.CharField(_("地域"), max_length=50)
    region_en = models.CharField(_("地域（英語）"), max_length=50, blank=True)
    lead_institutions = models.ManyToManyField(
        Institution,
        verbose_name=_("主幹機関"),
        related_name="led_platforms",
        blank=True,
    )
    member_institutions = models.ManyToManyField(
        Institution,
        verbose_name=_("共同機関"),
        related_name="member_platforms",
        blank=True,
    )
    institution_count = models.PositiveIntegerField(_("参画機関数"), default=0)

    class Meta:
        ordering = ["id"]
        verbose_name = _("プラットフォーム")
        verbose_name_plural = _("プラットフォーム")
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^[A-Z0-9_]+$"), name="platform_code_upper")]

    def __str__(self):
        return self.name


class Program(models.Model):
    code = models.CharField(_("コード"), max_length=16, unique=True, validators=[bounds.CODE_VALIDATOR])
    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("名称（英語）"), max_length=200, blank=True)
    uses_platforms = models.BooleanField(_("プラットフォーム単位で公募"), default=False)
    uses_fields = models.BooleanField(_("分野で公募"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("プログラム")
        verbose_name_plural = _("プログラム")
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^[A-Z0-9_]+$"), name="program_code_upper")]

    def __str__(self):
        return self.name


class Rubric(models.Model):
    """Review rubric: criteria with weights and a scale, as data."""

    code = models.CharField(_("コード"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("名称（英語）"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("評価基準")
        verbose_name_plural = _("評価基準")

    def __str__(self):
        return self.name


class Criterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("順序"), default=0)
    code = models.CharField(_("コード"), max_length=32)
    label = models.CharField(_("観点"), max_length=200)
    label_en = models.CharField(_("観点（英語）"), max_length=200, blank=True)
    description = models.TextField(_("説明"), blank=True)
    weight = models.DecimalField(_("重み"), max_digits=5, decimal_places=2, default=1)
    scale_min = models.PositiveSmallIntegerField(_("最低点"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("最高点"), default=4)
    # The reviewer must write a comment on this criterion before submitting (the comment is applicant-facing).
    comment_required = models.BooleanField(_("コメント必須"), default=False)

    class Meta:
        ordering = ["rubric", "order"]
        verbose_name = _("評価観点")
        verbose_name_plural = _("評価観点")
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="criterion_unique_code"),
            models.CheckConstraint(
                condition=Q(scale_max__gt=models.F("scale_min")),
                name="criterion_scale_order",
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self):
        return f"{self.rubric.code}:{self.code}"


class Stage(models.Model):
    """One stage of a program (Step 1 → Step 2, 育成型 → 本格型).

    A stage may require an award from its predecessor stage: that is how
    promotion works for both programs.
    """

    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        related_name="stages",
        verbose_name=_("プログラム"),
    )
    order = models.PositiveSmallIntegerField(_("順序"))
    code = models.CharField(_("コード"), max_length=16, unique=True, validators=[bounds.CODE_VALIDATOR])
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("名称（英語）"), max_length=100, blank=True)
    max_amount = models.PositiveBigIntegerField(_("上限額（円）"), validators=bounds.YEN_VALIDATORS)
    max_duration_months = models.PositiveSmallIntegerField(_("最長期間（月）"), validators=bounds.MONTHS_VALIDATORS)
    max_amount_per_year = models.PositiveBigIntegerField(
        _("年度あたり上限額（円）"), null=True, blank=True, validators=bounds.YEN_VALIDATORS
    )
    min_institutions = models.PositiveSmallIntegerField(_("最少参画機関数"), default=0)
    required_institution_kinds = models.JSONField(
        _("必須の参画機関"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator("team_requirement")],
        help_text=_("民間企業・幹事自治体・事業化推進機関から選ぶ"),
    )
    representative_kinds = models.JSONField(
        _("代表機関の種別"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator("institution_kind")],
        help_text=_("空欄なら制限なし（例: 大学・研究機関）"),
    )
    required_attachments = models.JSONField(_("必須の添付ファイル"), default=list, blank=True)
    predecessor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
        verbose_name=_("前段階"),
    )
    predecessor_required = models.BooleanField(_("前段階の採択が必須"), default=False)
    uses_interviews = models.BooleanField(_("面接審査あり"), default=False)
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("1件あたり審査委員数"), default=3, validators=bounds.AT_LEAST_ONE_VALIDATORS
    )
    indirect_rate_max_percent = models.PositiveSmallIntegerField(
        _("間接経費率上限（%）"), default=30, validators=bounds.PERCENT_VALIDATORS
    )
    required_team_roles = models.JSONField(_("必須の体制上の役割"), default=list, blank=True)
    # 所属機関承認: the PI's submit goes to the research office of the applicant's institution first
    # (institutions without research-office users skip the step).
    institution_approval_required = models.BooleanField(_("所属機関の承認が必要"), default=False)
    # Partners (company, commercialisation partner, municipality) on the team confirm participation;
    # with `partner_contribution_required` also a contribution per fiscal year and a consent letter.
    partner_consent_required = models.BooleanField(_("参画機関の参加確認が必要"), default=False)
    partner_contribution_required = models.BooleanField(_("参画機関の負担額と承諾書が必要"), default=False)
    # The PI's effort (エフォート, % of their working time) must be stated before submitting.
    pi_effort_required = models.BooleanField(_("研究代表者のエフォートが必須"), default=False)
    reviewers_see_other_reviews = models.BooleanField(_("提出後に他の審査結果を閲覧可"), default=False)
    # Reviewers' bids in the auto-assignment: added to the affinity (0–1 cosine) of the pair. A "not
    # willing" pair has no weight: it is used only when no other assignment fills the slots.
    bid_weight_eager = models.FloatField(_("入札「ぜひ担当したい」の加点"), default=0.3)
    bid_weight_willing = models.FloatField(_("入札「担当可」の加点"), default=0.1)
    rubric = models.ForeignKey(
        Rubric,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stages",
        verbose_name=_("評価基準"),
    )
    # Interviews (ヒアリング): the panel's rubric and how its score weighs against the document review's.
    interview_rubric = models.ForeignKey(
        Rubric,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interview_stages",
        verbose_name=_("面接審査の評価基準"),
    )
    document_weight = models.PositiveSmallIntegerField(
        _("総合点における書面審査の比重（%）"), default=50, validators=bounds.PERCENT_VALIDATORS
    )
    interview_weight = models.PositiveSmallIntegerField(
        _("総合点における面接審査の比重（%）"), default=50, validators=bounds.PERCENT_VALIDATORS
    )

    class Meta:
        ordering = ["program", "order"]
        verbose_name = _("段階")
        verbose_name_plural = _("段階")
        constraints = [
            models.UniqueConstraint(fields=["program", "order"], name="stage_unique_order"),
            models.CheckConstraint(condition=Q(code__regex=r"^[A-Z0-9_]+$"), name="stage_code_upper"),
            models.CheckConstraint(
                condition=Q(predecessor_required=False) | Q(predecessor__isnull=False),
                name="stage_required_predecessor_set",
                violation_error_message=_("前段階の採択を必須にするときは、前段階を選んでください。"),
            ),
            models.CheckConstraint(
                condition=Q(indirect_rate_max_percent__lte=100),
                name="stage_indirect_rate_le_100",
            ),
            models.CheckConstraint(
                condition=Q(reviewers_per_application__gte=1),
                name="stage_reviewers_ge_1",
            ),
            models.CheckConstraint(
                condition=Q(document_weight__lte=100, interview_weight__lte=100)
                & Q(document_weight=100 - models.F("interview_weight")),
                name="stage_weights_sum_100",
                violation_error_message=_("書面審査と面接審査の比重は合計が100になるようにしてください。"),
            ),
        ]

    def __str__(self):
        return f"{self.program.name} {self.name}"


class CoiNextField(models.TextChoices):
    CO_CREATION = "co_creation", _("共創分野")
    REGIONAL = "regional", _("地域共創分野")
    POLICY_PRIORITY = "policy_priority", _("政策重点分野")
    FUTURE = "future", _("未来共創分野")


class PolicySubField(models.TextChoices):
    QUANTUM = "quantum", _("量子")
    BIO = "bio", _("バイオ")
    ENVIRONMENT_ENERGY = "environment_energy", _("環境エネルギー")


class CallQuerySet(models.QuerySet):
    def open_at(self, when=None):
        when = when or timezone.now()
        return self.filter(published=True, opens_at__lte=when, closes_at__gte=when)


class Call(models.Model):
    """A call for proposals (公募) of one stage, optionally for one platform and field."""

    code = models.CharField(_("公募コード"), max_length=64, unique=True)
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="calls", verbose_name=_("段階"))
    platform = models.ForeignKey(
        Platform,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("プラットフォーム"),
    )
    field = models.CharField(_("分野"), max_length=32, choices=CoiNextField.choices, blank=True)
    sub_field = models.CharField(_("重点分野"), max_length=32, choices=PolicySubField.choices, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), validators=bounds.FISCAL_YEAR_VALIDATORS)
    title = models.CharField(_("公募名"), max_length=200)
    title_en = models.CharField(_("公募名（英語）"), max_length=200, blank=True)
    description = models.TextField(_("概要"), blank=True)
    opens_at = models.DateTimeField(_("受付開始"), validators=[bounds.within_dates])
    closes_at = models.DateTimeField(_("締切"), validators=[bounds.within_dates])
    bids_due_at = models.DateTimeField(
        _("審査希望（入札）の締切"), null=True, blank=True, validators=[bounds.within_dates]
    )
    max_amount = models.PositiveBigIntegerField(
        _("上限額（円）"), null=True, blank=True, validators=bounds.YEN_VALIDATORS
    )
    max_duration_months = models.PositiveSmallIntegerField(
        _("最長期間（月）"), null=True, blank=True, validators=bounds.MONTHS_VALIDATORS
    )
    max_amount_per_year = models.PositiveBigIntegerField(
        _("年度あたり上限額（円）"), null=True, blank=True, validators=bounds.YEN_VALIDATORS
    )
    min_institutions = models.PositiveSmallIntegerField(
        _("最少参画機関数"), null=True, blank=True, help_text=_("空欄なら段階の設定に従う")
    )
    required_institution_kinds = models.JSONField(
        _("必須の参画機関"),
        null=True,
        blank=True,
        validators=[ChoiceListValidator("team_requirement")],
        help_text=_("空欄なら段階の設定に従う"),
    )
    published = models.BooleanField(_("公開"), default=True)
    requires_predecessor = models.BooleanField(
        _("前段階の採択が必須"),
        null=True,
        blank=True,
        help_text=_("空欄なら段階の設定に従う（例: 昇格審査の公募は必須、新規の本格型公募は不要）"),
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = [
            "-fiscal_year",
            "stage__program__id",
            "stage__order",
            "platform__id",
            "id",
        ]
        verbose_name = _("公募")
        verbose_name_plural = _("公募")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opens",
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year__gte=2000) & Q(fiscal_year__lte=2100),
                name="call_fiscal_year_range",
            ),
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gt=0),
                name="call_max_amount_positive",
                violation_error_message=_("上限額は1円以上で入力してください。"),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def program(self) -> Program:
        return self.stage.program

    @property
    def effective_max_amount(self) -> int:
        return self.max_amount or self.stage.max_amount

    @property
    def effective_max_duration_months(self) -> int:
        return self.max_duration_months or self.stage.max_duration_months

    @property
    def effective_max_amount_per_year(self) -> int | None:
        return self.max_amount_per_year or self.stage.max_amount_per_year

    @property
    def effective_min_institutions(self) -> int:
        return self.stage.min_institutions if self.min_institutions is None else self.min_institutions

    @property
    def effective_required_institution_kinds(self) -> list[str]:
        kinds = self.required_institution_kinds
        return list(self.stage.required_institution_kinds or []) if kinds is None else list(kinds)

    @property
    def predecessor_required(self) -> bool:
        if self.requires_predecessor is not None:
            return self.requires_predecessor
        return self.stage.predecessor_required

    def is_open_at(self, when=None) -> bool:
        when = when or timezone.now()
        return self.published and self.opens_at <= when <= self.closes_at

    @property
    def is_open(self) -> bool:
        return self.is_open_at()


class NumberSequence(models.Model):
    """The last number handed out per (kind, prefix): receipt numbers (受付番号) and award numbers (課題番号).

    Calls that share a prefix share one row; `programs.numbering.next_number` increments it
    with one `UPDATE … RETURNING`, so concurrent submits or accepts never get the same number.
    """

    kind = models.CharField(max_length=16)
    prefix = models.CharField(max_length=40)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("採番")
        verbose_name_plural = _("採番")
        constraints = [models.UniqueConstraint(fields=["kind", "prefix"], name="number_sequence_unique")]

    def __str__(self):
        return f"{self.kind}:{self.prefix}{self.last}"
