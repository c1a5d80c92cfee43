"""Receipt and award numbers under concurrency: two calls share a prefix, submits and accepts race."""

import threading

import pytest
from django.db import connection, connections

from applications.models import Application
from applications.services import application_transition
from awards.models import Award
from programs.models import NumberSequence
from tests.factories import InstitutionFactory, UserFactory

from .factories import NOTE, draft, officer_for, open_call, saved, to_review

PARALLEL = 6


def _race(target, items):
    barrier = threading.Barrier(len(items))
    results, errors = [], []

    def run(item):
        try:
            barrier.wait(timeout=20)
            results.append(target(item))
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.fixture
def two_calls_one_prefix(catalog):
    stage = catalog["stages"]["STEP1"]
    platform = catalog["platforms"]["KSAC"]
    first = open_call(stage=stage, platform=platform, code="RACE-A")
    second = open_call(stage=stage, platform=platform, code="RACE-B")
    officer = officer_for(platforms=[platform])
    applications = []
    for index in range(PARALLEL):
        applicant = saved(UserFactory(affiliation=InstitutionFactory(name=f"競合テスト大学{index}")))
        applications.append(draft(call=first if index % 2 else second, applicant=applicant))
    return {"first": first, "second": second, "officer": officer, "applications": applications}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_submits_into_two_calls_sharing_a_prefix_get_distinct_receipt_numbers(two_calls_one_prefix):
    applications = two_calls_one_prefix["applications"]

    def submit(application):
        return application_transition(
            application_id=application.pk, action="submit", actor=application.applicant
        ).receipt_number

    numbers, errors = _race(submit, applications)

    assert connection.vendor == "postgresql"
    assert errors == []
    assert len(numbers) == PARALLEL and len(set(numbers)) == PARALLEL
    prefixes = {number[:-4] for number in numbers}
    assert len(prefixes) == 1  # both calls really share the prefix
    assert sorted(int(number[-4:]) for number in numbers) == list(range(1, PARALLEL + 1))
    stored = set(Application.objects.exclude(receipt_number=None).values_list("receipt_number", flat=True))
    assert stored == set(numbers)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_accepts_into_two_calls_sharing_a_prefix_get_distinct_award_numbers(two_calls_one_prefix):
    officer = two_calls_one_prefix["officer"]
    applications = two_calls_one_prefix["applications"]
    for application in applications:
        to_review(application, officer)

    def accept(application):
        application_transition(application_id=application.pk, action="accept", actor=officer, note=NOTE, override=True)
        return Award.objects.get(application=application).award_number

    numbers, errors = _race(accept, applications)

    assert errors == []
    assert len(numbers) == PARALLEL and len(set(numbers)) == PARALLEL
    assert len({number[:-4] for number in numbers}) == 1
    assert Award.objects.count() == PARALLEL


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_new_sequence_starts_after_the_numbers_already_given(two_calls_one_prefix):
    first, *rest = two_calls_one_prefix["applications"]
    submitted = application_transition(application_id=first.pk, action="submit", actor=first.applicant)
    NumberSequence.objects.all().delete()  # as before the sequence table existed
    Application.objects.filter(pk=first.pk).update(receipt_number=submitted.receipt_number[:-4] + "0041")

    second = application_transition(application_id=rest[0].pk, action="submit", actor=rest[0].applicant)

    assert second.receipt_number.endswith("0042")
