"""The OpenAPI schema drives generated and malformed requests at every operation, as every role: no 5xx.

schemathesis builds, for each operation of drf-spectacular's schema, a few requests that fit the
schema (positive) and a few that break it (negative: wrong types, missing fields, out-of-range
numbers, lists for objects …). Each goes through the real WSGI application on the real
PostgreSQL database as an applicant, a reviewer, an officer and a director (DRF tokens), with
path ids pointing at real objects of that world, inside a savepoint rolled back afterwards.
The run is bounded by examples, not by time: few per operation, derandomised, no deadline.
"""

import logging
import traceback

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode

from accounts.models import Role
from applications.models import BudgetLine, TeamMember
from awards.models import ProgressReport
from evaluations.services import evaluation_create, evaluation_transition, evaluator_assign
from notifications.models import Notification
from reporting.models import PlatformReport
from reviews.models import Review
from reviews.services import assignment_accept, assignment_create
from tests.awards.factories import accept, draft, officer_for, open_call, saved, to_review
from tests.factories import InstitutionFactory, UserFactory
from tests.reviews.factories import ReviewerFactory
from tests.security.matrix_world import finance_world

EXAMPLES = {GenerationMode.POSITIVE: 2, GenerationMode.NEGATIVE: 2}  # the four roles take turns over them
ROLES = ("applicant", "reviewer", "officer", "director")


@pytest.fixture
def world(catalog, settings):
    settings.ALLOWED_HOSTS = ["*"]
    stage = catalog["stages"]["STEP1"]
    ksac = catalog["platforms"]["KSAC"]
    call = open_call(stage=stage, platform=ksac, code="FUZZ-S1")
    officer = officer_for(platforms=[ksac])
    applicant = saved(UserFactory(affiliation=InstitutionFactory(name="試験大学")))
    reviewer = ReviewerFactory()
    director = saved(UserFactory(role=Role.DIRECTOR))
    mine = draft(call=call, applicant=applicant)
    reviewed = draft(call=call, applicant=applicant, title="審査中の課題")
    to_review(reviewed, officer)
    assignment = assignment_create(application_id=reviewed.pk, reviewer=reviewer, actor=officer)
    assignment_accept(assignment_id=assignment.pk, actor=reviewer)
    award = accept(draft(call=call, applicant=applicant, title="採択された課題"), officer)
    report = PlatformReport.objects.create(fiscal_year=call.fiscal_year)
    evaluation = evaluation_create(award_id=award.pk, actor=officer, year_index=1)
    evaluation_transition(evaluation_id=evaluation.pk, action="start", actor=officer)
    evaluator_assign(evaluation_id=evaluation.pk, evaluator=reviewer, actor=officer)
    interview = _interview(catalog, applicant, reviewer, officer)
    contract, invoice = finance_world(award, applicant, officer)
    ids = {
        "applications": mine.pk,
        "application_pk": mine.pk,
        "budget-lines": BudgetLine.objects.filter(application=mine).first().pk,
        "members": TeamMember.objects.filter(application=mine).first().pk,
        "assignments": assignment.pk,
        "reviews": Review.objects.get(assignment=assignment).pk,
        "awards": award.pk,
        "award_id": award.pk,
        "evaluations": evaluation.pk,
        "reports": ProgressReport.objects.filter(award=award).first().pk,
        "calls": call.pk,
        "call_id": call.pk,
        "institutions": applicant.affiliation_id,
        "platforms": ksac.pk,
        "programs": stage.program_id,
        "stages": stage.pk,
        "platform-reports": report.pk,
        "interviews": interview.pk,
        "contracts": contract.pk,
        "invoices": invoice.pk,
        "notifications": Notification.objects.filter(recipient=applicant).values_list("pk", flat=True).first() or 1,
    }
    people = {"applicant": applicant, "reviewer": reviewer, "officer": officer, "director": director}
    tokens = {role: Token.objects.create(user=user).key for role, user in people.items()}
    return {"ids": ids, "tokens": tokens}


