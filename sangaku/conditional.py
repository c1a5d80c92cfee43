"""Conditional GET for public pages (the published results, a call's page): ETag, and 304 without rendering.

A public page is built in two steps: `build(request, ...)` runs the queries and returns plain data (a `Page`), and
the view renders it. For an anonymous GET the ETag is a fingerprint of everything the rendered page depends on:

- the data the template receives (every value of the context, walked: model instances with the fields and the
  related rows they were loaded with, lists, pages, forms rendered), plus any `extra` the page names (e.g. a
  deadline's "3 days left", which changes with the clock);
- the language, the path and query string, and the CSRF cookie (the page carries a token made from it);
- the release: the templates, the compiled translations and the static files' manifest this process serves.

So the fingerprint changes exactly when the page would, with no timestamp to keep up to date in any table (the
results join awards, applications, people and institutions, which have none). When it matches `If-None-Match`
the answer is 304 and nothing is rendered; the queries are the cost. No Last-Modified is sent: no single time
stamp covers everything these pages show. Signed-in people get no ETag (their header, menus and unread count
are theirs). `Cache-Control: private, no-cache`: browsers keep the page but ask each time, shared caches never
store it.
"""

import datetime as dt
import decimal
import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.paginator import Page as Paginated
from django.db.models import Model, QuerySet
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.functional import Promise
from django.views.decorators.http import condition
from django_filters import FilterSet


@dataclass
class Page:
    template: str
    context: dict
    status: int = 200
    extra: list = field(default_factory=list)  # what else the rendered page depends on (e.g. the clock)


def _plain(value, seen: set):
    """A stable, hashable-as-text picture of a context value; unknown types raise (better a failing test than a
    stale 304)."""
    if value is None or isinstance(value, str | int | float | bool | decimal.Decimal | dt.date | dt.time):
        return value
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Model):
        key = (value._meta.label, value.pk)
        if key in seen:
            return ["ref", *key]
        seen = seen | {key}
        loaded = {k: v for k, v in vars(value).items() if not k.startswith("_")}
        related = getattr(value._state, "fields_cache", {})
        return [value._meta.label, _plain(loaded, seen), _plain(related, seen)]
    if isinstance(value, Mapping):
        return [[str(k), _plain(v, seen)] for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))]
    if isinstance(value, Paginated):
        return ["page", value.number, value.paginator.count, value.paginator.num_pages, _plain(list(value), seen)]
    if isinstance(value, QuerySet | list | tuple):
        return [_plain(v, seen) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(_plain(v, seen)) for v in value)
    if isinstance(value, FilterSet):
        return _plain(value.form, seen)
    if isinstance(value, forms.BaseForm):
        return str(value)  # the form as shown: choices, values and errors
    raise TypeError(f"no fingerprint for {type(value).__name__}: add it to sangaku.conditional._plain")


@functools.lru_cache(maxsize=1)
def release() -> str:
    """This process's templates, compiled translations and static manifest, as one hash (read once)."""
    digest = hashlib.sha256()
    roots = [Path(d) for t in settings.TEMPLATES for d in t.get("DIRS", [])]
    roots += [Path(c.path) / "templates" for c in apps.get_app_configs() if c.path.startswith(str(settings.BASE_DIR))]
    files = [p for root in roots if root.is_dir() for p in root.rglob("*.html")]
    files += [p for root in map(Path, settings.LOCALE_PATHS) if root.is_dir() for p in root.rglob("*.mo")]
    for path in sorted(files):
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    from django.contrib.staticfiles.storage import staticfiles_storage

    digest.update(str(getattr(staticfiles_storage, "manifest_hash", "")).encode())
    return digest.hexdigest()


def fingerprint(request, page: Page) -> str:
    picture = [
        release(),
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        request.get_full_path(),
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        _plain(page.context, set()),
        _plain(page.extra, set()),
    ]
    return hashlib.sha256(repr(picture).encode()).hexdigest()[:32]


def public_page(build):
    """Turn `build(request, *args, **kwargs) -> Page` into a view with ETag / 304 for anonymous GETs."""

    def etag(request, *args, **kwargs):
        if request.user.is_authenticated or request.method not in ("GET", "HEAD"):
            return None
        request._public_page = page = build(request, *args, **kwargs)
        return fingerprint(request, page) if page.status == 200 else None

    @functools.wraps(build)
    @condition(etag_func=etag)
    def view(request, *args, **kwargs):
        page = getattr(request, "_public_page", None) or build(request, *args, **kwargs)
        response = render(request, page.template, page.context, status=page.status)
        if not request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        return response

    return view
