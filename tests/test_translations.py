"""Every user-visible string goes through gettext, and the catalogues are complete.

- Templates: no literal text outside {% translate %} / {% blocktranslate %} / variables.
- `makemessages` would add no new entry to locale/en (every msgid is already there),
  and every English entry has a translation.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
BLOCK_TRANS = re.compile(r"{%\s*blocktranslate.*?%}.*?{%\s*endblocktranslate\s*%}", re.S)
SKIP_ELEMENTS = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
HTML_TAG = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&[a-z]+;|&#\d+;")
# Text that needs no translation: punctuation, numbers, symbols, currency and the brand.
NEUTRAL = re.compile(r"^[\s\d\W_¥円%/|:：・…→←（）()「」【】、。,.\-–—+×~〜]*$")
ALLOWED_LITERALS = {"JST", "CSV", "XLSX", "API", "PDF", "ID", "PI", "TeSH", "Sangaku", "e-Rad", "KSAC", "GTIE"}


def _literal_text(source: str) -> list[str]:
    source = COMMENT_BLOCK.sub(" ", source)
    source = SKIP_ELEMENTS.sub(" ", source)
    source = BLOCK_TRANS.sub(" ", source)
    source = TAG.sub(" ", source)
    # attribute values that users read (placeholder, title, aria-label, alt) count too
    attrs = re.findall(r'(?:placeholder|title|aria-label|alt)="([^"]*)"', source)
    text = HTML_TAG.sub("\n", source)
    text = ENTITY.sub(" ", text)
    found = [chunk.strip() for chunk in text.splitlines() + attrs]
    return [c for c in found if c and not NEUTRAL.match(c) and c not in ALLOWED_LITERALS]


def test_the_detector_finds_literal_text_and_ignores_translated_text():
    source = (
        '<h1>{% translate "申請" %}</h1><p>締切を過ぎました</p><input placeholder="氏名">'
        "{% blocktranslate %}残り{{ n }}日{% endblocktranslate %}<td>{{ a.title }}</td><td>¥1,000</td>"
    )
    assert _literal_text(source) == ["締切を過ぎました", "氏名"]


def test_templates_contain_no_untranslated_literal_text():
    offenders = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        literals = _literal_text(path.read_text(encoding="utf-8"))
        if literals:
            offenders[str(path.relative_to(ROOT))] = literals[:5]
    assert offenders == {}


def _msgids(po_text: str) -> set[str]:
    ids = set()
    for block in po_text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if match:
            msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
            if msgid:
                ids.add(msgid)
    return ids


def test_makemessages_would_add_nothing_and_english_is_complete(tmp_path):
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("gettext (xgettext) is required in CI; .ci/run installs it")
        pytest.skip("gettext is not installed")
    # Run makemessages on a copy so the repository is left untouched.
    work = tmp_path / "src"
    shutil.copytree(
        ROOT,
        work,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "node_modules", "*.sqlite3", "private_media", "staticfiles", "test-artifacts", "mutants"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-location",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=test-artifacts",
        ],
        cwd=work,
        check=True,
        capture_output=True,
    )
    committed = (ROOT / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    regenerated = (work / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    missing = _msgids(regenerated) - _msgids(committed)
    assert sorted(missing) == [], "run `make messages` and translate the new entries"
    untranslated = re.findall(r'\nmsgid "(.+)"\nmsgstr ""\n\n', committed + "\n\n")
    assert untranslated == []
    assert "#, fuzzy" not in committed, "fuzzy entries are not used at run time: translate and unmark them"
