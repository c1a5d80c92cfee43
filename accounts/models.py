from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

researcher_number_validator = RegexValidator(
    r"^[0-9]{8}$",
    _("研究者番号（e-Rad）は半角数字8桁で入力してください。"),
    code="researcher_number",
)


class Role(models.TextChoices):
    APPLICANT = "applicant", _("申請者")
    REVIEWER = "reviewer", _("審査委員")
    OFFICER = "officer", _("プログラムオフィサー")
    DIRECTOR = "director", _("プログラムディレクター")


@dataclass(frozen=True)
class OfficerScope:
    platform_ids: frozenset[int]
    program_ids: frozenset[int]

    @classmethod
    def of(cls, user_id) -> "OfficerScope":
        if user_id is None:
            return cls(frozenset(), frozenset())
        platforms = User.officer_platforms.through.objects.filter(user_id=user_id).values_list(
            models.Value("platform"), "platform_id"
        )
        programs = User.officer_programs.through.objects.filter(user_id=user_id).values_list(
            models.Value("program"), "program_id"
        )
        rows = list(platforms.union(programs, all=True))
        return cls(
            frozenset(i for kind, i in rows if kind == "platform"),
            frozenset(i for kind, i in rows if kind == "program"),
        )


class User(AbstractUser):
    """A person: researcher, reviewer, officer or director.

    `role` is the person's main role in the system. Officers are scoped to the
    platforms and/or programs listed in `officer_platforms` / `officer_programs`.
    """

    display_name = models.CharField(_("氏名"), max_length=150, blank=True)
    display_name_en = models.CharField(_("氏名（英語）"), max_length=150, blank=True)
    researcher_number = models.CharField(
        _("研究者番号"),
        max_length=8,
        blank=True,
        null=True,
        unique=True,
        validators=[researcher_number_validator],
        help_text=_("e-Rad の研究者番号（8桁）"),
    )
    affiliation = models.ForeignKey(
        "programs.Institution",
        verbose_name=_("所属機関"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    role = models.CharField(_("役割"), max_length=16, choices=Role.choices, default=Role.APPLICANT)
    # 所属機関承認: a research-office user approves their own institution's (`affiliation`) applications before
    # the funder receives them, on stages that ask for it.
    is_research_office = models.BooleanField(_("所属機関の事務担当（研究推進部門）"), default=False)
    officer_platforms = models.ManyToManyField(
        "programs.Platform",
        verbose_name=_("担当プラットフォーム"),
        blank=True,
        related_name="officers",
    )
    officer_programs = models.ManyToManyField(
        "programs.Program",
        verbose_name=_("担当プログラム"),
        blank=True,
        related_name="officers",
    )
    preferred_language = models.CharField(
        _("表示言語"),
        max_length=8,
        default="ja",
        choices=[("ja", "日本語"), ("en", "English")],
    )
    # Messages on applications (conversations): a mail per message, or one digest mail a day.
    message_delivery = models.CharField(
        _("メッセージの通知"),
        max_length=16,
        default="immediate",
        choices=[("immediate", _("すぐにメールで受け取る")), ("digest", _("1日1回まとめて受け取る"))],
    )

    def officer_scope(self) -> "OfficerScope":
        """The platforms and programs this officer covers, read once per user object (one query).

        A request loads its user afresh, so this is once per request. Changing the person's
        `officer_platforms` / `officer_programs` through this object forgets the remembered scope
        (`accounts.apps` listens to m2m_changed).
        """
        scope = getattr(self, "_officer_scope", None)
        if scope is None:
            scope = OfficerScope.of(self.pk)
            self._officer_scope = scope
        return scope

    def forget_officer_scope(self) -> None:
        self.__dict__.pop("_officer_scope", None)

    class Meta:
        verbose_name = _("ユーザー")
        verbose_name_plural = _("ユーザー")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(researcher_number__isnull=True) | models.Q(researcher_number__regex=r"^[0-9]{8}$"),
                name="user_researcher_number_8_digits",
            ),
        ]

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username

    @property
    def role_label(self) -> str:
        """What the header shows beside the name: the research office is named as such, not as an applicant."""
        if self.is_research_office and self.role == Role.APPLICANT:
            return str(_("所属機関の研究推進担当"))
        return self.get_role_display()

    @property
    def is_director(self) -> bool:
        return self.is_superuser or self.role == Role.DIRECTOR

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER
