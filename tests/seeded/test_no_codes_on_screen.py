"""No internal code on a Japanese screen: every kind of page of the demo, for each role, is rendered and
its visible text is searched for raw enum values (statuses, roles, kinds, event actions), stage codes and
field names shown as 「（file）」-style codes.

The crawl follows the links each role sees, from the home page and the role's menu, and visits up to
PER_PATTERN pages of each URL shape (ids replaced by <n>), so every kind of page is covered without
rendering thousands of rows."""

import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.apps import apps
from django.test import Client

from applications.workflow import EDIT_EVENT_LABELS, TRANSITIONS
from programs.models import Stage

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

ROLES = ["applicant", "reviewer1", "officer-ksac", "officer-coinext", "director"]
PER_PATTERN = 2
MAX_PAGES = 120
SKIP = ("/accounts/logout", "/i18n/", "/admin/", "/api/", ".csv", "/download/", "/export")
# Names of people and things that happen to look like codes are not codes.
ALLOWED = {"pi"}


class _Text(HTMLParser):
    """Visible text (text nodes outside script/style) and same-site links."""

    def __init__(self):
        super().__init__()
        self.text, self.links, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("aria-label", "title", "placeholder", "data-confirm"):
            if attrs.get(name):
                self.text.append(attrs[name])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def _forbidden() -> list[str]:
    codes = set(TRANSITIONS) | set(EDIT_EVENT_LABELS) | {"reviewers_assigned"}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "choices", None) or []:
                if isinstance(value, str) and re.fullmatch(r"[a-z][a-z_]{2,}", value):
                    codes.add(value)
    codes |= set(Stage.objects.values_list("code", flat=True))
    return sorted(codes - ALLOWED)


def _pattern(path: str) -> str:
    return re.sub(r"\d+", "<n>", path)


def _crawl(client: Client, found: dict, forbidden: re.Pattern, role: str) -> int:
    queue = [
        "/",
        "/applications/mine/",
        "/review/",
        "/review/calls/",
        "/applications/",
        "/awards/",
        "/awards/mine/",
        "/office/",
        "/reporting/dashboard/",
        "/notifications/",
    ]
    seen, per_pattern, visited = set(), Counter(), 0
    while queue and visited < MAX_PAGES:
        url = urldefrag(queue.pop(0))[0]
        if url in seen or any(s in url for s in SKIP):
            continue
        seen.add(url)
        pattern = _pattern(urlsplit(url).path)
        if per_pattern[pattern] >= PER_PATTERN:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        per_pattern[pattern] += 1
        visited += 1
        parser = _Text()
        parser.feed(response.content.decode())
        text = " ".join(parser.text)
        for match in forbidden.finditer(text):
            context = text[max(0, match.start() - 40) : match.end() + 40].replace("\n", " ")
            found.setdefault(f"{role} {url}", []).append(f"{match.group(0)!r} in …{context}…")
        for href in parser.links:
            parts = urlsplit(href)
            if not parts.netloc and href.startswith("/"):
                queue.append(href)
    return visited


def test_no_raw_code_on_any_demo_page_for_any_role(seeded):
    codes = _forbidden()
    forbidden = re.compile(r"(?<![\w\-@./])(" + "|".join(map(re.escape, codes)) + r")(?![\w\-@])")
    from django.contrib.auth import get_user_model

    found: dict[str, list[str]] = {}
    visited = {}
    for username in ROLES:
        client = Client(HTTP_ACCEPT_LANGUAGE="ja")
        client.force_login(get_user_model().objects.get(username=username))
        visited[username] = _crawl(client, found, forbidden, username)
    assert all(n >= 5 for n in visited.values()), visited
    assert not found, "\n".join(f"{where}: {hits[:3]}" for where, hits in found.items())
