"""Query normalisation and highlighting shared by every search box (no domain knowledge here)."""

import re
import unicodedata

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

QUERY_MAX = 100


def normalize(text: str) -> str:
    """NFKC (full-width ↔ half-width, e.g. ＡＩ → AI, ｶﾀｶﾅ → カタカナ), whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def terms(query: str) -> list[str]:
    """The words of a normalised query (full-width spaces split too, duplicates dropped)."""
    seen: list[str] = []
    for word in normalize(query).split(" "):
        if word and word.casefold() not in {s.casefold() for s in seen}:
            seen.append(word)
    return seen


def highlight(text, query: str) -> SafeString:
    """`text` with every word of `query` wrapped in <mark> (case-insensitive); every piece is HTML-escaped."""
    text = str(text or "")
    words = sorted(terms(query), key=len, reverse=True)
    if not words:
        return escape(text)
    parts = re.compile("(" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE).split(text)
    # split() with a group alternates: text, match, text, match, …, text
    pairs = [
        (parts[i], format_html("<mark>{}</mark>", parts[i + 1]) if i + 1 < len(parts) else "")
        for i in range(0, len(parts), 2)
    ]
    return format_html_join("", "{}{}", pairs)
