import datetime as dt

import factory
from django.utils import timezone

from accounts.models import Role, User
from programs.models import Call, Institution, Platform, Program, Stage


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"テスト大学{n}")
    name_en = factory.Sequence(lambda n: f"Test University {n}")
    email_domains = factory.Sequence(lambda n: [f"test{n}.ac.jp"])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"利用者 {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.jp")
    role = Role.APPLICANT
    affiliation = factory.SubFactory(InstitutionFactory)
    password = factory.django.Password("pw-test-12345")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ("code",)

    code = "GAPFUND"
    name = "ギャップファンド"
    uses_platforms = True


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage
        django_get_or_create = ("code",)

    program = factory.SubFactory(ProgramFactory)
    order = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"ST{n}")
    name = factory.Sequence(lambda n: f"段階{n}")
    max_amount = 5_000_000
    max_duration_months = 12


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"PF{n}")
    name = factory.Sequence(lambda n: f"PF{n}")
    region = "関西"


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    code = factory.Sequence(lambda n: f"CALL-{n}")
    stage = factory.SubFactory(StageFactory)
    platform = factory.SubFactory(PlatformFactory)
    fiscal_year = 2026
    title = factory.Sequence(lambda n: f"公募{n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))


class OfficerFactory(UserFactory):
    """A program officer; `platforms=[...]` / `programs=[...]` set the scope."""

    class Meta:
        skip_postgeneration_save = True

    role = Role.OFFICER
    username = factory.Sequence(lambda n: f"officer-r{n}")

    @factory.post_generation
    def platforms(self, create, extracted, **kwargs):
        if extracted:
            self.officer_platforms.set(extracted)

    @factory.post_generation
    def programs(self, create, extracted, **kwargs):
        if extracted:
            self.officer_programs.set(extracted)
