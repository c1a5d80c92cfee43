"""Query normalisation and highlighting shared by every search box (no domain knowledge here)."""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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
    """`text` HTML-escaped first, then every word of `query` wrapped in <mark> (case-insensitive)."""
    escaped = str(escape(text or ""))
    words = sorted((str(escape(w)) for w in terms(query)), key=len, reverse=True)
    if not words:
        return mark_safe(escaped)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped))
