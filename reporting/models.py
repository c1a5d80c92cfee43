"""Stored aggregate reports per platform (PlatformReport)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sangaku.events import WorkflowEvent


class ReportBuildStatus(models.TextChoices):
    QUEUED = "queued", _("待機中")
    RUNNING = "running", _("作成中")
    DONE = "done", _("完了")
    FAILED = "failed", _("失敗")


class PlatformReport(models.Model):
    status = models.CharField(max_length=16, choices=ReportBuildStatus.choices, default=ReportBuildStatus.QUEUED)
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    requested_at = models.DateTimeField(auto_now_add=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    rows = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    # How many times a build started (a redelivered or retried task counts again); rows are written once.
    attempts = models.PositiveSmallIntegerField(default=0)
    enqueued_at = models.DateTimeField(null=True, blank=True)  # the build task was last published then
    started_at = models.DateTimeField(null=True, blank=True)  # the latest build attempt started then
    # Periodic reports carry their period (e.g. "nightly:2026-11-30"): a second beat or a manual run adds nothing.
    period_key = models.CharField(max_length=40, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("プラットフォーム別集計")
        verbose_name_plural = _("プラットフォーム別集計")


class PlatformReportEvent(WorkflowEvent):
    """One move of a report build (started, finished, failed, queued again); written by the workflow engine."""

    report = models.ForeignKey(PlatformReport, on_delete=models.PROTECT, related_name="events")

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("集計作成の記録")
        verbose_name_plural = _("集計作成の記録")
