"""Password reset by e-mail: the mail carries a one-time link; the new password signs in, the old does not."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_reset_mail_and_new_password(client):
    user = UserFactory(email="hanako@example.jp", display_name="山田 花子")
    response = client.post("/accounts/password-reset/", {"email": "hanako@example.jp"}, follow=True)
    assert "メールを送りました" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hanako@example.jp"]
    assert message.subject == "【産学 Sangaku】パスワードの再設定"
    assert "山田 花子 様" in message.body
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert "新しいパスワードの設定" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    new_password = "kumo-no-ue-2026-sakura"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password}, follow=True)
    assert "パスワードを設定しました" in done.content.decode()

    assert client.post("/accounts/login/", {"username": user.username, "password": new_password}).status_code == 302
    client.post("/accounts/logout/")
    old = client.post("/accounts/login/", {"username": user.username, "password": "pw-test-12345"})
    assert old.status_code == 200
    # The link works once.
    assert "このリンクは使えません" in client.get(link, follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.jp"}, follow=True)
    assert "メールを送りました" in response.content.decode()
    assert mail.outbox == []


def test_the_login_page_links_to_password_reset(client):
    assert 'href="/accounts/password-reset/"' in client.get("/accounts/login/").content.decode()
