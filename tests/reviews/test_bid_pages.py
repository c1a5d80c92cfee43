"""Bidding from the browser and the API: a pool reviewer sees the conflict-free titles and sets bids; others get 404."""

import datetime as dt

import pytest
from django.utils import timezone

from applications.models import Status
from reviews.models import Bid, ConflictOfInterest

from .factories import ApplicationFactory, ReviewerFactory
from .helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_bidding(setup):
    call = setup["call"]
    call.bids_due_at = timezone.now() + dt.timedelta(days=3)
    call.save(update_fields=["bids_due_at"])
    apps = [ApplicationFactory(call=call, status=Status.SCREENING, title=f"入札対象{i}") for i in range(2)]
    return call, apps


def test_a_pool_reviewer_finds_the_call_on_the_workspace_and_saves_bids(setup, open_bidding, client):
    call, apps = open_bidding
    reviewer = ReviewerFactory()
    login(client, reviewer)
    assert f"/review/calls/{call.pk}/bids/" in client.get("/review/").content.decode()
    page = client.get(f"/review/calls/{call.pk}/bids/").content.decode()
    assert "入札対象0" in page and "ぜひ担当したい" in page
    response = client.post(
        f"/review/calls/{call.pk}/bids/", {f"bid_{apps[0].pk}": "eager", f"bid_{apps[1].pk}": "conflict"}
    )
    assert response.status_code == 302
    assert dict(Bid.objects.filter(reviewer=reviewer).values_list("application_id", "choice")) == {
        apps[0].pk: "eager",
        apps[1].pk: "conflict",
    }
    assert ConflictOfInterest.objects.filter(reviewer=reviewer, application=apps[1], source="declared").exists()
    # The declared conflict is gone from the sheet.
    assert "入札対象1" not in client.get(f"/review/calls/{call.pk}/bids/").content.decode()


def test_the_api_reads_and_sets_the_reviewers_own_bids_and_refuses_nonsense(setup, open_bidding, api_client):
    call, apps = open_bidding
    reviewer = ReviewerFactory()
    api_client.force_authenticate(reviewer)
    sheet = api_client.get(f"/api/v1/calls/{call.pk}/bids/").json()
    assert [r["application"] for r in sheet["rows"]] == [a.pk for a in apps] and sheet["open"] is True
    saved = api_client.put(f"/api/v1/calls/{call.pk}/bids/", {"bids": {str(apps[0].pk): "willing"}}, format="json")
    assert saved.status_code == 200 and saved.json()["rows"][0]["bid"] == "willing"
    bad = api_client.put(f"/api/v1/calls/{call.pk}/bids/", {"bids": {str(apps[0].pk): "maybe"}}, format="json")
    assert bad.status_code == 400 and "bids" in bad.json()["errors"]
    assert Bid.objects.get(reviewer=reviewer).choice == "willing"


def test_people_outside_the_pool_get_404(setup, open_bidding, api_client, client):
    from tests.factories import UserFactory

    call, _apps = open_bidding
    applicant = UserFactory()
    api_client.force_authenticate(applicant)
    assert api_client.get(f"/api/v1/calls/{call.pk}/bids/").status_code == 404
    assert api_client.put(f"/api/v1/calls/{call.pk}/bids/", {"bids": {}}, format="json").status_code == 404
    login(client, applicant)
    assert client.get(f"/review/calls/{call.pk}/bids/").status_code == 404
