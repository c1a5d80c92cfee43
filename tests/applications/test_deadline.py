"""The deadline is judged in Asia/Tokyo: "closes 2025-05-31" accepts until 23:59:59.999 JST."""

import datetime as dt

import pytest
import time_machine

from applications.models import Status
from applications.services import WorkflowError, application_transition
from programs.fiscal import JST, deadline_instant, start_instant
from tests.factories import CallFactory

from .factories import make_complete

pytestmark = pytest.mark.django_db

CLOSES = dt.date(2025, 5, 31)


@pytest.fixture
def may_call(world):
    return CallFactory(
        stage=world["stage"],
        platform=world["platform"],
        fiscal_year=2025,
        opens_at=start_instant(dt.date(2025, 4, 1)),
        closes_at=deadline_instant(CLOSES),
    )


def draft_on(call, user):
    with time_machine.travel(dt.datetime(2025, 5, 20, 10, 0, tzinfo=JST), tick=False):
        return make_complete(call, user)


def test_submit_at_the_last_millisecond_in_tokyo_is_accepted(world, may_call):
    application = draft_on(may_call, world["owner"])
    with time_machine.travel(dt.datetime(2025, 5, 31, 23, 59, 59, 999000, tzinfo=JST), tick=False):
        result = application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    assert result.status == Status.SUBMITTED
    assert result.submitted_at.astimezone(JST).date() == CLOSES


def test_submit_at_midnight_next_day_is_refused_naming_the_call(world, may_call):
    application = draft_on(may_call, world["owner"])
    # 2025-06-01 00:00 JST is still 2025-05-31 in UTC: the check must use Tokyo time.
    with time_machine.travel(dt.datetime(2025, 6, 1, 0, 0, 0, tzinfo=JST), tick=False):
        with pytest.raises(WorkflowError) as info:
            application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    errors = info.value.as_dict()["errors"]
    assert list(errors) == ["call"] and "受付期間外" in errors["call"][0]
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.receipt_number is None


def test_historical_import_judges_the_deadline_at_the_given_instant_not_the_clock(world, may_call):
    """The seed imports FY2024 submissions into calls that are closed today."""
    application = draft_on(may_call, world["owner"])
    with pytest.raises(WorkflowError) as refused:
        application_transition(application_id=application.pk, action="submit", actor=world["owner"])
    assert "call" in refused.value.as_dict()["errors"]
    result = application_transition(
        application_id=application.pk,
        action="submit",
        actor=world["owner"],
        judged_at=dt.datetime(2025, 5, 30, 12, 0, tzinfo=JST),
    )
    assert result.status == Status.SUBMITTED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_submit_that_arrives_before_the_deadline_is_accepted_though_it_waits_past_it(world, may_call):
    """Closing-day load: the request arrives 1 s before the deadline, waits for the row (held by another
    connection) until 5 s after it, and is still accepted; a submit that arrives after the deadline is refused."""
    import threading

    from django.db import connections, transaction
    from django.test import Client

    from applications.models import Application

    late_draft = draft_on(may_call, world["owner"])
    application = draft_on(may_call, world["owner"])
    deadline = may_call.closes_at
    locked, release, responses = threading.Event(), threading.Event(), {}

    def hold_the_row():
        with transaction.atomic():
            Application.objects.select_for_update().get(pk=application.pk)
            locked.set()
            release.wait(20)
        connections.close_all()

    def submit(key, pk):
        client = Client()
        client.force_login(world["owner"])
        responses[key] = client.post(f"/applications/{pk}/submit/")
        connections.close_all()

    holder = threading.Thread(target=hold_the_row)
    holder.start()
    assert locked.wait(10)
    with time_machine.travel(deadline - dt.timedelta(seconds=1), tick=False) as clock:
        waiting = threading.Thread(target=submit, args=("early", application.pk))
        waiting.start()
        waiting.join(timeout=1.5)  # still waiting for the row
        assert waiting.is_alive()
        clock.move_to(deadline + dt.timedelta(seconds=5))
        release.set()
        waiting.join(timeout=20)
        submit("late", late_draft.pk)
    holder.join(timeout=20)

    assert responses["early"].status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.receipt_number
    assert responses["late"].status_code >= 400 and "受付期間外" in responses["late"].content.decode()
    late_draft.refresh_from_db()
    assert late_draft.status == Status.DRAFT


