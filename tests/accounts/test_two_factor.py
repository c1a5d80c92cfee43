"""The second factor: TOTP with recovery codes; required of officers and directors when REQUIRE_2FA is on."""

import re
import time

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
OFFICE = "/office/"


def _user(role=Role.OFFICER):
    user = UserFactory(role=role)
    user.set_password(PASSWORD)
    user.save()
    return user


def _sign_in(client, user):
    return client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})


def _code(device: TOTPDevice, offset: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def _set_up(client):
    """Set up the authenticator through the pages; returns the device and the recovery codes shown."""
    page = client.get("/accounts/2fa/setup/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=page.wsgi_request.user, confirmed=False)
    secret = re.search(r'<code class="secret">([A-Z2-7=]+)</code>', page.content.decode()).group(1)
    assert "otpauth://totp/" in page.content.decode() and "<svg" in page.content.decode()
    shown = client.post("/accounts/2fa/setup/", {"token": _code(device)})
    assert shown.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", shown.content.decode())
    assert len(codes) == 10 and secret
    return device, codes


def test_officer_cannot_reach_officer_pages_without_the_second_factor_when_required(client, settings):
    settings.REQUIRE_2FA = True
    officer = _user(Role.OFFICER)
    _sign_in(client, officer)
    response = client.get(OFFICE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/setup/")
    assert "二段階認証の設定" in client.get(response["Location"]).content.decode()
    # The API refuses too, in the standard shape.
    api = client.get("/api/v1/applications/")
    assert api.status_code == 403 and api.json()["code"] == "second_factor_required"


def test_director_too_needs_it_but_an_applicant_does_not(client, settings):
    settings.REQUIRE_2FA = True
    _sign_in(client, _user(Role.DIRECTOR))
    assert client.get(OFFICE).status_code == 302
    client.post("/accounts/logout/")
    _sign_in(client, _user(Role.APPLICANT))
    assert client.get("/applications/mine/").status_code == 200


def test_officer_reaches_officer_pages_once_verified(client, settings):
    settings.REQUIRE_2FA = True
    officer = _user(Role.OFFICER)
    _sign_in(client, officer)
    device, _codes = _set_up(client)
    assert client.get(OFFICE).status_code == 200

    # Next sign-in: the code is asked before any page.
    client.post("/accounts/logout/")
    _sign_in(client, officer)
    redirect = client.get(OFFICE)
    assert redirect["Location"].startswith("/accounts/2fa/verify/")
    wrong = client.post("/accounts/2fa/verify/", {"token": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "確認コードが正しくありません" in wrong.content.decode()
    # A minute and a half later (past the throttle after the wrong code, and a new time step): the app's code.
    with time_machine.travel(time.time() + 90, tick=False):
        ok = client.post("/accounts/2fa/verify/", {"token": _code(device), "next": OFFICE})
        assert ok.status_code == 302 and ok["Location"] == OFFICE
        assert client.get(OFFICE).status_code == 200


def test_officer_reaches_officer_pages_without_a_second_factor_when_not_required(client, settings):
    settings.REQUIRE_2FA = False
    _sign_in(client, _user(Role.OFFICER))
    assert client.get(OFFICE).status_code == 200


def test_a_person_who_turned_it_on_is_asked_for_the_code_even_when_not_required(client, settings):
    settings.REQUIRE_2FA = False
    applicant = _user(Role.APPLICANT)
    _sign_in(client, applicant)
    _set_up(client)
    client.post("/accounts/logout/")
    _sign_in(client, applicant)
    assert client.get("/applications/mine/")["Location"].startswith("/accounts/2fa/verify/")


def test_a_recovery_code_works_once(client, settings):
    settings.REQUIRE_2FA = True
    officer = _user(Role.OFFICER)
    _sign_in(client, officer)
    _device, codes = _set_up(client)
    client.post("/accounts/logout/")

    _sign_in(client, officer)
    assert client.post("/accounts/2fa/verify/", {"token": codes[0].upper()}).status_code == 302
    assert client.get(OFFICE).status_code == 200
    assert "未使用のリカバリーコード: 9 個" in client.get("/accounts/2fa/").content.decode()
    client.post("/accounts/logout/")

    _sign_in(client, officer)
    again = client.post("/accounts/2fa/verify/", {"token": codes[0]})
    assert again.status_code == 400
    assert client.get(OFFICE).status_code == 302


def test_setup_refuses_a_wrong_code_and_stays_off(client):
    applicant = _user(Role.APPLICANT)
    _sign_in(client, applicant)
    client.get("/accounts/2fa/setup/")
    response = client.post("/accounts/2fa/setup/", {"token": "12"})
    assert response.status_code == 400 and "確認コードが正しくありません" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=applicant, confirmed=True).exists()


def test_a_session_that_knows_its_person_has_no_second_factor_asks_the_database_once(client):
    """Every page asks whether the person has an authenticator; a session answers it once, then remembers."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory

    user = UserFactory()
    user.refresh_from_db()
    client.force_login(user)
    with CaptureQueriesContext(connection) as first:
        client.get("/applications/mine/")
    with CaptureQueriesContext(connection) as second:
        client.get("/applications/mine/")
    asked = [q for q in first.captured_queries if "otp_totp_totpdevice" in q["sql"]]
    asked_again = [q for q in second.captured_queries if "otp_totp_totpdevice" in q["sql"]]
    assert len(asked) == 1 and asked_again == []
