"""The demo applications: loaded after the catalog, a handful per open call, idempotent."""

import io

import pytest
from django.utils import timezone

from applications import demo
from applications.models import Application, ApplicationEvent, Status
from programs.fiscal import JST

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Application.objects.values_list("pk", "status", "receipt_number", "title", "requested_amount")),
        ApplicationEvent.objects.count(),
    )


def test_demo_adds_drafts_and_submitted_applications_once(catalog):
    today = timezone.now().astimezone(JST).date()
    demo.load(today=today, out=io.StringIO())
    first = snapshot()
    statuses = [row[1] for row in first[0]]
    assert 4 <= len(statuses) <= 8
    assert statuses.count(Status.SUBMITTED) >= 3 and statuses.count(Status.DRAFT) >= 2
    assert all(row[2] for row in first[0] if row[1] == Status.SUBMITTED)
    demo.load(today=today, out=io.StringIO())
    assert snapshot() == first