# --- Behind the reverse proxy: the deadline is judged at the proxy's arrival stamp (sangaku.clock) -------------

PROXY = "10.0.0.5"


def _stamp(instant: dt.datetime) -> str:
    return f"t={instant.timestamp():.3f}"  # nginx: proxy_set_header X-Request-Start "t=${msec}"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_IPS = [PROXY, "192.168.100.0/24"]


def _api_submit(world, application, **headers):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world["owner"])
    return client.post(f"/api/v1/applications/{application.pk}/actions/submit/", {}, format="json", **headers)


def test_a_submit_the_proxy_received_before_the_deadline_is_accepted_though_a_worker_took_it_after(
    world, may_call, behind_proxy
):
    application = draft_on(may_call, world["owner"])
    deadline = may_call.closes_at
    with time_machine.travel(deadline + dt.timedelta(seconds=20), tick=False):
        response = _api_submit(
            world, application, REMOTE_ADDR=PROXY, HTTP_X_REQUEST_START=_stamp(deadline - dt.timedelta(seconds=2))
        )
    assert response.status_code == 200, response.content
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.receipt_number


def test_a_submit_the_proxy_received_after_the_deadline_is_refused(world, may_call, behind_proxy):
    application = draft_on(may_call, world["owner"])
    deadline = may_call.closes_at
    with time_machine.travel(deadline + dt.timedelta(seconds=20), tick=False):
        response = _api_submit(
            world,
            application,
            REMOTE_ADDR="192.168.100.7",
            HTTP_X_REQUEST_START=_stamp(deadline + dt.timedelta(seconds=1)),
        )
    assert response.status_code == 400 and "受付期間外" in response.json()["errors"]["call"][0]
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.receipt_number is None


def test_an_arrival_stamp_forged_by_anyone_but_the_proxy_is_ignored(world, may_call, behind_proxy):
    application = draft_on(may_call, world["owner"])
    deadline = may_call.closes_at
    with time_machine.travel(deadline + dt.timedelta(seconds=20), tick=False):
        response = _api_submit(
            world, application, REMOTE_ADDR="203.0.113.9", HTTP_X_REQUEST_START=_stamp(deadline - dt.timedelta(hours=1))
        )
    assert response.status_code == 400 and "受付期間外" in response.json()["errors"]["call"][0]
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.receipt_number is None


def test_without_trusted_proxies_the_arrival_stamp_is_ignored_even_from_the_local_machine(world, may_call):
    application = draft_on(may_call, world["owner"])
    deadline = may_call.closes_at
    with time_machine.travel(deadline + dt.timedelta(seconds=20), tick=False):
        response = _api_submit(
            world, application, REMOTE_ADDR="127.0.0.1", HTTP_X_REQUEST_START=_stamp(deadline - dt.timedelta(seconds=2))
        )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == Status.DRAFT


@pytest.mark.parametrize(
    "header",
    ["t=abc", "", "t=nan", "t=-5", "t=99999999999999999999999", "t=1.0"],
    ids=["text", "empty", "nan", "negative", "huge", "long-ago"],
)
def test_a_malformed_or_implausible_stamp_from_the_proxy_falls_back_to_the_servers_clock(header):
    from django.utils import timezone

    from sangaku.clock import parse_request_start

    assert parse_request_start(header, timezone.now()) is None


def test_a_stamp_from_the_future_is_not_believed():
    from django.utils import timezone

    from sangaku.clock import parse_request_start

    now = timezone.now()
    assert parse_request_start(_stamp(now + dt.timedelta(seconds=30)), now) is None
    believed = parse_request_start(_stamp(now - dt.timedelta(seconds=3)), now)
    assert abs(believed - (now - dt.timedelta(seconds=3))) < dt.timedelta(milliseconds=2)
