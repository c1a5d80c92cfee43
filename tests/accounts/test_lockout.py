"""Sign-in throttling (django-axes): wrong passwords lock the account from that address (and the address), for an hour,
in Japanese; strangers elsewhere cannot lock a person out of their own sign-in."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PASSWORD = "correct-horse-battery"
OFFICE = "192.0.2.10"  # the person's usual address


def _user(**kwargs):
    user = UserFactory(**kwargs)
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, username, password, addr=OFFICE):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=addr)


def _lock(client, username, addr=OFFICE, times=10):
    return [_login(client, username, f"wrong-{i}", addr=addr).status_code for i in range(times)]


def test_ten_wrong_passwords_from_ten_other_addresses_do_not_lock_the_officer_out_of_their_own_address(client):
    officer = _user(role="officer")
    for i in range(10):
        assert _login(client, officer.username, f"guess-{i}", addr=f"198.51.100.{i + 1}").status_code == 200
    # Even a stranger who goes on from one of those addresses locks only that address.
    assert _lock(client, officer.username, addr="198.51.100.1")[-1] == 429
    assert _login(client, officer.username, PASSWORD).status_code == 302


def test_repeated_wrong_passwords_from_one_address_lock_the_account_and_the_address_there(client):
    target = _user()
    bystander = _user()
    answers = _lock(client, target.username, times=12)
    assert answers[0] == 200  # the form again, with its error
    assert answers[9] == 429 and answers[-1] == 429
    # The right password from that address is refused too...
    assert _login(client, target.username, PASSWORD).status_code == 429
    # ...and so is another person's right password from that address (guessing many accounts from one place)...
    assert _login(client, bystander.username, PASSWORD).status_code == 429
    # ...while the account itself still signs in from another address.
    assert _login(client, target.username, PASSWORD, addr="203.0.113.5").status_code == 302


def test_the_lockout_ends_by_itself_an_hour_after_the_last_wrong_password(client):
    target = _user()
    with time_machine.travel(dt.datetime(2026, 5, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        _lock(client, target.username)
        assert _login(client, target.username, PASSWORD).status_code == 429
    with time_machine.travel(dt.datetime(2026, 5, 1, 10, 59, tzinfo=dt.UTC), tick=False):
        assert _login(client, target.username, PASSWORD).status_code == 429
    with time_machine.travel(dt.datetime(2026, 5, 1, 11, 1, tzinfo=dt.UTC), tick=False):
        assert _login(client, target.username, PASSWORD).status_code == 302


def test_the_lockout_page_is_in_japanese_and_says_when_to_try_again(client):
    target = _user()
    with time_machine.travel(dt.datetime(2026, 5, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        response = _login(client, target.username, "wrong")
        for i in range(9):
            response = _login(client, target.username, f"wrong-{i}")
        # Knocking again while locked does not push the time back.
        response = _login(client, target.username, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "ログインが一時的に停止されています" in page
    assert "パスワードの誤りが 10 回続いたため" in page
    # 10:00 UTC + 1 hour = 20:00 in Japan.
    assert "2026-05-01 20:00（日本時間）以降に、もう一度ログインできます。" in page
    assert "パスワードを再設定してください" in page
    assert "/accounts/password-reset/" in page


def test_the_reset_mail_unlocks_the_account(client):
    target = _user(email="target@example.jp")
    _lock(client, target.username)
    assert _login(client, target.username, PASSWORD).status_code == 429

    client.post("/accounts/password-reset/", {"email": "target@example.jp"}, REMOTE_ADDR=OFFICE)
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    set_url = client.get(link, follow=True, REMOTE_ADDR=OFFICE).redirect_chain[-1][0]
    new_password = "kumo-no-ue-2026-sakura"
    client.post(set_url, {"new_password1": new_password, "new_password2": new_password}, REMOTE_ADDR=OFFICE)

    assert _login(client, target.username, new_password).status_code == 302


def test_an_operator_unlocks_the_account_and_the_address(client):
    target = _user()
    _lock(client, target.username)
    assert _login(client, target.username, PASSWORD).status_code == 429
    call_command("axes_reset_username", target.username)
    call_command("axes_reset_ip", OFFICE)
    assert _login(client, target.username, PASSWORD).status_code == 302


def test_a_few_mistakes_then_the_right_password_sign_in_and_reset_the_count(client):
    target = _user()
    _lock(client, target.username, times=9)
    assert _login(client, target.username, PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    _lock(client, target.username, times=9)
    assert _login(client, target.username, PASSWORD).status_code == 302


def test_signing_in_to_another_account_from_the_same_address_does_not_clear_the_count(client):
    target = _user()
    own = _user()
    _lock(client, target.username, times=5)
    # The guesser signs in to their own account from the same address...
    assert _login(client, own.username, PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    # ...and goes on: the first 5 still count, so 5 more lock the target there.
    _lock(client, target.username, times=5)
    assert _login(client, target.username, PASSWORD).status_code == 429
