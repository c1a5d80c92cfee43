"""Celery tasks of finance: thin and idempotent (unique contracts, dedup keys in the outbox)."""

from celery import shared_task

from sangaku.celery import RETRY_POLICY

from . import services


@shared_task(**RETRY_POLICY)
def draft_next_year_contracts() -> int:
    """Each February: next fiscal year's contracts of running awards (none twice)."""
    return len(services.draft_next_year_contracts())


@shared_task(**RETRY_POLICY)
def sweep_unsigned_contracts() -> int:
    """Daily: one reminder to each unsigned institution, then the officer, each once."""
    return services.sweep_unsigned_contracts()
