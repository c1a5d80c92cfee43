"""Two officers pressing 「割り当てる」 at once never double-assign (the call row is locked)."""

import threading

import pytest
from django.db import connection

from reviews.models import Assignment
from reviews.services import reviewers_auto_assign

from .factories import ReviewableApplicationFactory, ReviewerFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_auto_assign_runs_assign_each_slot_once(setup):
    apps = [ReviewableApplicationFactory(call=setup["call"]) for _ in range(3)]
    for _ in range(4):
        ReviewerFactory(profile__cap=5)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            reviewers_auto_assign(call_id=setup["call"].pk, actor=setup["officer"])
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    k = setup["stage"].reviewers_per_application
    for app in apps:
        assert Assignment.objects.filter(application=app).count() == k
