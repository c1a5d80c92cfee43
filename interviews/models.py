"""Interviews (面接・ヒアリング): the slots an officer offers for a call, one interview per invited
application, its panel (reviewers of the call's pool, never a conflicted one) and each panelist's scores."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from programs.models import Call
from sangaku import bounds
from sangaku.events import WorkflowEvent

PLACE_MAX = 200
MEETING_URL_MAX = 500


class InterviewSlot(models.Model):
    """A time an officer offers for one interview of a call: in person (place) or online (meeting link)."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="interview_slots", verbose_name=_("公募"))
    starts_at = models.DateTimeField(_("開始"), validators=[bounds.within_dates])
    ends_at = models.DateTimeField(_("終了"), validators=[bounds.within_dates])
    place = models.CharField(_("場所"), max_length=PLACE_MAX, blank=True)
    meeting_url = models.URLField(_("オンライン会議のURL"), max_length=MEETING_URL_MAX, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("面接枠")
        verbose_name_plural = _("面接枠")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="interview_slot_ends_after_start"),
            models.CheckConstraint(condition=~Q(place="", meeting_url=""), name="interview_slot_has_place"),
        ]

    def __str__(self):
        from django.utils import timezone

        start = timezone.localtime(self.starts_at)
        return f"{start:%Y-%m-%d %H:%M}–{timezone.localtime(self.ends_at):%H:%M}"


class InterviewStatus(models.TextChoices):
    OFFERED = "offered", _("日程提示中")
    CHANGE_REQUESTED = "change_requested", _("日程変更の希望あり")
    CONFIRMED = "confirmed", _("日程確定")
    HELD = "held", _("実施済み")
    SCORED = "scored", _("採点完了")
    CANCELLED = "cancelled", _("取消")


class Interview(models.Model):
    """One application's interview: the slot offered, the applicant's answer, the panel and its scores."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="interview", verbose_name=_("申請")
    )
    slot = models.ForeignKey(
        InterviewSlot, on_delete=models.PROTECT, related_name="interviews", verbose_name=_("面接枠")
    )
    status = models.CharField(
        _("状態"), max_length=16, choices=InterviewStatus.choices, default=InterviewStatus.OFFERED
    )
    change_note = models.TextField(_("日程変更の希望"), blank=True, max_length=bounds.NOTE_MAX)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot__starts_at", "id"]
        verbose_name = _("面接審査")
        verbose_name_plural = _("面接審査")
        constraints = [
            # A slot holds one live interview at a time.
            models.UniqueConstraint(
                fields=["slot"], condition=~Q(status="cancelled"), name="interview_one_live_per_slot"
            ),
        ]

    def __str__(self):
        return f"{self.application} ({self.slot})"


class InterviewEvent(WorkflowEvent):
    interview = models.ForeignKey(Interview, on_delete=models.PROTECT, related_name="events")


class PanelMember(models.Model):
    """A panelist of one interview and, once submitted, their scores (locked on submit)."""

    interview = models.ForeignKey(Interview, on_delete=models.PROTECT, related_name="panel")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interview_panels", verbose_name=_("審査委員")
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    scores = models.JSONField(_("評点"), default=dict, blank=True)
    comment = models.TextField(_("所見"), blank=True, max_length=bounds.COMMENT_MAX)
    weighted_score = models.FloatField(_("加重平均点"), null=True, blank=True)
    scored_at = models.DateTimeField(_("採点日時"), null=True, blank=True)

    class Meta:
        ordering = ["interview", "id"]
        verbose_name = _("面接審査委員")
        verbose_name_plural = _("面接審査委員")
        constraints = [
            models.UniqueConstraint(fields=["interview", "reviewer"], name="panel_member_once"),
        ]

    def __str__(self):
        return f"{self.reviewer} @ {self.interview_id}"
