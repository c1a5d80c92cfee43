"""What every reminder sweep shares: day bands, keyset batches, the officer directory and the one-INSERT flush.

See `reporting.reminders` for the rules themselves.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet

from accounts.models import Role, User
from notifications.services import Pending, existing_dedup_keys, notification_render, notify_bulk
from programs.fiscal import JST, deadline_instant, start_instant


@dataclass
class SweepResult:
    rule: str
    batches: int = 0
    offered: int = 0
    created: int = 0
    by_window: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "batches": self.batches,
            "offered": self.offered,
            "created": self.created,
            "by_window": self.by_window,
        }


@dataclass(frozen=True)
class Band:
    """One window of a rule: items whose due instant/date lies between `lower` and `upper`."""

    name: str
    days: int
    lower: dt.datetime | dt.date | None
    upper: dt.datetime | dt.date
    lower_op: str = "gte"
    upper_op: str = "lt"
    escalate: bool = False

    @property
    def overdue(self) -> bool:
        return self.name.startswith("overdue")

    def q(self, path: str) -> Q:
        q = Q(**{f"{path}__{self.upper_op}": self.upper})
        if self.lower is not None:
            q &= Q(**{f"{path}__{self.lower_op}": self.lower})
        return q


def person_name(values: dict, prefix: str) -> str:
    return values[f"{prefix}display_name"] or values[f"{prefix}username"]


def tokyo_today(now: dt.datetime) -> dt.date:
    return now.astimezone(JST).date()


def due_in_bands(windows: list[int], *, now: dt.datetime, as_dates: bool) -> list[Band]:
    """'Due in N days' bands: due within the next N calendar days, but not within the next smaller window."""
    today = tokyo_today(now)
    bands = []
    ordered = sorted(windows, reverse=True)
    for i, days in enumerate(ordered):
        smaller = ordered[i + 1] if i + 1 < len(ordered) else None
        if as_dates:  # today + smaller < due_on <= today + days
            lower = today + dt.timedelta(days=smaller + 1) if smaller is not None else today
            bands.append(Band(f"due{days}", days, lower, today + dt.timedelta(days=days + 1)))
        else:  # end of (today + smaller) < due_at <= end of (today + days); never before now
            lower = deadline_instant(today + dt.timedelta(days=smaller)) if smaller is not None else now
            upper = deadline_instant(today + dt.timedelta(days=days))
            bands.append(Band(f"due{days}", days, lower, upper, lower_op="gt", upper_op="lte"))
    return bands


def overdue_bands(windows: list[int], *, now: dt.datetime, escalate_from: int | None, as_dates: bool) -> list[Band]:
    """'Overdue by N days' bands: due date at least N and fewer than the next window's days ago."""
    today = tokyo_today(now)
    bands = []
    ordered = sorted(windows)
    for i, days in enumerate(ordered):
        larger = ordered[i + 1] if i + 1 < len(ordered) else None
        # due date <= today - days  <=>  due date < today - days + 1
        upper: dt.date | dt.datetime = today - dt.timedelta(days=days - 1)
        lower: dt.date | dt.datetime | None = today - dt.timedelta(days=larger - 1) if larger is not None else None
        if not as_dates:
            upper = start_instant(upper)
            lower = start_instant(lower) if lower is not None else None
        escalate = escalate_from is not None and days >= escalate_from
        bands.append(Band(f"overdue{days}", days, lower, upper, escalate=escalate))
    return bands


def batches(qs: QuerySet, fields: list[str], batch_size: int) -> Iterator[list[dict]]:
    """Keyset pagination on the primary key: one query per batch, stable under concurrent inserts."""
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last).order_by("pk").values("id", *fields)[:batch_size])
        if not rows:
            return
        yield rows
        last = rows[-1]["id"]
        if len(rows) < batch_size:
            return


class OfficerDirectory:
    """Officers in scope of platforms / programs, loaded once per id for the whole sweep."""

    _fields = ("user_id", "user__preferred_language", "user__display_name", "user__username")

    def __init__(self):
        self._by_platform: dict[int, list[dict]] = {}
        self._by_program: dict[int, list[dict]] = {}

    def _load(self, cache: dict, through, column: str, ids: set[int]) -> None:
        missing = {i for i in ids if i is not None and i not in cache}
        if not missing:
            return
        for i in missing:
            cache[i] = []
        rows = through.objects.filter(
            **{f"{column}__in": missing}, user__role=Role.OFFICER, user__is_active=True
        ).values(column, *self._fields)
        for row in rows:
            cache[row[column]].append(
                {
                    "id": row["user_id"],
                    "language": row["user__preferred_language"],
                    "name": row["user__display_name"] or row["user__username"],
                }
            )

    def prefetch(self, pairs: set[tuple[int | None, int]]) -> None:
        self._load(self._by_platform, User.officer_platforms.through, "platform_id", {p for p, _ in pairs})
        self._load(self._by_program, User.officer_programs.through, "program_id", {g for _, g in pairs})

    def officers(self, platform_id: int | None, program_id: int) -> list[dict]:
        seen, result = set(), []
        for officer in self._by_platform.get(platform_id, []) + self._by_program.get(program_id, []):
            if officer["id"] not in seen:
                seen.add(officer["id"])
                result.append(officer)
        return result


@dataclass(frozen=True)
class Draft:
    """A reminder before rendering: rendered only if its dedup key is still unused."""

    recipient_id: int
    kind: str
    language: str
    context: dict
    key: str
    link: str


def flush(result: SweepResult, band: Band, drafts: list[Draft]) -> None:
    """Render the drafts not yet sent and insert them in one statement (ON CONFLICT DO NOTHING)."""
    used = existing_dedup_keys([d.key for d in drafts]) if drafts else set()
    items = [
        Pending(d.recipient_id, d.kind, *notification_render(kind=d.kind, language=d.language, context=d.context),
                d.key, d.link)
        for d in drafts
        if d.key not in used
    ]  # fmt: skip
    with transaction.atomic():
        created = notify_bulk(items=items)
    result.batches += 1
    result.offered += len(drafts)
    result.created += len(created)
    result.by_window[band.name] = result.by_window.get(band.name, 0) + len(drafts)
