"""Sign-in throttling (django-axes): wrong passwords lock the account and the address, in Japanese."""

import pytest
from django.core.management import call_command

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

PASSWORD = "correct-horse-battery"


def _user(**kwargs):
    user = UserFactory(**kwargs)
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, username, password, addr="192.0.2.10"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=addr)


def test_30_wrong_passwords_lock_the_account_and_the_address(client):
    target = _user()
    bystander = _user()
    answers = [_login(client, target.username, f"wrong-{i}").status_code for i in range(30)]
    assert answers[0] == 200  # the form again, with its error
    assert answers[-1] == 429
    # The account is locked even with the right password from another address...
    assert _login(client, target.username, PASSWORD, addr="198.51.100.7").status_code == 429
    # ...and the address is locked even for another person with the right password.
    assert _login(client, bystander.username, PASSWORD).status_code == 429
    # Another person from another address still signs in.
    assert _login(client, bystander.username, PASSWORD, addr="203.0.113.5").status_code == 302


def test_the_lockout_page_is_in_japanese_and_says_what_to_do(client):
    target = _user()
    for i in range(10):
        response = _login(client, target.username, f"wrong-{i}")
    assert response.status_code == 429
    page = response.content.decode()
    assert "ログインが一時的に停止されています" in page
    assert "パスワードの誤りが 10 回続いたため" in page
    assert "事務局（システム管理者）に停止の解除を依頼してください" in page
    assert "/accounts/password-reset/" in page


def test_an_operator_unlocks_the_account_and_the_address(client):
    target = _user()
    for i in range(10):
        _login(client, target.username, f"wrong-{i}")
    assert _login(client, target.username, PASSWORD).status_code == 429
    call_command("axes_reset_username", target.username)
    call_command("axes_reset_ip", "192.0.2.10")
    assert _login(client, target.username, PASSWORD).status_code == 302


def test_a_few_mistakes_then_the_right_password_sign_in_and_reset_the_count(client):
    target = _user()
    for i in range(9):
        _login(client, target.username, f"wrong-{i}")
    assert _login(client, target.username, PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for i in range(9):
        _login(client, target.username, f"again-{i}")
    assert _login(client, target.username, PASSWORD).status_code == 302


def test_signing_in_to_another_account_from_the_same_address_does_not_clear_the_count(client):
    target = _user()
    own = _user()
    for i in range(5):
        _login(client, target.username, f"wrong-a-{i}", addr="192.0.2.20")
    # The guesser signs in to their own account from the same address...
    assert _login(client, own.username, PASSWORD, addr="192.0.2.20").status_code == 302
    client.post("/accounts/logout/")
    # ...and goes on from another address: the first 5 still count, so 5 more lock the target.
    for i in range(5):
        _login(client, target.username, f"wrong-b-{i}", addr="192.0.2.21")
    assert _login(client, target.username, PASSWORD, addr="198.51.100.9").status_code == 429
