"""Per-prefix number sequences (受付番号, 課題番号) that cannot collide under concurrency.

`next_number(kind, prefix, start=...)` increments the `NumberSequence` row of that kind and
prefix with one `UPDATE … RETURNING`: the row stays locked until the caller's transaction ends,
so a second submit/accept under the same prefix (even into another call) waits and gets the next
number. A prefix seen for the first time is created with `INSERT … ON CONFLICT DO NOTHING`,
starting from `start()` (the highest number already in use), so two first-timers do not clash.
"""

from collections.abc import Callable

from django.db import connection, transaction

from .models import NumberSequence

RECEIPT = "receipt"
AWARD = "award"


def highest_suffix(numbers, prefix: str) -> int:
    """The largest integer that follows `prefix` among `numbers` (0 when none)."""
    best = 0
    for number in numbers:
        tail = (number or "")[len(prefix) :]
        if number and number.startswith(prefix) and tail.isdigit():
            best = max(best, int(tail))
    return best


def _increment(kind: str, prefix: str) -> int | None:
    """Bump the counter and read it in one statement (`UPDATE … RETURNING`); the UPDATE locks the row until the
    transaction ends. None when the (kind, prefix) row does not exist yet."""
    table = connection.ops.quote_name(NumberSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + 1 WHERE kind = %s AND prefix = %s RETURNING last",  # nosec B608
            [kind, prefix],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def next_number(kind: str, prefix: str, *, start: Callable[[], int]) -> int:
    """The next number for (kind, prefix); call inside the transaction that stores it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside a transaction")
    value = _increment(kind, prefix)
    if value is None:
        # Two first numbers at once: one insert wins, the other is ignored, and both then increment.
        NumberSequence.objects.bulk_create(
            [NumberSequence(kind=kind, prefix=prefix, last=start())], ignore_conflicts=True
        )
        value = _increment(kind, prefix)
    return value
