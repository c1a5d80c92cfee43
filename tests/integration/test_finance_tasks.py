"""The finance tasks on a real Celery worker: the February drafting job and the unsigned-contract sweep, run
twice at once and again, create each contract and each notification once."""

import datetime as dt

import pytest
from django.utils import timezone

from finance.models import Contract
from finance.tasks import draft_next_year_contracts, sweep_unsigned_contracts
from notifications.models import Notification
from programs.fiscal import fiscal_year_of_date
from tests.finance.conftest import approved, award, people, sign_all  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TIMEOUT = 40


def test_drafting_job_and_reminder_sweep_on_the_worker_do_nothing_twice(approved, people, workers, task_result):  # noqa: F811
    from awards.workflow import AWARD_WORKFLOW

    sign_all(approved, people)
    AWARD_WORKFLOW.run(pk=approved.pk, action="start", actor=people["officer"])
    next_year = fiscal_year_of_date(timezone.localdate()) + 1
    workers(concurrency=2)

    def run(task, count):  # `count` runs at once on the two pool processes
        results = [task.apply_async(ignore_result=False) for _ in range(count)]
        return [task_result(r, timeout=TIMEOUT) for r in results]

    created = sum(run(draft_next_year_contracts, 2))
    # Next year's two contracts exist once (made now, or at approval when the award began after 1 April).
    assert Contract.objects.filter(award=approved, fiscal_year=next_year).count() == 2 and created in (0, 2)
    assert run(draft_next_year_contracts, 1) == [0]

    from finance import services

    draft = Contract.objects.filter(award=approved, status="draft").first()
    services.contract_transition(contract_id=draft.pk, action="send", actor=people["officer"])
    Contract.objects.filter(pk=draft.pk).update(sent_at=timezone.now() - dt.timedelta(days=30))
    assert sum(run(sweep_unsigned_contracts, 2)) == 2  # the institution's research office and the officer, once each
    assert run(sweep_unsigned_contracts, 1) == [0]
    kinds = ("contract_reminder", "contract_escalation")
    assert Notification.objects.filter(kind__in=kinds).count() == 2
