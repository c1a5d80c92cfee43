"""Dates, fiscal years and yen the Japanese way (and the English way when the page is in English).

{% load sangaku %} then: {{ amount|yen }} → ¥5,000,000; {{ amount|man_yen }} → 500万円;
{{ date|jdate }} → 2025年5月31日 / 31 May 2025; {{ 2024|fy }} → 令和6年度 / FY2024;
{{ call.closes_at|deadline }} → 2025年5月31日 23:59 JST（あと3日）.
"""

import datetime as dt

from django import template
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programs.fiscal import JST, reiwa_label

register = template.Library()


def _english() -> bool:
    return (translation.get_language() or "ja").startswith("en")


@register.filter
def yen(amount) -> str:
    if amount in (None, ""):
        return "—"
    return f"¥{int(amount):,}"


@register.filter
def man_yen(amount) -> str:
    """Summaries: 5,000,000 → 500万円 (English: ¥5.0M)."""
    if amount in (None, ""):
        return "—"
    amount = int(amount)
    if _english():
        return f"¥{amount / 1_000_000:,.1f}M"
    if amount >= 100_000_000 and amount % 10_000_000 == 0:
        oku, man = divmod(amount // 10_000, 10_000)
        return f"{oku}億{man:,}万円" if man else f"{oku}億円"
    if amount % 10_000 == 0:
        return f"{amount // 10_000:,}万円"
    return f"{amount:,}円"


def _as_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return (value.astimezone(JST) if timezone.is_aware(value) else value).date()
    return value


@register.filter
def jdate(value) -> str:
    day = _as_date(value)
    if day is None:
        return "—"
    if _english():
        return f"{day.day} {day:%b} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


@register.filter
def fy(fiscal_year) -> str:
    if fiscal_year in (None, ""):
        return "—"
    fiscal_year = int(fiscal_year)
    if _english() or fiscal_year < 2019:
        return f"FY{fiscal_year}"
    return reiwa_label(fiscal_year)


@register.filter
def deadline(value) -> str:
    """Date and time in JST with the time remaining (or that it has passed)."""
    if value in (None, ""):
        return "—"
    local = value.astimezone(JST)
    stamp = f"{jdate(local)} {local:%H:%M} JST"
    remaining = value - timezone.now()
    if remaining.total_seconds() < 0:
        return f"{stamp}（{_('締切済')}）"
    days = remaining.days
    if days >= 1:
        left = ngettext("あと%(n)d日", "あと%(n)d日", days) % {"n": days}
    else:
        hours = int(remaining.total_seconds() // 3600)
        left = ngettext("あと%(n)d時間", "あと%(n)d時間", hours) % {"n": hours}
    return f"{stamp}（{left}）"


@register.filter
def jdatetime(value) -> str:
    """An instant as date and time in Tokyo: 2025年5月31日 23:59 JST / 31 May 2025 23:59 JST."""
    if value in (None, ""):
        return "—"
    local = value.astimezone(JST)
    return f"{jdate(local)} {local:%H:%M} JST"


@register.filter
def highlight(text, query) -> str:
    """`text` escaped, then the words of the search `query` marked with <mark>."""
    from sangaku.textsearch import highlight as mark

    return mark(text, query or "")
