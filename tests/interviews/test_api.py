"""The API: `calls/{id}/interviews/` for officers in scope, `interviews/{id}/` through one scoping selector."""

import datetime as dt

import pytest
from django.utils import timezone

from applications.models import Status
from interviews.models import InterviewStatus
from interviews.services import panel_add
from programs.fiscal import JST


def _day() -> str:
    return (timezone.now().astimezone(JST) + dt.timedelta(days=5)).date().isoformat()


@pytest.fixture
def scheduled(world, api_client):
    api_client.force_authenticate(world["officer"])
    app = world["apps"][0]
    response = api_client.post(
        f"/api/v1/calls/{world['call'].pk}/interviews/",
        {"application": app.pk, "date": _day(), "start_time": "10:00", "end_time": "10:40", "place": "本部棟"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    panel_add(interview_id=response.json()["id"], reviewer_id=world["reviewers"][0].pk, actor=world["officer"])
    return response.json()


def test_officer_schedules_a_slot_and_an_invitation_and_lists_them(world, api_client, scheduled):
    assert scheduled["status"] == "offered"
    assert (scheduled["slot"]["date"], scheduled["slot"]["start_time"], scheduled["slot"]["end_time"]) == (
        _day(),
        "10:00",
        "10:40",
    )
    world["apps"][0].refresh_from_db()
    assert world["apps"][0].status == Status.INTERVIEW
    free = api_client.post(
        f"/api/v1/calls/{world['call'].pk}/interviews/",
        {"date": _day(), "start_time": "11:00", "end_time": "11:40", "meeting_url": "https://meet.example.jp/x"},
        format="json",
    )
    assert free.status_code == 201 and "slot" in free.json()
    body = api_client.get(f"/api/v1/calls/{world['call'].pk}/interviews/").json()
    assert [s["taken"] for s in body["slots"]] == [True, False]
    assert [i["id"] for i in body["results"]] == [scheduled["id"]]
    bad = api_client.post(
        f"/api/v1/calls/{world['call'].pk}/interviews/",
        {"date": _day(), "start_time": "12:00", "end_time": "11:00", "place": "室"},
        format="json",
    )
    assert bad.status_code == 400 and "終了時刻" in bad.json()["errors"]["end_time"][0]


def test_each_person_sees_only_what_the_selector_allows(world, api_client, scheduled):
    url = f"/api/v1/interviews/{scheduled['id']}/"
    expected = {
        world["apps"][0].applicant: 200,
        world["apps"][1].applicant: 404,
        world["stranger"]: 404,
        world["reviewers"][0]: 200,  # on the panel
        world["reviewers"][1]: 404,  # not on it
        world["officer"]: 200,
        world["officer_out"]: 404,
    }
    for person, status in expected.items():
        api_client.force_authenticate(person)
        assert api_client.get(url).status_code == status, person
    api_client.force_authenticate(world["officer_out"])
    assert api_client.get(f"/api/v1/calls/{world['call'].pk}/interviews/").status_code == 404
    api_client.force_authenticate(world["apps"][0].applicant)
    body = api_client.get(url).json()
    assert body["panel"] == [] and body["interview_score"] is None  # the applicant never sees the panel's scores


def test_applicant_confirms_officer_holds_panelist_scores_through_the_api(world, api_client, scheduled):
    url = f"/api/v1/interviews/{scheduled['id']}/"
    applicant, panelist = world["apps"][0].applicant, world["reviewers"][0]
    api_client.force_authenticate(applicant)
    assert api_client.post(url + "actions/hold/", {}, format="json").status_code == 403
    assert api_client.post(url + "actions/confirm/", {}, format="json").json()["status"] == "confirmed"
    api_client.force_authenticate(world["officer"])
    assert api_client.post(url + "actions/hold/", {}, format="json").json()["status"] == "held"
    api_client.force_authenticate(panelist)
    refused = api_client.post(url + "score/", {"scores": {"vision": 9, "leadership": 2}}, format="json")
    assert refused.status_code == 400 and "scores.vision" in refused.json()["errors"]
    done = api_client.post(url + "score/", {"scores": {"vision": 5, "leadership": 2}, "comment": "明快"}, format="json")
    assert done.status_code == 200 and done.json()["weighted_score"] == 4.0
    assert api_client.get(url).json()["status"] == InterviewStatus.SCORED


def test_patch_reoffers_another_slot(world, api_client, scheduled):
    url = f"/api/v1/interviews/{scheduled['id']}/"
    api_client.force_authenticate(world["apps"][0].applicant)
    api_client.post(url + "actions/request_change/", {"note": "別の日に"}, format="json")
    api_client.force_authenticate(world["officer"])
    slot = api_client.post(
        f"/api/v1/calls/{world['call'].pk}/interviews/",
        {"date": _day(), "start_time": "15:00", "end_time": "15:30", "place": "本部棟"},
        format="json",
    ).json()["slot"]
    body = api_client.patch(url, {"slot": slot["id"]}, format="json").json()
    assert (body["status"], body["slot"]["id"]) == ("offered", slot["id"])
    api_client.force_authenticate(world["apps"][0].applicant)
    assert api_client.patch(url, {"slot": slot["id"]}, format="json").status_code == 403
