"""Generations of cached values, kept in the database so an invalidation is never lost (sangaku.cache).

A family of cached values (e.g. one call's ranking) is stored under keys that include `generation(name)`;
`advance(name)` moves it on in the caller's transaction. Readers in that transaction see the new generation
at once, everyone else once it commits; whatever the cache still holds under an older generation is never
read again, even if the cache was unreachable when the change was made and comes back with the old entries.
"""

from django.db import IntegrityError, transaction
from django.db.models import F

from .models import CacheGeneration


def generation(name: str) -> int:
    """The current generation of `name` (0 before the first change)."""
    return CacheGeneration.objects.filter(name=name).values_list("value", flat=True).first() or 0


def advance(name: str) -> None:
    """`name`'s cached values are stale: move its generation on (one row, locked until the caller commits)."""
    if CacheGeneration.objects.filter(name=name).update(value=F("value") + 1):
        return
    try:
        with transaction.atomic():
            CacheGeneration.objects.create(name=name, value=1)
    except IntegrityError:  # created meanwhile by another transaction
        CacheGeneration.objects.filter(name=name).update(value=F("value") + 1)
