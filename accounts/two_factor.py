"""The second factor: TOTP (an authenticator app) with one-time recovery codes, on django-otp.

Anyone may turn it on; officers and directors must have it whenever settings.REQUIRE_2FA is on.
Once a person has a confirmed device, every sign-in asks for a code before any other page.

- `start_setup` gives the person an unconfirmed TOTP device (its secret shown once, as text and QR);
- `confirm_setup` confirms it with a code from the app and issues fresh recovery codes;
- `verify` accepts a code from the app or a recovery code (each recovery code works once);
- `RequireSecondFactorMiddleware` sends a signed-in person who still owes the second factor to the
  verify page (has a device) or the set-up page (must have one and has none).
"""

import io

from django.conf import settings
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
# Reachable while the second factor is still owed: signing in and out, the 2FA pages, password reset.
OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/readyz")


def must_have_second_factor(user) -> bool:
    return bool(settings.REQUIRE_2FA) and (user.is_officer or user.is_director)


def has_second_factor(user) -> bool:
    """Has the person a confirmed authenticator or recovery codes? One query (asked on every page)."""
    from django.db.models import Exists, OuterRef

    from accounts.models import User

    totp = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    static = StaticDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return User.objects.filter(pk=user.pk).filter(Exists(totp) | Exists(static)).exists()


def start_setup(user) -> TOTPDevice:
    """The person's unconfirmed authenticator device, made on first call and kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("認証アプリ"), confirmed=False)
    return device


def setup_secret(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode("ascii")


def qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code (no style attribute, so the CSP needs no exception)."""
    import segno

    out = io.BytesIO()
    segno.make(uri, error="m").save(
        out, kind="svg", scale=4, light="#fff", xmldecl=False, svgns=True, title=_("QRコード")
    )
    return out.getvalue().decode("utf-8")


def _clean(token: str) -> str:
    return "".join((token or "").split()).lower()


@transaction.atomic
def confirm_setup(request, device_id: int, token: str) -> list[str] | None:
    """Confirm the device with a code from the app; returns the new recovery codes, or None if the code is wrong."""
    device = TOTPDevice.objects.select_for_update().filter(pk=device_id, user=request.user, confirmed=False).first()
    if device is None or not device.verify_token(_clean(token)):
        return None
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()  # one authenticator at a time
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = new_recovery_codes(request.user)
    otp_login(request, device)
    request.session.pop(NO_SECOND_FACTOR, None)
    return codes


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the person's recovery codes with RECOVERY_CODE_COUNT fresh ones (the old ones stop working)."""
    device = StaticDevice.objects.filter(user=user).order_by("id").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=_("リカバリーコード"), confirmed=True)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(request, token: str) -> bool:
    """Accept a code from the authenticator app or a recovery code (used up); marks the session verified."""
    token = _clean(token)
    if not token:
        return False
    with transaction.atomic():
        for device in devices_for_user(request.user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                otp_login(request, device)
                return True
    return False


NO_SECOND_FACTOR = "_sangaku_no_second_factor"


def _has_second_factor_this_session(request, user) -> bool:
    """Asked on every page: once a session knows its person has no authenticator, it stops asking the database.

    Setting one up in this session (confirm_setup) forgets the answer; the person's other sessions learn of
    it when they next sign in (they were opened without a second factor, as the person had none then).
    """
    if request.session.get(NO_SECOND_FACTOR) == user.pk:
        return False
    has = has_second_factor(user)
    if not has:
        request.session[NO_SECOND_FACTOR] = user.pk
    return has


def _api_token_request(request) -> bool:
    """An API call that brings its own token: the API signs it in by the token (one query loads token and person,
    `sangaku.api_auth`), never by the session, so the session's person is not loaded just to be asked for a second
    factor the token does not use (as for a token sent without any session cookie)."""
    return request.path.startswith("/api/") and request.META.get("HTTP_AUTHORIZATION", "")[:6].lower() == "token "


class RequireSecondFactorMiddleware:
    """After django_otp's OTPMiddleware: pages wait until a signed-in person has given the second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(OPEN_PREFIXES) or _api_token_request(request):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if user.is_verified():
            return self.get_response(request)
        if _has_second_factor_this_session(request, user):
            target = "two_factor_verify"
        elif must_have_second_factor(user):
            target = "two_factor_setup"
        else:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            message = _("二段階認証が必要です。画面からログインし、確認コードを入力してください。")
            body = {"detail": message, "code": "second_factor_required", "errors": {}}
            return JsonResponse(body, status=403, json_dumps_params={"ensure_ascii": False})
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
