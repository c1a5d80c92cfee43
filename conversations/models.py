"""Messages on an application (メッセージ): one thread per application, a visibility per message.

Messages are never edited or deleted. What a person has read is one row per (person,
application): every message after `last_read_at` that they may see and did not write is unread.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_BODY_LENGTH = 4000


class Visibility(models.TextChoices):
    TEAM = "team", _("申請者とやり取り")  # the applicant's team ↔ officers
    REVIEWERS = "reviewers", _("審査委員とやり取り")  # officers ↔ the assigned reviewers; never the applicant
    INTERNAL = "internal", _("内部メモ")  # officers only


class Message(models.Model):
    application = models.ForeignKey(
        "applications.Application", on_delete=models.PROTECT, related_name="messages", verbose_name=_("申請")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    visibility = models.CharField(_("見える範囲"), max_length=16, choices=Visibility.choices)
    body = models.TextField(_("本文"), max_length=MAX_BODY_LENGTH)
    created_at = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("メッセージ")
        verbose_name_plural = _("メッセージ")
        indexes = [models.Index(fields=["application", "visibility", "created_at"])]


def message_file_path(instance, filename):
    return f"messages/{instance.message_id}/{instance.sha256[:2]}/{instance.sha256}"


class MessageFile(models.Model):
    """A file sent with a message (checked like every upload: real type, size capped)."""

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(_("ファイル"), upload_to=message_file_path, max_length=300)
    original_name = models.CharField(_("ファイル名"), max_length=255)
    size = models.PositiveBigIntegerField(_("サイズ（バイト）"))
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(_("形式"), max_length=120)

    class Meta:
        ordering = ["id"]
        verbose_name = _("メッセージの添付ファイル")
        verbose_name_plural = _("メッセージの添付ファイル")


class ReadMarker(models.Model):
    """Up to when a person has read an application's messages."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "application"], name="read_marker_one_per_user")]
