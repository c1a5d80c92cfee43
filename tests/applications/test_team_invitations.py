"""Consent for team membership: a named person is invited, and counts for nothing until they accept."""

import re
import time

import pytest
from django.contrib.auth import get_user_model

from applications.invitations import invitation_claim
from applications.models import MembershipEvent, MembershipStatus, TeamMember
from notifications.models import Notification
from sangaku.errors import Invalid
from tests.factories import UserFactory

from .factories import make_draft

API = "/api/v1/applications/"


def _as(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def _add(api_client, owner, application, **person):
    body = {"name": "共同 研究者", "role": "co_investigator", "effort_percent": 20, **person}
    return _as(api_client, owner).post(f"{API}{application.pk}/members/", body, format="json")


def test_the_pi_row_is_accepted_without_asking(world):
    application = make_draft(world["call"], world["owner"])
    assert [m.status for m in application.members.all()] == [MembershipStatus.ACCEPTED]


def test_a_named_user_gets_an_invitation_and_sees_nothing_until_they_accept(api_client, world):
    owner, invitee = world["owner"], world["other"]
    application = make_draft(world["call"], owner, title="招待のテスト課題")
    response = _add(api_client, owner, application, user=invitee.pk)
    assert response.status_code == 201
    assert response.json()["status"] == "pending" and response.json()["user"] is None
    member_id = response.json()["id"]

    notice = Notification.objects.get(recipient=invitee, kind="team_invitation")
    assert "招待のテスト課題" in notice.body and notice.channel == "email"

    _as(api_client, invitee)
    assert api_client.get(f"{API}{application.pk}/").status_code == 404
    mine = api_client.get("/api/v1/invitations/").json()["results"]
    assert [(i["id"], i["status"], i["application_title"]) for i in mine] == [
        (member_id, "pending", "招待のテスト課題")
    ]

    accepted = api_client.post(f"/api/v1/invitations/{member_id}/accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert api_client.get(f"{API}{application.pk}/").status_code == 200
    event = MembershipEvent.objects.get(member_id=member_id)
    assert (event.action, event.actor_id, event.from_status, event.to_status) == (
        "accept",
        invitee.pk,
        "pending",
        "accepted",
    )
    rows = _as(api_client, owner).get(f"{API}{application.pk}/members/").json()["results"]
    assert [(r["user"], r["status"]) for r in rows if r["id"] == member_id] == [(invitee.pk, "accepted")]


def test_a_declined_invitation_stays_declined_and_grants_nothing(api_client, world):
    owner, invitee = world["owner"], world["other"]
    application = make_draft(world["call"], owner)
    member_id = _add(api_client, owner, application, user=invitee.pk).json()["id"]
    _as(api_client, invitee)
    declined = api_client.post(f"/api/v1/invitations/{member_id}/decline/")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    late = api_client.post(f"/api/v1/invitations/{member_id}/accept/")
    assert late.status_code == 409 and "回答済み" in late.json()["detail"]
    assert api_client.get(f"{API}{application.pk}/").status_code == 404
    assert TeamMember.objects.get(pk=member_id).status == MembershipStatus.DECLINED


def test_only_the_invitee_can_answer_an_invitation(api_client, world):
    owner, invitee = world["owner"], world["other"]
    application = make_draft(world["call"], owner)
    member_id = _add(api_client, owner, application, user=invitee.pk).json()["id"]
    for stranger in (owner, world["reviewer"], world["director"]):
        assert _as(api_client, stranger).post(f"/api/v1/invitations/{member_id}/accept/").status_code == 404
    assert TeamMember.objects.get(pk=member_id).status == MembershipStatus.PENDING


def test_adding_a_member_answers_the_same_whether_or_not_the_person_exists(api_client, world):
    owner = world["owner"]
    application = make_draft(world["call"], owner)
    known_id = _add(api_client, owner, application, user=world["other"].pk)
    unknown_id = _add(api_client, owner, application, user=987_654_321)
    world["reviewer"].email = "known@example.org"
    world["reviewer"].save(update_fields=["email"])
    known_mail = _add(api_client, owner, application, email="known@example.org")
    unknown_mail = _add(api_client, owner, application, email="nobody@example.org")

    assert {r.status_code for r in (known_id, unknown_id, known_mail, unknown_mail)} == {201}

    def shape(response, *drop):
        return {k: v for k, v in response.json().items() if k not in ("id", *drop)}

    assert shape(known_id) == shape(unknown_id)
    assert shape(known_mail, "email") == shape(unknown_mail, "email")
    assert shape(known_id)["status"] == shape(known_mail)["status"] == "pending"


def test_an_emailed_link_binds_the_invitation_after_login_and_the_home_page_offers_accept_and_decline(
    api_client, client, world
):
    owner = world["owner"]
    application = make_draft(world["call"], owner, title="メール招待の課題")
    member_id = _add(api_client, owner, application, email="newcomer@example.org").json()["id"]
    mail = Notification.objects.get(address="newcomer@example.org", kind="team_invitation")
    assert mail.recipient_id is None and "有効期限" in mail.body
    path = re.search(r"/invitations/join/[^/\s]+/", mail.body).group(0)

    assert "アカウントを作成" in client.get(path).content.decode()  # not signed in: create the account, or sign in
    newcomer = UserFactory(email="newcomer@example.org")
    newcomer.save(update_fields=["password"])
    client.force_login(newcomer)
    page = client.get(path)
    assert page.status_code == 200 and "この招待を受け取る" in page.content.decode()
    assert client.post(path).status_code == 302

    home = client.get("/").content.decode()
    assert "実施体制への招待" in home and "メール招待の課題" in home
    assert f"/invitations/{member_id}/accept/" in home and f"/invitations/{member_id}/decline/" in home
    assert 'data-confirm="辞退すると' in home
    assert TeamMember.objects.get(pk=member_id).status == MembershipStatus.PENDING

    assert client.post(f"/invitations/{member_id}/accept/").status_code == 302
    member = TeamMember.objects.get(pk=member_id)
    assert (member.user_id, member.status) == (newcomer.pk, MembershipStatus.ACCEPTED)
    assert list(member.events.values_list("action", "actor_id")) == [("claim", newcomer.pk), ("accept", newcomer.pk)]
    assert "メール招待の課題" not in client.get("/").content.decode().split("受付中の公募")[0]


def _link(api_client, world, address: str) -> tuple[int, str]:
    application = make_draft(world["call"], world["owner"], title="企業との共同課題")
    member_id = _add(api_client, world["owner"], application, email=address, role="commercialisation_partner").json()
    body = Notification.objects.get(address=address, kind="team_invitation").body
    return member_id["id"], re.search(r"/invitations/join/[^/\s]+/", body).group(0)


def test_a_partner_without_an_account_creates_one_from_the_link_at_the_invited_address(api_client, client, world):
    member_id, path = _link(api_client, world, "Contact@Partner.example.co.jp")
    page = client.get(path).content.decode()
    assert "企業との共同課題" in page and "アカウントを作成して招待を受け取る" in page
    mismatch = client.post(path, {"display_name": "企業 担当", "password1": "Kx9-long-pass", "password2": "other"})
    assert mismatch.status_code == 400 and "パスワードが一致しません" in mismatch.content.decode()
    created = client.post(
        path, {"display_name": "企業 担当", "password1": "Kx9-long-pass", "password2": "Kx9-long-pass"}
    )
    assert created.status_code == 302
    member = TeamMember.objects.select_related("user").get(pk=member_id)
    assert member.user.email == "contact@partner.example.co.jp" and str(member.user) == "企業 担当"
    assert member.status == MembershipStatus.PENDING  # they accept or decline next, on the home page
    assert f"/invitations/{member_id}/accept/" in client.get("/").content.decode()
    assert list(member.events.values_list("action", "actor_id")) == [("claim", member.user_id)]
    client.logout()
    again = client.post(path, {"display_name": "別人", "password1": "Kx9-long-pass", "password2": "Kx9-long-pass"})
    assert again.status_code == 409 and "既にあります" in again.content.decode()
    assert get_user_model().objects.filter(email__iexact="contact@partner.example.co.jp").count() == 1


def test_a_link_opened_by_another_signed_in_account_is_refused_saying_so(api_client, client, world):
    member_id, path = _link(api_client, world, "invited@example.org")
    client.force_login(world["other"])  # someone else's account (the link was forwarded, or a shared browser)
    page = client.get(path)
    assert page.status_code == 403 and "別のメールアドレス宛てに送られたもの" in page.content.decode()
    assert client.post(path).status_code == 403
    with pytest.raises(Invalid):
        invitation_claim(token=path.split("/")[-2], actor=world["other"])
    assert TeamMember.objects.get(pk=member_id).user_id is None


def test_an_expired_or_forged_link_binds_nothing(api_client, client, world, monkeypatch):
    owner = world["owner"]
    application = make_draft(world["call"], owner)
    member_id = _add(api_client, owner, application, email="late@example.org").json()["id"]
    path = re.search(r"/invitations/join/[^/\s]+/", Notification.objects.get(address="late@example.org").body).group(0)
    client.force_login(world["reviewer"])
    later = time.time() + 15 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    expired = client.post(path)
    assert expired.status_code == 400 and "有効期限が切れています" in expired.content.decode()
    monkeypatch.undo()
    forged = client.post(path[:-3] + "xx/")
    assert forged.status_code == 400
    assert TeamMember.objects.get(pk=member_id).user_id is None


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_the_home_page_answers_an_invitation(api_client, client, world, answer):
    owner, invitee = world["owner"], world["other"]
    application = make_draft(world["call"], owner)
    member_id = _add(api_client, owner, application, user=invitee.pk).json()["id"]
    client.force_login(invitee)
    response = client.post(f"/invitations/{member_id}/{answer}/", follow=True)
    expected = {"accept": "承諾しました", "decline": "辞退しました"}[answer]
    assert expected in response.content.decode()
    assert TeamMember.objects.get(pk=member_id).status == {"accept": "accepted", "decline": "declined"}[answer]


def test_the_edit_page_invites_by_email_and_shows_the_answer(client, world):
    owner = world["owner"]
    application = make_draft(world["call"], owner)
    client.force_login(owner)
    response = client.post(
        f"/applications/{application.pk}/edit/",
        {
            "section": "member",
            "member-name": "鈴木 一郎",
            "member-role": "co_investigator",
            "member-email": "suzuki@example.org",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "鈴木 一郎" in page and "承諾待ち" in page
    assert Notification.objects.filter(address="suzuki@example.org", kind="team_invitation").count() == 1
