"""Factories for reporting / reminder tests: rows are created directly in the state a test needs."""

import datetime as dt

import factory
from django.utils import timezone

from accounts.models import Role
from applications.models import Application, Status
from awards.models import Award, ProgressReport
from reviews.models import Assignment, Review
from tests.factories import CallFactory, UserFactory


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory)
    institution = factory.LazyAttribute(lambda a: a.applicant.affiliation)
    status = Status.SUBMITTED
    receipt_number = factory.Sequence(lambda n: f"R-{n:06d}")
    submitted_at = factory.LazyAttribute(lambda a: None if a.status == Status.DRAFT else timezone.now())
    title = factory.Sequence(lambda n: f"課題{n}")
    requested_amount = 1_000_000


class ReviewerFactory(UserFactory):
    role = Role.REVIEWER
    username = factory.Sequence(lambda n: f"rev-r{n}")


class OfficerFactory(UserFactory):
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


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    reviewer = factory.SubFactory(ReviewerFactory)
    application = factory.SubFactory(ApplicationFactory, status=Status.IN_REVIEW)
    status = "accepted"
    due_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=10))


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    assignment = factory.SubFactory(AssignmentFactory)
    status = "submitted"
    submitted_at = factory.LazyFunction(timezone.now)


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    application = factory.SubFactory(ApplicationFactory, status=Status.ACCEPTED)
    award_number = factory.Sequence(lambda n: f"AW-{n:05d}")
    holder = factory.LazyAttribute(lambda a: a.application.applicant)
    amount_total = 5_000_000
    starts_on = dt.date(2024, 10, 1)
    ends_on = dt.date(2025, 9, 30)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    award = factory.SubFactory(AwardFactory)
    kind = "annual"
    fiscal_year = factory.Sequence(lambda n: 2024 + n)
    due_on = dt.date(2025, 5, 31)
