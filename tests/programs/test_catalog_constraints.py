import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from programs.models import Stage
from tests.factories import CallFactory, StageFactory


@pytest.mark.django_db
def test_a_call_cannot_close_before_it_opens():
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        CallFactory(opens_at=now, closes_at=now - dt.timedelta(seconds=1))


@pytest.mark.django_db
def test_call_codes_are_unique():
    CallFactory(code="GF-KSAC-2026-S1")
    with pytest.raises(IntegrityError), transaction.atomic():
        CallFactory(code="GF-KSAC-2026-S1")


@pytest.mark.django_db
def test_a_stage_that_requires_a_predecessor_must_name_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        StageFactory(code="FULL", predecessor=None, predecessor_required=True)


@pytest.mark.django_db
def test_two_stages_of_one_program_cannot_share_an_order():
    first = StageFactory(code="A1", order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Stage.objects.create(program=first.program, order=1, code="A2", name="x", max_amount=1, max_duration_months=1)


@pytest.mark.django_db
def test_codes_are_upper_case_public_identifiers():
    with pytest.raises(IntegrityError), transaction.atomic():
        StageFactory(code="step1")


@pytest.mark.django_db
def test_call_cap_overrides_the_stage_cap_only_when_set():
    call = CallFactory(stage=StageFactory(code="CAP", max_amount=5_000_000), max_amount=None)
    assert call.effective_max_amount == 5_000_000
    call.max_amount = 10_000_000
    assert call.effective_max_amount == 10_000_000


@pytest.mark.django_db
def test_a_call_is_open_through_the_last_instant_of_its_closing_day():
    from programs.fiscal import JST, deadline_instant

    call = CallFactory(opens_at=dt.datetime(2025, 4, 1, tzinfo=JST), closes_at=deadline_instant(dt.date(2025, 5, 31)))
    assert call.is_open_at(dt.datetime(2025, 5, 31, 23, 59, 59, 999000, tzinfo=JST))
    assert not call.is_open_at(dt.datetime(2025, 6, 1, 0, 0, tzinfo=JST))
    assert not call.is_open_at(dt.datetime(2025, 3, 31, 23, 59, tzinfo=JST))
