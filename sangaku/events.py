"""The shape every workflow's event table shares: who did what, from which state to which, when.

A workflow's event model subclasses `WorkflowEvent` and adds its foreign key to the row
(`award`, `report`, `assignment`, …). Rows are written by the executor in
`sangaku.workflow` and never edited.
"""

from django.conf import settings
from django.db import models


class WorkflowEvent(models.Model):
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]
