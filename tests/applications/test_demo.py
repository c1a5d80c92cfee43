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


def test_the_demos_joint_stages_ask_for_partner_confirmation_and_its_partners_confirmed(catalog):
    """Step 2 and COI-NEXT turn the partner-confirmation step on; the demo's submitted joint proposals carry each
    partner's acceptance and confirmation, made by the partner's contact through the services."""
    from applications.consent import is_partner_row
    from applications.models import MembershipStatus
    from programs.models import Stage

    assert set(Stage.objects.filter(partner_consent_required=True).values_list("code", flat=True)) == {
        "STEP2",
        "NURTURING",
        "FULL_SCALE",
    }
    demo.load(today=timezone.now().astimezone(JST).date(), out=io.StringIO())
    joint = Application.objects.filter(
        call__stage__partner_consent_required=True, status=Status.SUBMITTED
    ).prefetch_related("members__institution", "members__events")
    assert joint.count() >= 1
    for application in joint:
        partners = [m for m in application.members.all() if is_partner_row(m)]
        assert partners
        for member in partners:
            assert member.status == MembershipStatus.ACCEPTED and member.consented_by_id == member.user_id
            assert [e.action for e in member.events.all()] == ["accept"]
        assert application.events.filter(action="partner_consent").count() == len(partners)
