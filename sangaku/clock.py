"""The instant a request arrived, stamped before anything else runs.

A deadline is judged at this instant, not when the work finishes: a submit that arrives
one second before the call closes is accepted even when, under a closing-day load, it
waits for a worker or a row lock until after the deadline; one that arrives after it is
refused. Available as `request.received_at`.

Behind a reverse proxy the request may wait in gunicorn's listen queue before any worker
sees it, so the instant a worker takes it is too late. The proxy (nginx in `make serve` and
docker-compose.yml) stamps the instant it received the request as `X-Request-Start: t=<epoch
seconds>` and the client's address as `X-Real-IP`. Both are believed only from an address in
settings.TRUSTED_PROXY_IPS (addresses or networks); from anywhere else they are ignored (a
forged stamp cannot move a deadline) and the server's own clock is used. A stamp later than the
server's clock, or older than REQUEST_START_MAX_AGE_SECONDS, is not believed either.
"""

import datetime as dt
import ipaddress
from functools import lru_cache

from django.conf import settings
from django.utils import timezone

# A proxy gives up on a request long before this (nginx's proxy_read_timeout is 60 s).
REQUEST_START_MAX_AGE_SECONDS = 300


@lru_cache(maxsize=8)
def _networks(trusted: tuple) -> tuple:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in trusted if entry.strip())


def from_trusted_proxy(request) -> bool:
    """Did the request come through one of our own proxies (settings.TRUSTED_PROXY_IPS)?"""
    trusted = tuple(getattr(settings, "TRUSTED_PROXY_IPS", ()) or ())
    if not trusted:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in _networks(trusted))


def parse_request_start(value: str, now: dt.datetime) -> dt.datetime | None:
    """`t=1765000000.123` (nginx's `${msec}`; also milliseconds or microseconds since the epoch) as an instant,
    or None when it is malformed, in the future or implausibly old."""
    value = (value or "").strip()
    if value.startswith("t="):
        value = value[2:]
    try:
        seconds = float(value)
    except ValueError:
        return None
    if seconds != seconds or seconds <= 0:  # NaN or nonsense
        return None
    if seconds > 1e14:  # microseconds
        seconds /= 1_000_000
    elif seconds > 1e11:  # milliseconds
        seconds /= 1000
    try:
        stamped = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    if stamped > now or (now - stamped).total_seconds() > REQUEST_START_MAX_AGE_SECONDS:
        return None
    return stamped


class RequestClockMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = timezone.now()
        request.received_at = now
        if from_trusted_proxy(request):
            stamped = parse_request_start(request.META.get("HTTP_X_REQUEST_START", ""), now)
            if stamped is not None:
                request.received_at = stamped
            client = request.META.get("HTTP_X_REAL_IP", "").strip()
            if client:
                # Sign-in lockouts and API allowances count the client's address, not the proxy's.
                request.META["REMOTE_ADDR"] = client
        return self.get_response(request)


def received_at(request):
    """When the request arrived (the proxy's stamp, else the server's clock), or now for a request the
    middleware did not see."""
    return getattr(request, "received_at", None) or timezone.now()
