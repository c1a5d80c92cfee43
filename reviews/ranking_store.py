"""The ranking, computed when its inputs change rather than on every view, and read a page at a time.

`scoring.call_ranking(call)` computes every row of a call (calibration needs all of the
call's reviews). Its result is kept in the cache under the call's *ranking generation* (kept in the
database); the generation moves on whenever an input changes: an application, assignment or
review of the call saved (every workflow run saves its row), assignments created in bulk
by the auto-assignment (`ranking_changed`). The next view computes once; every other view
reads the stored rows and fetches only its page's applications (status and title are
always current). With Redis configured, every web process shares the versions and rows.
"""

from django.core.cache import cache
from django.core.paginator import Page, Paginator

from applications.models import Application
from reliability.generations import advance, generation

RANKING_PAGE_SIZE = 50
_TTL = 60 * 60 * 24


def _generation_name(call_id: int) -> str:
    return f"ranking:{call_id}"


def ranking_changed(call_id: int) -> None:
    """The call's ranking inputs changed: its stored rows are never used again.

    The generation lives in the database (`reliability.generations`) and moves on in the caller's transaction: a
    read later in the same transaction sees the change; rows another process computes meanwhile from data without
    it are stored under the old generation and retired when this commits. A change made while Redis is down is
    not lost either: the stale rows Redis may still hold on its return are under a generation nobody reads.
    """
    advance(_generation_name(call_id))


def _rows_without_objects(call) -> list[dict]:
    from .scoring import call_ranking

    rows = []
    for row in call_ranking(call):
        light = dict(row)
        light["application_id"] = light.pop("application").pk
        rows.append(light)
    return rows


def ranked_rows(call) -> list[dict]:
    """Every row of the call's ranking (best first) with `application_id` instead of the object."""
    key = f"ranking:rows:{call.pk}:{generation(_generation_name(call.pk))}"
    rows = cache.get(key)
    if rows is None:
        rows = _rows_without_objects(call)
        cache.set(key, rows, _TTL)
    return rows


def _with_applications(rows: list[dict]) -> list[dict]:
    ids = [r["application_id"] for r in rows]
    by_id = Application.objects.select_related("applicant", "institution").in_bulk(ids)
    return [{**r, "application": by_id[r["application_id"]]} for r in rows if r["application_id"] in by_id]


def ranking_page(call, number, *, per_page: int = RANKING_PAGE_SIZE) -> Page:
    """One page of the ranking (a number, or "last"); its rows carry their `application` (one query for the page)."""
    paginator = Paginator(ranked_rows(call), per_page)
    page = paginator.get_page(paginator.num_pages if number == "last" else number)
    page.object_list = _with_applications(list(page.object_list))
    return page


def ranking_row(application) -> dict | None:
    """The application's row in its call's ranking, or None when it is not ranked."""
    for row in ranked_rows(application.call):
        if row["application_id"] == application.pk:
            return {**row, "application": application}
    return None


def ranking_rows_for(call, application_ids) -> list[dict]:
    """The ranking's rows of these applications (in ranking order), with their objects."""
    wanted = set(application_ids)
    return _with_applications([r for r in ranked_rows(call) if r["application_id"] in wanted])
