"""External reviewers: an officer invites by e-mail; the signed, expiring link creates the account once; the
person declares conflicts (titles only) before anything is shown, and then joins that call's pool only."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import signing

from applications.models import Status
from notifications.models import Notification
from reviews.external import EXTERNAL_INVITATION_MAX_AGE, invitation_token
from reviews.models import ConflictOfInterest, ConflictSource, ReviewerInvitation, ReviewerInvitationEvent
from reviews.selectors import reviewer_pool
from tests.factories import CallFactory, UserFactory

from .factories import ApplicationFactory
from .helpers import login

pytestmark = pytest.mark.django_db
PASSWORD = "kyoto-Review-2026!"


def _invite(client, setup, **data):
    login(client, setup["officer"])
    body = {"email": "gaibu@example.org", "name": "外部 審査子", "institution": "京都研究所", "expertise": "電池 材料"}
    body.update(data)
    return client.post(f"/api/v1/calls/{setup['call'].pk}/reviewer-invitations/", body, content_type="application/json")


def _link(invitation) -> str:
    mail = Notification.objects.get(kind="external_reviewer_invitation", dedup_key__endswith=f":{invitation.pk}")
    return re.search(r"/review/join/[^\s]+/", mail.body).group(0)


@pytest.fixture
def apps(setup):
    return [
        ApplicationFactory(call=setup["call"], status=Status.IN_REVIEW, title="全固体電池の界面", summary="秘密の概要"),
        ApplicationFactory(call=setup["call"], status=Status.IN_REVIEW, title="水素吸蔵合金"),
    ]


def test_the_api_invites_with_bounded_japanese_field_errors(setup, client):
    response = _invite(client, setup, email="not-an-address", name="", expertise="x" * 501)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["email"] == ["メールアドレスの形式が正しくありません。"]
    assert errors["name"] == ["この項目は必須です。"]
    assert errors["expertise"] == ["500文字以内で入力してください。"]
    assert not ReviewerInvitation.objects.exists()

    response = _invite(client, setup)
    assert response.status_code == 201, response.content
    invitation = ReviewerInvitation.objects.get()
    assert invitation.email == "gaibu@example.org" and invitation.call == setup["call"]
    assert ReviewerInvitationEvent.objects.filter(invitation=invitation, action="invite").count() == 1
    assert _link(invitation)


def test_an_external_reviewer_sees_nothing_before_declaring_conflicts(setup, apps, client):
    _invite(client, setup)
    invitation = ReviewerInvitation.objects.get()
    link = _link(invitation)
    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "外部 審査子" in page.content.decode()
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    invitation.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == f"/review/invitations/{invitation.pk}/conflicts/"
    user = invitation.user
    assert user.email == "gaibu@example.org" and user.check_password(PASSWORD)

    # Before the declaration: no pool, no bids list, no application page, no reviews; the home sends them back.
    call = setup["call"]
    assert not reviewer_pool(call).filter(user=user).exists()
    assert client.get("/review/")["Location"] == f"/review/invitations/{invitation.pk}/conflicts/"
    assert client.get(f"/review/calls/{call.pk}/bids/").status_code == 404
    assert client.get(f"/api/v1/calls/{call.pk}/bids/").status_code == 404
    assert client.get(f"/applications/{apps[0].pk}/").status_code == 404
    assert client.get(f"/api/v1/applications/{apps[0].pk}/").status_code == 404
    assert client.get("/api/v1/reviews/").json()["results"] == []

    # The declaration shows titles only.
    declaration = client.get(f"/review/invitations/{invitation.pk}/conflicts/").content.decode()
    assert "全固体電池の界面" in declaration and "水素吸蔵合金" in declaration and "秘密の概要" not in declaration
    response = client.post(
        f"/review/invitations/{invitation.pk}/conflicts/", {f"app_{apps[0].pk}": "competitor", f"app_{apps[1].pk}": ""}
    )
    assert response.status_code == 302 and response["Location"] == "/review/"
    conflict = ConflictOfInterest.objects.get(reviewer=user)
    assert conflict.application == apps[0] and conflict.kind == "competitor"
    assert conflict.source == ConflictSource.DECLARED
    assert reviewer_pool(call).filter(user=user).exists()
    assert not reviewer_pool(CallFactory()).filter(user=user).exists()  # that call only
    assert client.get("/review/").status_code == 200
    assert list(ReviewerInvitationEvent.objects.filter(invitation=invitation).values_list("action", flat=True)) == [
        "invite",
        "join",
        "declare_conflicts",
    ]


def test_the_link_works_once(setup, client):
    _invite(client, setup)
    link = _link(ReviewerInvitation.objects.get())
    client.logout()
    client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    client.logout()
    again = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert again.status_code == 400 and "既に使用されています" in again.content.decode()
    assert get_user_model().objects.filter(email="gaibu@example.org").count() == 1
    assert ReviewerInvitationEvent.objects.filter(action="join").count() == 1


def test_the_link_expires(setup, client, monkeypatch):
    _invite(client, setup)
    invitation = ReviewerInvitation.objects.get()
    token = invitation_token(invitation)
    client.logout()
    later = signing.time.time() + EXTERNAL_INVITATION_MAX_AGE.total_seconds() + dt.timedelta(hours=1).total_seconds()
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.post(f"/review/join/{token}/", {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400
    assert not get_user_model().objects.filter(email="gaibu@example.org").exists()


def test_a_forged_link_creates_nothing(setup, client):
    response = client.post("/review/join/1:forged:sig/", {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400
    assert not get_user_model().objects.filter(email="gaibu@example.org").exists()


def test_an_address_that_has_an_account_is_refused(setup, client):
    get_user_model().objects.filter(pk=setup["officer"].pk).update(email="officer@example.org")
    response = _invite(client, setup, email="Officer@Example.org")
    assert response.status_code == 400 and "既に登録されています" in response.json()["errors"]["email"][0]


def test_the_officer_page_invites_and_lists(setup, client):
    login(client, setup["officer"])
    url = f"/review/calls/{setup['call'].pk}/reviewer-invitations/"
    response = client.post(url, {"email": "page@example.org", "name": "頁 太郎", "institution": "", "expertise": ""})
    assert response.status_code == 302
    listing = client.get(url).content.decode()
    assert "頁 太郎" in listing and "招待中" in listing


def test_a_user_name_taken_meanwhile_creates_nothing(setup, client):
    _invite(client, setup)
    link = _link(ReviewerInvitation.objects.get())
    UserFactory(username="gaibu@example.org", email="someone-else@example.org")
    client.logout()
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 400
    assert not get_user_model().objects.filter(email="gaibu@example.org").exists()
    assert ReviewerInvitation.objects.get().user is None