def _interview(catalog, applicant, reviewer, officer):
    """An offered interview of the applicant's application in a KSAC call of a stage with interviews, the
    reviewer on its panel."""
    import datetime as dt

    from django.utils import timezone

    from interviews.services import interview_invite, panel_add, slot_create
    from programs.fiscal import JST
    from programs.models import Stage

    step1 = catalog["stages"]["STEP1"]
    stage = Stage.objects.create(
        program=step1.program, order=98, code="FUZZ_INTERVIEW", name="面接のある段階", max_amount=step1.max_amount,
        max_duration_months=step1.max_duration_months, uses_interviews=True, rubric=step1.rubric,
        interview_rubric=step1.rubric,
    )  # fmt: skip
    call = open_call(stage=stage, platform=catalog["platforms"]["KSAC"], code="FUZZ-INTERVIEW")
    application = to_review(draft(call=call, applicant=applicant, title="面接審査中の課題"), officer)
    day = (timezone.now().astimezone(JST) + dt.timedelta(days=7)).date()
    slot = slot_create(
        call_id=call.pk, actor=officer, date=day, start_time=dt.time(10), end_time=dt.time(10, 30), place="会議室"
    )
    interview = interview_invite(application_id=application.pk, slot_id=slot.pk, actor=officer)
    panel_add(interview_id=interview.pk, reviewer_id=reviewer.pk, actor=officer)
    return interview


def _path_ids(path: str, ids: dict) -> dict:
    """Real ids for the path parameters: `{id}` belongs to the collection just before it."""
    chosen = {}
    parts = path.strip("/").split("/")
    for index, part in enumerate(parts):
        if part.startswith("{") and part.endswith("}"):
            name = part[1:-1]
            owner = parts[index - 1] if index else ""
            if name in ids:
                chosen[name] = ids[name]
            elif name == "id" and owner in ids:
                chosen[name] = ids[owner]
    return chosen


def _breakable(operation, path_ids) -> bool:
    """Whether a negative case exists: a body, a query or a path parameter left to generate."""
    free_path = [p for p in operation.path_parameters if p.name not in path_ids]
    return bool(len(operation.body) or len(operation.query) or free_path)


def _generate(operation, mode, path_ids) -> list:
    """A few cases of one operation in one generation mode (reproducible: derandomised)."""
    cases: list = []

    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_ids or None))
    def collect(case):
        cases.append(case)

    try:
        collect()
    except Unsatisfiable:
        return []
    return cases


@pytest.fixture
def no_connection_reset():
    """Requests run in the test's transaction: Django must not close the connection between them.

    (4xx warnings of `django.request` are silenced; 5xx are collected through got_request_exception.)
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.CRITICAL)
    yield
    request_log.setLevel(level)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.postgres
@pytest.mark.django_db
def test_generated_and_malformed_requests_never_get_a_server_error(world, no_connection_reset):
    raw = SchemaGenerator().get_schema(request=None, public=True)
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    failures: list[str] = []
    crashes: list[str] = []

    def record_crash(sender, request=None, **kwargs):
        crashes.append(traceback.format_exc())

    signals.got_request_exception.connect(record_crash)
    operations = [result.ok() for result in schema.get_all_operations()]
    seen: set[tuple[str, str, str]] = set()

    def send(operation, mode, case, role):
        crashes.clear()
        with transaction.atomic():
            response = case.call(headers={"Authorization": f"Token {world['tokens'][role]}"})
            transaction.set_rollback(True)
        seen.add((operation.method, operation.path, role))
        if response.status_code >= 500:
            cause = crashes[-1].strip().splitlines()[-1] if crashes else ""
            failures.append(
                f"{case.method} {operation.path} as {role} ({mode.value}): "
                f"{response.status_code} {cause[:300]} | body={str(case.body)[:120]!r}"
            )

    try:
        for operation in operations:
            path_ids = _path_ids(operation.path, world["ids"])
            for mode in EXAMPLES:
                if mode == GenerationMode.NEGATIVE and not _breakable(operation, path_ids):
                    continue
                cases = _generate(operation, mode, path_ids)
                if not cases:  # nothing of this operation can be broken (e.g. only fixed path ids)
                    assert mode == GenerationMode.NEGATIVE
                    continue
                # The roles take turns over the cases; each role gets at least one.
                for index in range(max(len(cases), len(ROLES))):
                    send(operation, mode, cases[index % len(cases)], ROLES[index % len(ROLES)])
    finally:
        signals.got_request_exception.disconnect(record_crash)

    assert len(operations) >= 80  # every operation of the API was exercised
    assert len(seen) == len(operations) * len(ROLES)  # every operation as every role
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(sorted(set(failures))[:40])
