"""Notifications: an outbox with a dedup key, delivered by e-mail and shown in the in-app inbox."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("メール")
    IN_APP = "in_app", _("アプリ内")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("種類"), max_length=48)
    subject = models.CharField(_("件名"), max_length=200)
    body = models.TextField(_("本文"))
    link = models.CharField(_("リンク"), max_length=300, blank=True)
    # (rule, object, window[, recipient]): the unique key that makes every send happen once.
    dedup_key = models.CharField(max_length=200, unique=True)
    channel = models.CharField(_("経路"), max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        indexes = [models.Index(fields=["recipient", "read_at"])]
