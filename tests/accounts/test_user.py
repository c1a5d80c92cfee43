import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["1234567", "123456789", "1234567a", "１２３４５６７８"])
def test_researcher_number_must_be_exactly_eight_ascii_digits(number):
    user = UserFactory(researcher_number=None)
    user.researcher_number = number
    with pytest.raises(ValidationError) as exc:
        user.full_clean()
    assert "researcher_number" in exc.value.message_dict
    assert "8桁" in exc.value.message_dict["researcher_number"][0]


@pytest.mark.django_db
def test_database_refuses_a_malformed_researcher_number_even_without_validation():
    user = UserFactory(researcher_number=None)
    user.researcher_number = "12AB5678"
    with pytest.raises(IntegrityError), transaction.atomic():
        user.save()


@pytest.mark.django_db
def test_researcher_number_is_unique_and_optional():
    UserFactory(username="a", researcher_number="12345678")
    UserFactory(username="b", researcher_number=None)
    UserFactory(username="c", researcher_number=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(username="d", researcher_number="12345678")
