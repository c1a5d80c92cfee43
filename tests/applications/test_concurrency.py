"""Two submits racing on two database connections: exactly one transition and one event."""

import threading

import pytest
from django.db import connection, connections

from applications.models import Application, ApplicationEvent, Status
from applications.services import WorkflowError, application_transition

from .factories import make_complete


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_make_one_transition(world):
    application = make_complete(world["call"], world["owner"])
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit():
        try:
            barrier.wait(timeout=10)
            results.append(
                application_transition(
                    application_id=application.pk, action="submit", actor=world["owner"]
                ).receipt_number
            )
        except WorkflowError as exc:  # pragma: no cover - shown if the lock does not hold
            errors.append(exc.as_dict())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert connection.vendor == "postgresql"
    assert errors == []
    assert len(results) == 2 and results[0] == results[1]
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.receipt_number == results[0]
    assert ApplicationEvent.objects.filter(application=application, action="submit").count() == 1
    assert Application.objects.filter(receipt_number__isnull=False).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_to_one_call_get_distinct_receipt_numbers(world):
    first = make_complete(world["call"], world["owner"])
    second = make_complete(world["call"], world["other"])
    barrier = threading.Barrier(2)
    numbers = []

    def submit(application, user):
        try:
            barrier.wait(timeout=10)
            numbers.append(
                application_transition(application_id=application.pk, action="submit", actor=user).receipt_number
            )
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=submit, args=(first, world["owner"])),
        threading.Thread(target=submit, args=(second, world["other"])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(set(numbers)) == 2
