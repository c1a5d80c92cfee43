"""Decision letters (採否通知書): per-call templates per outcome and language, and the letters sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sangaku.events import WorkflowEvent


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("採択")
    REJECTED = "rejected", _("不採択")
    INELIGIBLE = "ineligible", _("要件不備")


class Language(models.TextChoices):
    JA = "ja", _("日本語")
    EN = "en", _("英語")


SUBJECT_MAX = 200
BODY_MAX = 20_000
REASON_MAX = 4_000


class LetterTemplate(models.Model):
    """An officer's wording for one outcome of one call in one language (else the built-in default is used)."""

    call = models.ForeignKey("programs.Call", on_delete=models.PROTECT, related_name="letter_templates")
    outcome = models.CharField(_("結果"), max_length=16, choices=Outcome.choices)
    language = models.CharField(_("言語"), max_length=2, choices=Language.choices)
    subject = models.CharField(_("件名"), max_length=SUBJECT_MAX)
    body = models.TextField(_("本文"), max_length=BODY_MAX)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("通知書のひな形")
        verbose_name_plural = _("通知書のひな形")
        constraints = [
            models.UniqueConstraint(fields=["call", "outcome", "language"], name="letter_template_unique"),
        ]


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("作成中")
    SENT = "sent", _("送付済")


class DecisionLetter(models.Model):
    """The letter as sent: its text is fixed when it is sent and never edited."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="decision_letter"
    )
    outcome = models.CharField(_("結果"), max_length=16, choices=Outcome.choices)
    language = models.CharField(_("言語"), max_length=2, choices=Language.choices)
    subject = models.CharField(_("件名"), max_length=SUBJECT_MAX)
    body = models.TextField(_("本文"))
    reason = models.TextField(_("申請者への理由"), blank=True, max_length=REASON_MAX)
    status = models.CharField(_("状態"), max_length=16, choices=LetterStatus.choices, default=LetterStatus.DRAFT)
    sent_at = models.DateTimeField(_("送付日時"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("採否通知書")
        verbose_name_plural = _("採否通知書")


class LetterEvent(WorkflowEvent):
    letter = models.ForeignKey(DecisionLetter, on_delete=models.PROTECT, related_name="events")
