"""Review factories: rubrics, reviewers (with or without a pool profile), assignments and reviews."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.models import Role, User
from applications.models import Status
from programs.models import Criterion, Rubric
from reviews.models import Assignment, Review, ReviewerProfile
from tests.applications.factories import ApplicationFactory, ReviewableApplicationFactory
from tests.factories import UserFactory


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


class ReviewerUserFactory(UserFactory):
    """A user with the reviewer role but no pool profile (so nothing is checked for conflicts)."""

    role = Role.REVIEWER
    username = factory.Sequence(lambda n: f"rev-r{n}")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    reviewer = factory.SubFactory(ReviewerUserFactory)
    application = factory.SubFactory(ApplicationFactory, status=Status.IN_REVIEW)
    status = "accepted"
    due_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    assignment = factory.SubFactory(AssignmentFactory)
    status = "submitted"
    submitted_at = factory.LazyFunction(timezone.now)


__all__ = [
    "AssignmentFactory",
    "ReviewFactory",
    "ReviewableApplicationFactory",
    "ReviewerFactory",
    "ReviewerUserFactory",
    "RubricFactory",
]
