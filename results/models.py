"""The public list of adopted projects (採択一覧): one publication per call, published and withdrawn by officers."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sangaku.events import WorkflowEvent


class PublicationStatus(models.TextChoices):
    UNPUBLISHED = "unpublished", _("未公開")
    PUBLISHED = "published", _("公開中")
    WITHDRAWN = "withdrawn", _("公開停止")


class ResultPublication(models.Model):
    call = models.OneToOneField(
        "programs.Call", on_delete=models.PROTECT, related_name="result_publication", verbose_name=_("公募")
    )
    status = models.CharField(
        _("状態"), max_length=16, choices=PublicationStatus.choices, default=PublicationStatus.UNPUBLISHED
    )
    # Amounts appear only where the program publishes them; the officer decides per call when publishing.
    with_amounts = models.BooleanField(_("採択額を公表する"), default=False)
    published_at = models.DateTimeField(_("公開日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("採択一覧の公開")
        verbose_name_plural = _("採択一覧の公開")


class PublicationEvent(WorkflowEvent):
    publication = models.ForeignKey(ResultPublication, on_delete=models.PROTECT, related_name="events")

    @property
    def action_label(self) -> str:
        from .workflow import PUBLICATION_WORKFLOW

        transition = PUBLICATION_WORKFLOW.table.get(self.action)
        return str(transition.label) if transition else ""

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("採択一覧の公開記録")
        verbose_name_plural = _("採択一覧の公開記録")
