"""The instant a request arrived, stamped before anything else runs.

A deadline is judged at this instant, not when the work finishes: a submit that arrives
one second before the call closes is accepted even when, under a closing-day load, it
waits for a worker or a row lock until after the deadline; one that arrives after it is
refused. Set by the server only (never read from the request), as `request.received_at`.
"""

from django.utils import timezone


class RequestClockMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.received_at = timezone.now()
        return self.get_response(request)


def received_at(request):
    """When the request arrived (the server's clock), or now for a request the middleware did not see."""
    return getattr(request, "received_at", None) or timezone.now()
