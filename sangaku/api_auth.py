"""API authentication: a token or the browser's session; anonymous requests are 401 and counted per address.

`TokenAuthentication` comes first in settings, so its `WWW-Authenticate: Token` header turns DRF's answer to
an anonymous request into 401 (not 403). `AddressAllowance` comes last: a request that nothing
authenticated is counted against its address (sangaku.throttling.AddressThrottle) and refused with 429
over the rate, as is a wrong token.
"""

from rest_framework import authentication, exceptions

from .throttling import AddressThrottle


def _count_address(request):
    throttle = AddressThrottle()
    if not throttle.allow_request(request, None):
        raise exceptions.Throttled(throttle.wait())


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            _count_address(request)
            raise


class AddressAllowance(authentication.BaseAuthentication):
    """Authenticates nobody; counts an unauthenticated request against its address's allowance."""

    def authenticate(self, request):
        _count_address(request)
        return None
