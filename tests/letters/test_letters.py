"""Decision letters: previewed and sent by the officer once, read by the applicant; internal notes never appear."""

import pytest

from applications.models import Status
from applications.services import application_transition
from letters.models import DecisionLetter, LetterEvent, LetterTemplate
from notifications.models import Notification
from tests.factories import UserFactory
from tests.reviews.factories import ApplicationFactory, ReviewerFactory
from tests.reviews.helpers import login, scored

pytestmark = pytest.mark.django_db

INTERNAL_NOTE = "内部メモ：次年度予算を削る前提"
CONFIDENTIAL = "担当者限り：申請者の過去の経理に注意"


@pytest.fixture
def accepted(setup):
    app = ApplicationFactory(call=setup["call"], status=Status.IN_REVIEW, title="量子センサの社会実装")
    scored(
        app,
        ReviewerFactory(),
        setup["officer"],
        novelty=4,
        market=3,
        comment="市場分析が丁寧",
        confidential=CONFIDENTIAL,
    )
    scored(app, ReviewerFactory(), setup["officer"], novelty=5, market=4, comment="技術の新規性が高い")
    application_transition(application_id=app.pk, action="accept", actor=setup["officer"], note=INTERNAL_NOTE)
    app.refresh_from_db()
    return app


def _send(client, officer, app, **data):
    login(client, officer)
    return client.post(f"/letters/applications/{app.pk}/", {"send": "1", **data})


def test_the_officer_sends_a_letter_that_quotes_reviewers_anonymously_and_never_internal_notes(setup, accepted, client):
    login(client, setup["officer"])
    preview = client.get(f"/letters/applications/{accepted.pk}/").content.decode()
    assert "量子センサの社会実装" in preview and "審査委員 A: 市場分析が丁寧" in preview
    response = _send(client, setup["officer"], accepted, reason="事業化計画を評価しました。", confirm="on")
    assert response.status_code == 302
    letter = DecisionLetter.objects.get(application=accepted)
    assert letter.status == "sent" and accepted.award.award_number in letter.body
    assert "事業化計画を評価しました。" in letter.body and "技術の新規性が高い" in letter.body
    for secret in (INTERNAL_NOTE, CONFIDENTIAL):
        assert secret not in letter.body and secret not in letter.subject
    event = LetterEvent.objects.get(letter=letter)
    assert (event.action, event.actor) == ("send", setup["officer"])

    login(client, accepted.applicant)
    assert letter.subject in client.get(f"/applications/{accepted.pk}/").content.decode()
    api = client.get(f"/api/v1/applications/{accepted.pk}/letters/").json()
    assert [row["subject"] for row in api] == [letter.subject]
    pdf = client.get(f"/letters/{letter.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    mail = Notification.objects.get(recipient=accepted.applicant, kind="decision_letter")
    assert f"/letters/{letter.pk}/" in mail.body and INTERNAL_NOTE not in mail.body


def test_sending_needs_confirmation_and_a_second_send_sends_nothing(setup, accepted, client):
    unconfirmed = _send(client, setup["officer"], accepted, reason="理由")
    assert unconfirmed.status_code == 400 and "このチェックを入れてください" in unconfirmed.content.decode()
    assert not DecisionLetter.objects.exists()
    _send(client, setup["officer"], accepted, confirm="on")
    _send(client, setup["officer"], accepted, confirm="on", reason="別の理由")
    assert DecisionLetter.objects.count() == 1 and LetterEvent.objects.count() == 1
    assert Notification.objects.filter(kind="decision_letter").count() == 1


def test_no_letter_before_the_decision(setup, client):
    app = ApplicationFactory(call=setup["call"], status=Status.IN_REVIEW)
    login(client, setup["officer"])
    page = client.get(f"/letters/applications/{app.pk}/")
    assert page.status_code == 400 and "採否が決まってから" in page.content.decode()
    assert _send(client, setup["officer"], app, confirm="on").status_code == 400
    assert not DecisionLetter.objects.exists()


def test_only_the_applicants_side_and_officers_in_scope_read_a_letter(setup, accepted, client):
    _send(client, setup["officer"], accepted, confirm="on")
    letter = DecisionLetter.objects.get()
    reviewer = accepted.assignments.first().reviewer
    for outsider in (UserFactory(role="officer"), UserFactory(), reviewer):
        login(client, outsider)
        assert client.get(f"/letters/{letter.pk}/").status_code == 404
        assert client.get(f"/letters/{letter.pk}/pdf/").status_code == 404
        assert client.get(f"/letters/applications/{accepted.pk}/").status_code == 404
    login(client, reviewer)
    assert client.get(f"/api/v1/applications/{accepted.pk}/letters/").json() == []


@pytest.mark.parametrize("answer", ["pending", "declined"])
def test_an_invitee_who_has_not_accepted_cannot_open_the_letter_or_its_pdf(setup, accepted, client, answer):
    from applications.models import TeamMember

    invitee, member = UserFactory(), UserFactory()
    TeamMember.objects.create(application=accepted, name="招待 中", user=invitee, role="co_investigator", status=answer)
    TeamMember.objects.create(
        application=accepted, name="共同 花子", user=member, role="co_investigator", status="accepted"
    )
    _send(client, setup["officer"], accepted, confirm="on")
    letter = DecisionLetter.objects.get()
    login(client, invitee)
    assert client.get(f"/letters/{letter.pk}/").status_code == 404
    assert client.get(f"/letters/{letter.pk}/pdf/").status_code == 404
    login(client, member)  # an accepted member reads it
    assert client.get(f"/letters/{letter.pk}/pdf/").status_code == 200


def test_a_template_naming_an_unknown_placeholder_is_refused_and_a_saved_one_is_used(setup, accepted, client):
    login(client, setup["officer"])
    url = f"/letters/calls/{setup['call'].pk}/templates/"
    bad = {"outcome": "accepted", "language": "ja", "subject": "採択 {{ title }}", "body": "{{ internal_note }}"}
    response = client.post(url, bad)
    assert response.status_code == 400 and "internal_note" in response.content.decode()
    assert not LetterTemplate.objects.exists()
    good = {**bad, "body": "{{ name }} 様　採択です（{{ award_number }}）。"}
    assert client.post(url, good).status_code == 302
    _send(client, setup["officer"], accepted, confirm="on")
    letter = DecisionLetter.objects.get()
    assert letter.subject == "採択 量子センサの社会実装"
    assert letter.body == f"{accepted.applicant} 様　採択です（{accepted.award.award_number}）。"
