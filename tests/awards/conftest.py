import pytest

from tests.factories import InstitutionFactory, UserFactory

from .factories import officer_for, saved


@pytest.fixture
def ksac_officer(catalog):
    return officer_for(platforms=[catalog["platforms"]["KSAC"]])


@pytest.fixture
def gtie_officer(catalog):
    return officer_for(platforms=[catalog["platforms"]["GTIE"]])


@pytest.fixture
def coi_officer(catalog):
    from programs.models import Program

    return officer_for(programs=[Program.objects.get(code="COINEXT")])


@pytest.fixture
def researcher(db):
    return saved(UserFactory(affiliation=InstitutionFactory(name="京都テスト大学")))


@pytest.fixture
def other_researcher(db):
    return saved(UserFactory(affiliation=InstitutionFactory(name="大阪テスト大学")))
