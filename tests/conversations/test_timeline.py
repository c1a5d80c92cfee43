"""One timeline per application: events, messages, requests and answers, as the viewer may see them."""

import pytest

from applications.services import application_transition
from conversations import services
from conversations.selectors import timeline

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def history(people):
    import datetime as dt

    from django.utils import timezone

    application = people["application"]
    services.message_post(
        application_id=application.pk, actor=people["officer"], body="申請者への連絡", visibility="team"
    )
    application_transition(
        application_id=application.pk,
        action="request_info",
        actor=people["officer"],
        note="根拠資料をください",
        due_at=timezone.now() + dt.timedelta(days=7),
    )
    services.message_post(
        application_id=application.pk, actor=people["officer"], body="審査委員への連絡", visibility="reviewers"
    )
    services.message_post(
        application_id=application.pk, actor=people["officer"], body="内部の判断メモ", visibility="internal"
    )
    application_transition(
        application_id=application.pk, action="respond_info", actor=people["applicant"], note="資料です"
    )
    return people


def kinds_and_bodies(user, application):
    return [(e.kind, e.body) for e in timeline(user, application)]


def test_the_officer_sees_everything_in_time_order(history):
    entries = timeline(history["officer"], history["application"])
    assert [e.at for e in entries] == sorted(e.at for e in entries)
    entries = [e for e in entries if e.kind != "reviewer_event"]  # the reviewer side: test_reviewer_timeline.py
    assert [(e.kind, e.body) for e in entries] == [
        ("message", "申請者への連絡"),
        ("info_request", "根拠資料をください"),
        ("message", "審査委員への連絡"),
        ("message", "内部の判断メモ"),
        ("info_response", "資料です"),
    ]


def test_the_applicant_and_team_see_their_thread_never_the_reviewers_or_internal_ones(history):
    for who in ("applicant", "member"):
        bodies = [body for _kind, body in kinds_and_bodies(history[who], history["application"])]
        assert bodies == ["申請者への連絡", "根拠資料をください", "資料です"]


def test_a_reviewer_sees_the_reviewers_thread_and_the_exchange_not_the_team_or_internal_messages(history):
    bodies = [body for _kind, body in kinds_and_bodies(history["reviewer"], history["application"])]
    assert bodies == ["根拠資料をください", "審査委員への連絡", "資料です"]


def test_event_notes_follow_the_existing_rule(history):
    application = history["application"]
    application_transition(
        application_id=application.pk, action="invite_interview", actor=history["officer"], note="面接へ"
    )
    officer = [e for e in timeline(history["officer"], application) if e.kind == "event"]
    reviewer = [e for e in timeline(history["reviewer"], application) if e.kind == "event"]
    assert [e.body for e in officer] == ["面接へ"] and [e.body for e in reviewer] == [""]
    assert officer[0].status == "書面審査中 → 面接審査中"


def test_the_page_shows_the_filtered_timeline(client, history):
    page = f"/applications/{history['application'].pk}/"
    client.force_login(history["applicant"])
    html = client.get(page).content.decode()
    assert "申請者への連絡" in html and "資料です" in html
    assert "審査委員への連絡" not in html and "内部の判断メモ" not in html
    client.force_login(history["reviewer"])
    html = client.get(page).content.decode()
    assert "審査委員への連絡" in html and "申請者への連絡" not in html and "内部の判断メモ" not in html
    client.force_login(history["conflicted"])
    assert client.get(page).status_code == 404
