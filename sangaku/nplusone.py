"""Mark code that repeats one query on purpose, so the N+1 detector of the test suite (django-zeal) accepts it.

The test suite raises on any N+1 (tests/conftest.py). A few places repeat a query by design:
a batch that runs each row in its own transaction with its own row lock (one row's refusal
leaves the others done), or a form that saves a draft and then submits it as two steps.
Wrap exactly those in `repeated_on_purpose()`. zeal is a development dependency: in
production this is a no-op context manager.
"""

import contextlib

try:
    from zeal import zeal_ignore as repeated_on_purpose
except ImportError:  # production installs only requirements.txt

    def repeated_on_purpose():
        return contextlib.nullcontext()


__all__ = ["repeated_on_purpose"]
