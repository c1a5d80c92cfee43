"""Worker heartbeats: each Celery worker stamps its row every WORKER_HEARTBEAT_SECONDS (health.worker)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    name = models.CharField(_("ワーカー名"), max_length=200, unique=True)  # Celery node name, e.g. celery@host
    seen_at = models.DateTimeField(_("最終確認"), db_index=True)

    class Meta:
        verbose_name = _("ワーカーの稼働記録")
        verbose_name_plural = _("ワーカーの稼働記録")
