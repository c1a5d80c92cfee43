"""Notifications: an outbox with a dedup key, delivered by e-mail and shown in the in-app inbox.

E-mail delivery is at least once with a stable Message-ID: a deliverer claims a row
with a lease (`claimed_at`, `attempts`, `retry_at`), sends, and only then stamps
`sent_at`. A lease that runs out (the deliverer crashed) or a refused send makes the
row due again at `retry_at`, later after each attempt; after
NOTIFICATION_MAX_ATTEMPTS attempts the row is given up (`failed_at`, `last_error`)
and listed for officers.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("メール")
    IN_APP = "in_app", _("アプリ内")


NO_ADDRESS = "no e-mail address"  # last_error of a mail given up at once: the recipient has no address


class Notification(models.Model):
    # Null only for an e-mail to a person without an account (`address`), e.g. an invitation to a team.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    address = models.EmailField(_("宛先"), blank=True)  # set only when there is no recipient account
    kind = models.CharField(_("種類"), max_length=48)
    subject = models.CharField(_("件名"), max_length=200)
    body = models.TextField(_("本文"))
    link = models.CharField(_("リンク"), max_length=300, blank=True)
    # (rule, object, window[, recipient]): the unique key that makes every send happen once.
    dedup_key = models.CharField(max_length=200, unique=True)
    channel = models.CharField(_("経路"), max_length=16, choices=Channel.choices, default=Channel.EMAIL)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)  # stamped only after the mail server took the mail
    claimed_at = models.DateTimeField(null=True, blank=True)  # the latest delivery attempt started here
    attempts = models.PositiveSmallIntegerField(default=0)  # delivery attempts started
    retry_at = models.DateTimeField(null=True, blank=True)  # not due before this (lease end, or backoff)
    failed_at = models.DateTimeField(null=True, blank=True)  # given up after NOTIFICATION_MAX_ATTEMPTS
    last_error = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            # The pending-mail sweep: unsent e-mails that are not given up, by due time.
            models.Index(
                fields=["retry_at", "id"],
                name="notification_due_idx",
                condition=models.Q(sent_at__isnull=True, failed_at__isnull=True, channel="email"),
            ),
        ]

    @property
    def failure_reason(self) -> str:
        """Why the e-mail was given up, for officers (the technical error stays in `last_error` and the log)."""
        if self.last_error == NO_ADDRESS:
            return _("宛先のメールアドレスが登録されていません")
        return _("メールサーバーが %(attempts)s 回とも受け付けませんでした") % {"attempts": self.attempts}
