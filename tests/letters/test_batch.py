"""Batch decisions from the ranking: preview, confirm, each row on its own, a repeat changes nothing."""

import pytest

from applications.models import ApplicationEvent, Status
from letters.models import DecisionLetter
from tests.reviews.factories import ApplicationFactory
from tests.reviews.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(setup):
    ready = [ApplicationFactory(call=setup["call"], status=Status.IN_REVIEW, title=f"審査中{i}") for i in range(2)]
    early = ApplicationFactory(call=setup["call"], status=Status.SCREENING, title="形式審査中の課題")
    return ready, early


def _post(client, setup, ids, **data):
    return client.post(f"/letters/calls/{setup['call'].pk}/batch/", {"ids": [a.pk for a in ids], **data})


def test_the_ranking_offers_the_batch_and_the_preview_changes_nothing(setup, rows, client):
    ready, _early = rows
    login(client, setup["officer"])
    assert (
        f'name="ids" value="{ready[0].pk}" form="batch"'
        in client.get(f"/review/calls/{setup['call'].pk}/ranking/").content.decode()
    )
    preview = _post(client, setup, ready, action="reject", note="予算超過", override="on")
    assert preview.status_code == 200 and "取り消せません" in preview.content.decode()
    assert not ApplicationEvent.objects.filter(action="reject").exists()


def test_a_batch_that_partly_fails_reports_each_row_and_a_repeat_changes_nothing(setup, rows, client):
    ready, early = rows
    login(client, setup["officer"])
    data = {"action": "reject", "note": "担当者判断", "override": "on", "send_letters": "on", "confirm": "on"}
    page = _post(client, setup, [*ready, early], **data).content.decode()
    assert "2 件完了、1 件できませんでした" in page
    assert "形式審査中の課題" in page and "形式審査中" in page
    statuses = {a.pk: a.status for a in type(early).objects.filter(pk__in=[a.pk for a in [*ready, early]])}
    assert statuses == {ready[0].pk: "rejected", ready[1].pk: "rejected", early.pk: "screening"}
    assert DecisionLetter.objects.filter(status="sent").count() == 2
    events = ApplicationEvent.objects.count()
    _post(client, setup, [*ready, early], **data)
    assert ApplicationEvent.objects.count() == events
    assert DecisionLetter.objects.count() == 2


def test_a_batch_for_another_officers_call_is_not_found(setup, rows, client):
    from tests.factories import UserFactory

    ready, _early = rows
    login(client, UserFactory(role="officer"))
    response = _post(client, setup, ready, action="reject", note="x", override="on", confirm="on")
    assert response.status_code == 404
    assert not ApplicationEvent.objects.filter(action="reject").exists()
