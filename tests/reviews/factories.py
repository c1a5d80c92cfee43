"""Factories for review tests (applications are created in their submitted form directly)."""

from decimal import Decimal

import factory

from accounts.models import Role, User
from applications.models import Application, Status, TeamMember
from programs.models import Criterion, Rubric
from reviews.models import ReviewerProfile
from tests.factories import CallFactory, UserFactory


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"RUB{n}")
    name = factory.Sequence(lambda n: f"評価基準{n}")

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        specs = extracted or [("novelty", "新規性", Decimal("2")), ("market", "市場性", Decimal("1"))]
        for order, (code, label, weight) in enumerate(specs, start=1):
            Criterion.objects.create(
                rubric=self, order=order, code=code, label=label, weight=weight, scale_min=1, scale_max=5
            )


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory)
    institution = factory.LazyAttribute(lambda a: a.applicant.affiliation)
    status = Status.SUBMITTED
    receipt_number = factory.Sequence(lambda n: f"TEST-{n:05d}")
    title = factory.Sequence(lambda n: f"課題{n}")
    summary = "大学発の新技術を事業化する計画"
    keywords = "材料、電池"
    requested_amount = 1_000_000
    duration_months = 12

    @factory.post_generation
    def pi(self, create, extracted, **kwargs):
        TeamMember.objects.create(
            application=self, name=str(self.applicant), user=self.applicant, institution=self.institution, role="pi"
        )


class ReviewerFactory(UserFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    role = Role.REVIEWER
    username = factory.Sequence(lambda n: f"reviewer-t{n}")

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        ReviewerProfile.objects.create(
            user=self,
            institution=self.affiliation,
            expertise=kwargs.get("expertise", "材料 電池"),
            max_load_per_call=kwargs.get("cap", 10),
        )
