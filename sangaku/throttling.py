"""API throttling: per signed-in user and per anonymous address, rates from settings.API_THROTTLE_RATES.

The rates are read on each request (not once at import), so settings can change them per environment
and per test. Over the rate the API answers 429 with the standard error JSON and `Retry-After`.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _SettingsRate:
    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class AnonThrottle(_SettingsRate, AnonRateThrottle):
    scope = "anon"


class UserThrottle(_SettingsRate, UserRateThrottle):
    scope = "user"
