"""Content-Security-Policy on every page, and nothing in our templates that the policy would block."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import Role
from tests.factories import UserFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/password-reset/", "/api/docs/"])
def test_pages_carry_a_policy_without_inline_script(client, settings, path):
    settings.API_DOCS_PUBLIC = True
    response = client.get(path)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_signed_in_pages_and_error_answers_carry_the_policy_too(client):
    client.force_login(UserFactory(role=Role.OFFICER))
    for path in ["/office/", "/accounts/2fa/setup/", "/no-such-page/"]:
        assert "script-src 'self'" in client.get(path)["Content-Security-Policy"], path


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
HANDLER_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"\sstyle\s*=|<style", re.I)


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_inline_script_or_style_in_templates(path):
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>"
    assert not HANDLER_ATTRIBUTE.search(text), "on* event handler attribute"
    assert not STYLE.search(text), "style attribute or <style> element"
    assert "javascript:" not in text
