"""API throttling: per signed-in user and per anonymous address, rates from settings.API_THROTTLE_RATES.

DRF checks permissions before throttles, so an anonymous request would be refused (401) without ever
being counted, and guessing tokens would cost nothing. The address allowance is therefore taken during
authentication (`sangaku.api_auth`): every request that no credentials authenticate, and every wrong
token, counts against its address. Signed-in people are counted by `UserThrottle` (a DRF throttle class).
The rates are read on each request (not once at import), so settings can change them per environment
and per test. Over the rate the API answers 429 with the standard error JSON and `Retry-After`.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle


class _SettingsRate:
    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class AddressThrottle(_SettingsRate, SimpleRateThrottle):
    """Counts by client address only: used while authenticating, when `request.user` is not known yet."""

    scope = "anon"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserThrottle(_SettingsRate, UserRateThrottle):
    scope = "user"
