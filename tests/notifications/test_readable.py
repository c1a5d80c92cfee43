"""Notifications read like a letter: full links, dates as people write them, in the recipient's language."""

from notifications.services import notification_render


def test_links_are_full_addresses_and_dates_are_written_out(settings):
    settings.SITE_URL = "https://sangaku.example.jp"
    context = {"name": "渡辺 誠", "application": "KSAC-2026-0001", "due": "2026-05-31", "days": "3", "link": "/review/"}
    _subject, body = notification_render(kind="review_due_soon", language="ja", context=context)
    assert "https://sangaku.example.jp/review/" in body
    assert "2026年5月31日" in body and "2026-05-31" not in body
    _subject, body = notification_render(kind="review_due_soon", language="en", context=context)
    assert "31 May 2026" in body
