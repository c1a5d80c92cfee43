"""The apps depend one way: accounts/programs ← applications ← reviews ← conversations ← awards ← reporting, results, letters, evaluations, finance.

`notifications` depends on no domain app (it is told whom to notify, and what). A lower app
never imports a higher one, never points a foreign key at it, never names its models in a
string, and never walks a relation that only the higher app declares (e.g. applications
filtering on `assignments__…`): the higher app registers a hook instead (guards, submit and
draft checks, visibility, signals). Migrations are history and are not scanned.
"""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

ROOT = Path(__file__).resolve().parent.parent
# accounts (people) and programs (the catalog) form the base layer and may refer to each other.
RANK = {
    "accounts": 0,
    "programs": 0,
    "applications": 1,
    "reviews": 2,
    "conversations": 3,
    "interviews": 3,
    "awards": 4,
    "reporting": 5,
    "results": 5,
    "letters": 5,
    "evaluations": 5,
    "finance": 5,
}
# Used by anyone, depending on no domain app: the outbox, and idempotency keys / cache generations.
SERVICES = ("notifications", "reliability")
DOMAIN = [*RANK, *SERVICES]


def may_depend(lower: str, upper: str) -> bool:
    """May app `lower` depend on app `upper`?"""
    if lower == upper:
        return True
    if lower in SERVICES:
        return False
    if upper in SERVICES:
        return True
    return RANK[upper] <= RANK[lower]


def _sources(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {n.split(".")[0] for n in names if n.split(".")[0] in DOMAIN}
    return found


def test_the_rule_itself_refuses_an_upward_dependency():
    assert not may_depend("applications", "awards")
    assert not may_depend("notifications", "applications")
    assert may_depend("reporting", "reviews") and may_depend("reviews", "notifications")


@pytest.mark.parametrize("app", DOMAIN)
def test_no_import_of_a_higher_app(app):
    wrong = [
        f"{path.relative_to(ROOT)} imports {other}"
        for path in _sources(app)
        for other in _imported_apps(path)
        if not may_depend(app, other)
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("app", DOMAIN)
def test_no_string_reference_to_a_higher_apps_model(app):
    apps_alternation = "|".join(DOMAIN)
    pattern = re.compile(rf"""["']({apps_alternation})\.([A-Z]\w+)["']""")
    wrong = [
        f"{path.relative_to(ROOT)} names {m.group(1)}.{m.group(2)}"
        for path in _sources(app)
        for m in pattern.finditer(path.read_text(encoding="utf-8"))
        if not may_depend(app, m.group(1))
    ]
    assert not wrong, wrong


def test_no_foreign_key_from_a_lower_app_to_a_higher_one():
    """Any app may point at the user model (settings.AUTH_USER_MODEL); nothing else goes upward."""
    wrong = []
    user_model = get_user_model()
    for model in apps.get_models():
        app = model._meta.app_label
        if app not in DOMAIN:
            continue
        for field in model._meta.get_fields(include_hidden=True):
            if field.is_relation and not field.auto_created and field.related_model not in (None, user_model):
                target = field.related_model._meta.app_label
                if target in DOMAIN and not may_depend(app, target):
                    wrong.append(f"{model.__name__}.{field.name} → {target}.{field.related_model.__name__}")
    assert not wrong, wrong


def test_no_lower_app_walks_a_relation_only_a_higher_app_declares():
    """E.g. `Application.objects.filter(assignments__reviewer=…)` in applications reads review tables."""
    wrong = []
    for model in apps.get_models():
        upper = model._meta.app_label
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete and field.related_model is not None):
                continue
            lower = field.related_model._meta.app_label
            if lower not in DOMAIN or upper not in DOMAIN or may_depend(lower, upper):
                continue
            names = {
                n
                for n in (field.remote_field.get_accessor_name(), field.related_query_name())
                if n and n.isidentifier()
            }
            if not names:
                continue
            alternation = "|".join(names)
            pattern = re.compile(rf"\b({alternation})__\w|\.({alternation})\b(?!\s*=)")
            templates = sorted((ROOT / "templates" / lower).rglob("*.html"))
            for path in [*_sources(lower), *templates]:
                for m in pattern.finditer(path.read_text(encoding="utf-8")):
                    wrong.append(f"{path.relative_to(ROOT)} walks {m.group(0)} ({upper}.{model.__name__})")
    assert not wrong, wrong
