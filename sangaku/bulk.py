"""Many rows in one statement, for the few places that write or filter thousands at once (auto-assignment,
sweeps).

On PostgreSQL: `INSERT … SELECT FROM unnest(one array per column)`, a handful of parameters whatever
the number of rows, and no model instance built per row. Elsewhere (SQLite for `make run`): the same
rows as chunked `VALUES` lists. Like `bulk_create`, no signals are sent and no `save()` runs: callers
do what a save would have triggered themselves.
"""

import datetime as dt

from django.db import connection
from django.db.models import BooleanField, F, Lookup

VALUES_CHUNK = 500  # rows per VALUES statement off PostgreSQL (SQLite's parameter limit)
DICTIONARY_MIN_ROWS = 100  # below this, repeated strings are cheap enough to send as they are
DICTIONARY_MAX_VALUES = 64


def bulk_insert(
    model,
    *,
    per_row: dict[str, tuple[str, list]],
    same: dict[str, object] | None = None,
    skip_duplicates: bool = False,
    returning: tuple[str, ...] = (),
) -> list[tuple]:
    """Insert one row per position of the `per_row` lists and return the `returning` columns of the new rows.

    `per_row` maps a column to (its PostgreSQL type, one value per row); `same` maps a column to the
    value every row gets. With `skip_duplicates`, rows that would break a unique constraint are
    skipped (ON CONFLICT DO NOTHING) and not returned.
    """
    same = same or {}
    lengths = {len(values) for _type, values in per_row.values()}
    if len(lengths) != 1:
        raise ValueError("bulk_insert: every per_row list must have the same length")
    count = lengths.pop()
    if count == 0:
        return []
    quote = connection.ops.quote_name
    names = [*per_row, *same]
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in names)}) "
    tail = " ON CONFLICT DO NOTHING" if skip_duplicates else ""
    if returning:
        tail += " RETURNING " + ", ".join(quote(c) for c in returning)
    result: list[tuple] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(*_unnest_sql(head, tail, per_row, same))
            return [tuple(row) for row in cursor.fetchall()] if returning else []
        columns = [values for _type, values in per_row.values()]
        constants = [_adapt(value) for value in same.values()]
        one = "(" + ", ".join(["%s"] * len(names)) + ")"
        for start in range(0, count, VALUES_CHUNK):
            stop = min(start + VALUES_CHUNK, count)
            params: list = []
            for i in range(start, stop):
                params += [_adapt(column[i]) for column in columns] + constants
            cursor.execute(head + "VALUES " + ", ".join([one] * (stop - start)) + tail, params)
            if returning:
                result += [tuple(row) for row in cursor.fetchall()]
    return result


def _unnest_sql(head: str, tail: str, per_row: dict, same: dict) -> tuple[str, list]:
    """INSERT … SELECT … FROM unnest(…). A text column with few distinct values (a kind, a fixed note)
    travels as its distinct values once plus a small integer per row: 50,000 repeated strings cost
    far more to send and parse than 50,000 integers."""
    select, arrays, aliases, select_params, array_params = [], [], [], [], []
    for i, (pg_type, values) in enumerate(per_row.values()):
        alias = f"c{i}"
        aliases.append(alias)
        values = list(values)
        distinct = sorted(set(values)) if pg_type == "text" and len(values) > DICTIONARY_MIN_ROWS else []
        if distinct and len(distinct) <= DICTIONARY_MAX_VALUES:
            number = {value: n for n, value in enumerate(distinct, start=1)}
            select.append(f"(%s::text[])[{alias}]")
            select_params.append(distinct)
            arrays.append("%s::int[]")
            array_params.append([number[value] for value in values])
        else:
            select.append(alias)
            arrays.append(f"%s::{pg_type}[]")
            array_params.append(values)
    select += ["%s"] * len(same)
    select_params += list(same.values())
    # Only our quoted table and column names, fixed aliases and type names are formatted in; every value
    # is a parameter.
    sql = f"{head}SELECT {', '.join(select)} FROM unnest({', '.join(arrays)}) AS x({', '.join(aliases)}){tail}"  # nosec B608
    return sql, select_params + array_params


def _adapt(value):
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


class AnyOf(Lookup):
    """`column = ANY(%s)` on PostgreSQL, the values as one array parameter (thousands of ids cost one
    parameter, not thousands to bind and plan); `column IN (…)` elsewhere."""

    lookup_name = "any_of"
    prepare_rhs = False

    @property
    def output_field(self):
        return BooleanField()

    def as_sql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs_sql} = ANY(%s)", [*lhs_params, values]
        if not values:
            return "1 = 0", list(lhs_params)
        return f"{lhs_sql} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


def among(field: str, values) -> AnyOf:
    """A filter: `field` is one of `values` (`Model.objects.filter(among("application_id", ids))`)."""
    return AnyOf(F(field), list(values))
