"""Two web processes, as two machines behind a load balancer would run them: gunicorn on two ports (as `make serve`
starts it) on one PostgreSQL database and one Redis. No sticky sessions: whatever one process learnt about a
browser or an address, the other knows too.

- a session signed in on A is signed in on B, and signing out on B signs it out on A;
- wrong passwords counted on A and on B add up to one lockout, seen by both;
- anonymous API requests counted on A and on B add up to one allowance (the cache on Redis, not in a process).
"""

import http.client
import re
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
import redis
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from tests.factories import UserFactory

from .services import Service, WebServer, project_env
from .worker import wait_for

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PASSWORD = "two-machines-password"
FAILURE_LIMIT = 3
ANON_RATE = 4


class Browser:
    """One browser's cookies, sent to whichever web process it talks to (cookies do not depend on the port)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, web: WebServer, method: str, path: str, form: dict | None = None) -> tuple[int, dict, str]:
        connection = http.client.HTTPConnection("127.0.0.1", web.port, timeout=20)
        headers = {"Accept-Language": "ja"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel.value:
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)  # deleted (signed out)
            return response.status, dict(response.headers), text
        finally:
            connection.close()

    def sign_in(self, web: WebServer, username: str, password: str) -> int:
        _, _, page = self.request(web, "GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"csrfmiddlewaretoken": token, "username": username, "password": password}
        return self.request(web, "POST", "/accounts/login/", form)[0]


@pytest.fixture(scope="module")
def web_pair(django_db_setup):
    """Two gunicorn processes on two free ports, on the test database and one Redis (with a key prefix and a queue
    of their own); started once for this module, stopped after it."""
    prefix = f"two-web-{uuid.uuid4().hex[:8]}"
    queue = f"it-{uuid.uuid4().hex[:12]}"
    env = project_env(
        redis_url=settings.REDIS_URL,
        queue=queue,
        CACHE_KEY_PREFIX=prefix,
        AXES_FAILURE_LIMIT=FAILURE_LIMIT,
        API_THROTTLE_ANON=f"{ANON_RATE}/minute",
    )
    webs = WebServer(env), WebServer(env)
    try:
        for web in webs:
            Service.start(web)  # both boot at once; then wait for each
        for web in webs:
            wait_for(lambda web=web: web.get("/healthz")[0] != 0, timeout=30, what=f"gunicorn on {web.port}")
        yield webs, prefix
    finally:
        for web in webs:
            web.close()
        _forget(f"{prefix}:*", f"*{queue}*")


def _forget(*patterns: str) -> None:
    client = redis.Redis.from_url(settings.REDIS_URL)
    for pattern in patterns:
        for key in client.scan_iter(match=pattern):
            client.delete(key)
    client.close()


@pytest.fixture
def two_webs(web_pair, transactional_db):
    """The pair with nothing cached yet (the database is emptied after each test, as always)."""
    webs, prefix = web_pair
    _forget(f"{prefix}:*")
    return webs


def _user(username: str):
    user = UserFactory(username=username)
    # The web processes keep Django's default hashers (the tests' MD5 is theirs alone); few rounds keep it quick.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "two-webs-salt", iterations=1000)
    user.save(update_fields=["password"])
    return user


def test_a_session_signed_in_on_one_process_is_signed_in_on_the_other(two_webs):
    a, b = two_webs
    user = _user("two-webs-applicant")
    browser = Browser()
    assert browser.sign_in(a, user.username, PASSWORD) == 302
    assert "sessionid" in browser.cookies

    status, _, page = browser.request(b, "GET", "/applications/mine/")
    assert status == 200, "B knows the session A started"
    assert user.display_name in page

    # Signing out on B ends the session on A too.
    _, _, page = browser.request(b, "GET", "/applications/mine/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    old = dict(browser.cookies)
    assert browser.request(b, "POST", "/accounts/logout/", {"csrfmiddlewaretoken": token})[0] == 302
    stale = Browser()
    stale.cookies = old  # someone who kept the old cookie
    status, headers, _ = stale.request(a, "GET", "/applications/mine/")
    assert status == 302 and headers["Location"].startswith("/accounts/login/")


def test_wrong_passwords_on_both_processes_add_up_to_one_lockout_seen_by_both(two_webs):
    a, b = two_webs
    user = _user("two-webs-target")
    browser = Browser()
    answers = [browser.sign_in(web, user.username, f"wrong-{i}") for i, web in enumerate([a, b, a])]
    assert answers == [200, 200, 429], "the third wrong password (two on A, one on B) locks"
    assert browser.sign_in(b, user.username, PASSWORD) == 429, "B refuses even the right password"
    assert browser.sign_in(a, user.username, PASSWORD) == 429


def test_anonymous_api_requests_on_both_processes_share_one_allowance(two_webs):
    a, b = two_webs
    answers = [Browser().request(web, "GET", "/api/v1/platforms/")[0] for web in [a, b, a, b, a]]
    assert answers == [401] * ANON_RATE + [429]
