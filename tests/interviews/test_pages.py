"""The pages: the officer's interview page, the applicant's card, the panelist's scoring form (confirm steps)."""

import pytest

from applications.models import Status
from interviews.models import Interview, InterviewStatus
from interviews.services import interview_action, interview_invite, panel_add


def test_officer_page_invites_only_after_confirmation(world, slot_maker, client):
    slot = slot_maker()
    client.force_login(world["officer"])
    url = f"/review/calls/{world['call'].pk}/interviews/"
    page = client.get(url)
    assert page.status_code == 200 and "面接枠を追加" in page.content.decode()
    data = {"application": world["apps"][0].pk, "slot": slot.pk}
    asked = client.post(url + "invite/", data)
    assert asked.status_code == 200 and "取り消せません" in asked.content.decode()
    assert not Interview.objects.exists()
    done = client.post(url + "invite/", data | {"confirm": "yes"})
    assert done.status_code == 302
    assert Interview.objects.get().application_id == world["apps"][0].pk
    client.force_login(world["officer_out"])
    assert client.get(url).status_code == 404


def test_officer_adds_a_slot_and_sees_errors_beside_the_fields(world, client):
    client.force_login(world["officer"])
    url = f"/review/calls/{world['call'].pk}/interviews/slots/"
    bad = client.post(url, {"date": "2030-01-10", "start_time": "10:00", "end_time": "09:00", "place": "室"})
    assert bad.status_code == 400 and "終了時刻は開始時刻より後" in bad.content.decode()
    assert (
        client.post(url, {"date": "2030-01-10", "start_time": "10:00", "end_time": "10:30", "place": "室"}).status_code
        == 302
    )


def test_applicant_card_confirms_and_asks_for_another_slot(world, slot_maker, client):
    app = world["apps"][0]
    interview = interview_invite(application_id=app.pk, slot_id=slot_maker().pk, actor=world["officer"])
    client.force_login(app.applicant)
    page = client.get(f"/applications/{app.pk}/").content.decode()
    assert "面接審査（ヒアリング）" in page and "この日程で確定する" in page
    client.post(f"/interviews/{interview.pk}/action/", {"action": "confirm", "confirm": "yes"})
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CONFIRMED
    client.post(
        f"/interviews/{interview.pk}/action/", {"action": "request_change", f"a{interview.pk}-note": "午後希望"}
    )
    interview.refresh_from_db()
    assert (interview.status, interview.change_note) == (InterviewStatus.CHANGE_REQUESTED, "午後希望")
    client.force_login(world["apps"][1].applicant)
    assert client.post(f"/interviews/{interview.pk}/action/", {"action": "confirm"}).status_code == 404


@pytest.mark.parametrize("with_confirm", [False, True])
def test_panelist_scores_on_the_page_after_confirming(world, slot_maker, client, with_confirm):
    app = world["apps"][0]
    interview = interview_invite(application_id=app.pk, slot_id=slot_maker().pk, actor=world["officer"])
    interview_action(interview_id=interview.pk, action="confirm", actor=app.applicant)
    panel_add(interview_id=interview.pk, reviewer_id=world["reviewers"][0].pk, actor=world["officer"])
    interview_action(interview_id=interview.pk, action="hold", actor=world["officer"])
    client.force_login(world["reviewers"][0])
    assert "採点する" in client.get("/interviews/").content.decode()
    data = {"score_vision": "4", "score_leadership": "4", "comment": "良い"}
    if with_confirm:
        data["confirm"] = "yes"
    response = client.post(f"/interviews/{interview.pk}/score/", data)
    seat = interview.panel.get()
    if with_confirm:
        assert response.status_code == 302 and seat.weighted_score == 4.0
        interview.refresh_from_db()
        assert interview.status == InterviewStatus.SCORED
    else:
        assert "変更できません" in response.content.decode() and seat.scored_at is None
    client.force_login(world["reviewers"][1])
    assert client.get(f"/interviews/{interview.pk}/score/").status_code == 404
    app.refresh_from_db()
    assert app.status == Status.INTERVIEW
