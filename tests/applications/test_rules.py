"""Each submit rule refuses with the field it is about named, and the application stays a draft."""

import pytest

from applications import services
from applications.models import Application, BudgetCategory, MemberRole, Status, TeamMember
from applications.rules import submission_problems
from applications.services import WorkflowError, application_transition
from sangaku.errors import Invalid
from tests.factories import CallFactory, StageFactory

from .factories import first_budget_year, make_complete

pytestmark = pytest.mark.django_db


def refused_fields(application, actor) -> dict[str, list[str]]:
    with pytest.raises(WorkflowError) as info:
        application_transition(application_id=application.pk, action="submit", actor=actor)
    assert info.value.status_code == 400
    assert Application.objects.get(pk=application.pk).status == Status.DRAFT
    return info.value.as_dict()["errors"]


def set_line(application, category, amount, year=None):
    year = year or first_budget_year(application.call)
    services.budget_line_upsert(
        application_id=application.pk, actor=application.applicant, fiscal_year=year, category=category, amount=amount
    )


def test_a_complete_application_has_no_problems(world):
    assert submission_problems(make_complete(world["call"], world["owner"])) == []


def test_budget_total_must_equal_the_requested_amount(world):
    application = make_complete(world["call"], world["owner"])
    set_line(application, BudgetCategory.TRAVEL, 100_000)
    errors = refused_fields(application, world["owner"])
    assert any("一致しません" in m for m in errors["requested_amount"])


def test_requested_amount_over_the_cap(world):
    application = make_complete(world["call"], world["owner"])
    set_line(application, BudgetCategory.EQUIPMENT, 4_000_000)  # direct 5,000,000 + indirect 900,000
    services.application_update_draft(application_id=application.pk, actor=world["owner"], requested_amount=5_900_000)
    errors = refused_fields(application, world["owner"])
    assert any("上限" in m for m in errors["requested_amount"])


def test_indirect_costs_over_30_percent_of_direct(world):
    application = make_complete(world["call"], world["owner"])
    set_line(application, BudgetCategory.INDIRECT, 900_001)
    services.application_update_draft(application_id=application.pk, actor=world["owner"], requested_amount=3_900_001)
    errors = refused_fields(application, world["owner"])
    assert list(errors) == ["budget_lines"] and "30%" in errors["budget_lines"][0]


def test_step2_needs_a_commercialisation_partner(world):
    step2 = StageFactory(
        program=world["program"],
        code="STEP2",
        max_amount=60_000_000,
        max_duration_months=36,
        required_team_roles=["pi", "commercialisation_partner"],
    )
    call = CallFactory(stage=step2, platform=world["platform"])
    application = make_complete(call, world["owner"])
    errors = refused_fields(application, world["owner"])
    assert any("事業化推進機関" in m for m in errors["members"])
    services.member_upsert(
        application_id=application.pk, actor=world["owner"], name="VC", role=MemberRole.COMMERCIALISATION_PARTNER
    )
    application_transition(application_id=application.pk, action="submit", actor=world["owner"])


def test_budget_year_outside_the_project_duration(world):
    application = make_complete(world["call"], world["owner"])
    year = first_budget_year(application.call) + 3
    set_line(application, BudgetCategory.TRAVEL, 100_000, year=year)
    services.application_update_draft(application_id=application.pk, actor=world["owner"], requested_amount=4_000_000)
    errors = refused_fields(application, world["owner"])
    assert any(str(year) in m and "実施期間" in m for m in errors["budget_lines"])


def test_missing_required_fields_are_each_named(world):
    application = services.application_create_draft(call=world["call"], applicant=world["owner"])
    errors = refused_fields(application, world["owner"])
    for field in ("title", "summary", "keywords", "requested_amount", "duration_months", "budget_lines"):
        assert field in errors, field
    assert "課題名を入力してください。" in errors["title"]


def test_a_pi_is_required(world):
    application = make_complete(world["call"], world["owner"])
    pi = application.members.get(role=MemberRole.PI)
    services.member_delete(application_id=application.pk, actor=world["owner"], member_id=pi.pk)
    assert "members" in refused_fields(application, world["owner"])


def test_effort_outside_1_to_100_is_refused(world):
    application = make_complete(world["call"], world["owner"])
    # The service refuses to store it, naming the field ...
    for effort in (0, 101):
        with pytest.raises(Invalid) as info:
            services.member_upsert(
                application_id=application.pk,
                actor=world["owner"],
                name="X",
                role="co_investigator",
                effort_percent=effort,
            )
        assert "effort_percent" in info.value.errors()
    # ... and the submit rule names `members` should such a row ever exist (e.g. imported data).
    members = list(application.members.all()) + [
        TeamMember(
            application=application, name="外部", role=MemberRole.CO_INVESTIGATOR, effort_percent=0, status="accepted"
        )
    ]
    prefetched = application.members.all()
    prefetched._result_cache, prefetched._prefetch_done = members, True  # as prefetch_related leaves it
    application._prefetched_objects_cache = {"members": prefetched}
    problems = submission_problems(application)
    assert [p.field for p in problems] == ["members"] and "エフォート" in problems[0].message


def test_a_draft_without_a_proposal_fails_the_check_page_and_the_submit_naming_the_document(world, client):
    application = make_complete(world["call"], world["owner"])
    proposal = application.attachments.get(kind="proposal")
    services.attachment_delete(attachment_id=proposal.pk, actor=world["owner"])
    client.force_login(world["owner"])
    check = client.get(f"/applications/{application.pk}/submit/").content.decode()
    assert "提案書が添付されていません。" in check and "添付ファイル" in check
    refused = client.post(f"/applications/{application.pk}/submit/")
    assert refused.status_code == 400 and "提案書が添付されていません。" in refused.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DRAFT
