"""The program's rules as data (Stage / Call): each rule refuses a proposal that breaks it, naming the rule;
a compliant proposal passes. COI-NEXT-like stage: ≥ 3 institutions, a university or similar as the
representative, a private company, and (regional field) a lead municipality; caps per fiscal year."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications import services
from applications.models import Application, BudgetCategory, MemberRole, Status
from applications.services import WorkflowError, application_transition
from programs.models import InstitutionKind, TeamRequirement
from tests.factories import CallFactory, InstitutionFactory, ProgramFactory, StageFactory

from .factories import PDF_BYTES, first_budget_year, make_complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def coi(world):
    program = ProgramFactory(code="COINEXT", name="COI-NEXT", uses_platforms=False, uses_fields=True)
    stage = StageFactory(
        program=program,
        code="FULL_SCALE",
        max_amount=3_200_000_000,
        max_amount_per_year=320_000_000,
        max_duration_months=120,
        min_institutions=3,
        representative_kinds=[InstitutionKind.UNIVERSITY, InstitutionKind.RESEARCH_INSTITUTE],
        required_institution_kinds=[TeamRequirement.COMPANY],
    )
    co_creation = CallFactory(stage=stage, platform=None, field="co_creation")
    regional = CallFactory(
        stage=stage,
        platform=None,
        field="regional",
        max_amount_per_year=200_000_000,
        required_institution_kinds=[TeamRequirement.COMPANY, TeamRequirement.LEAD_MUNICIPALITY],
    )
    company = InstitutionFactory(name="共創株式会社", kind=InstitutionKind.COMPANY)
    city = InstitutionFactory(name="あおば市", kind=InstitutionKind.MUNICIPALITY)
    return {**world, "co_creation": co_creation, "regional": regional, "company": company, "city": city}


def add_institution(application, institution):
    services.member_upsert(
        application_id=application.pk,
        actor=application.applicant,
        name=institution.name,
        role=MemberRole.PARTICIPATING_INSTITUTION,
        institution=institution,
    )


def refused(application) -> dict[str, list[str]]:
    with pytest.raises(WorkflowError) as info:
        application_transition(application_id=application.pk, action="submit", actor=application.applicant)
    assert info.value.status_code == 400
    assert Application.objects.get(pk=application.pk).status == Status.DRAFT
    return info.value.as_dict()["errors"]


def submitted(application) -> bool:
    application_transition(application_id=application.pk, action="submit", actor=application.applicant)
    return Application.objects.get(pk=application.pk).status == Status.SUBMITTED


def test_a_compliant_co_creation_proposal_is_submitted(coi):
    application = make_complete(coi["co_creation"], coi["owner"])
    add_institution(application, coi["company"])
    add_institution(application, InstitutionFactory(name="第二株式会社", kind=InstitutionKind.COMPANY))
    assert submitted(application)


def test_fewer_than_three_institutions_is_refused_naming_the_rule(coi):
    application = make_complete(coi["co_creation"], coi["owner"])
    add_institution(application, coi["company"])
    errors = refused(application)
    assert any(m.startswith("【参画機関数】") and "3機関以上" in m for m in errors["members"])


def test_a_team_without_a_private_company_is_refused_naming_the_rule(coi):
    application = make_complete(coi["co_creation"], coi["owner"])
    add_institution(application, InstitutionFactory(name="別大学", kind=InstitutionKind.UNIVERSITY))
    add_institution(application, coi["city"])
    errors = refused(application)
    assert errors["members"] == ["【民間企業】民間企業を少なくとも1機関、実施体制に含めてください。"]


def test_a_representative_that_is_not_a_university_or_similar_is_refused(coi):
    coi["owner"].affiliation = InstitutionFactory(name="代表株式会社", kind=InstitutionKind.COMPANY)
    coi["owner"].save()
    application = make_complete(coi["co_creation"], coi["owner"])
    add_institution(application, coi["company"])
    add_institution(application, coi["city"])
    errors = refused(application)
    assert list(errors) == ["institution"]
    assert errors["institution"][0].startswith("【代表機関】代表機関は大学・研究機関である必要があります")


def test_the_regional_field_needs_a_lead_municipality(coi):
    application = make_complete(coi["regional"], coi["owner"])
    add_institution(application, coi["company"])
    add_institution(application, InstitutionFactory(name="第二株式会社", kind=InstitutionKind.COMPANY))
    errors = refused(application)
    assert errors["members"] == ["【幹事自治体】幹事自治体（自治体）を少なくとも1つ、実施体制に含めてください。"]
    add_institution(application, coi["city"])
    assert submitted(application)


def test_a_year_over_the_per_year_cap_is_refused_naming_the_year_and_the_rule(coi):
    call = coi["regional"]
    application = make_complete(call, coi["owner"])
    for institution in (coi["company"], coi["city"]):
        add_institution(application, institution)
    year = first_budget_year(call)
    # with the 1,000,000 yen of personnel costs already there: 208,000,000 yen in the year
    amounts = {(year, BudgetCategory.EQUIPMENT.value): 159_000_000, (year, BudgetCategory.INDIRECT.value): 48_000_000}
    services.budget_set(application_id=application.pk, actor=coi["owner"], amounts=amounts)
    services.application_update_draft(application_id=application.pk, actor=coi["owner"], requested_amount=208_000_000)
    errors = refused(application)
    assert errors["budget_lines"] == [
        f"【年度あたりの上限】{year}年度の予算（208,000,000円）が年度あたりの上限（200,000,000円、間接経費を含む）を超えています。"
    ]
    # The same budget fits the co-creation field's cap (3.2億円/年度, the stage's figure).
    assert coi["co_creation"].effective_max_amount_per_year == 320_000_000


def test_the_total_cap_and_the_maximum_duration_name_their_rules(world):
    application = make_complete(world["call"], world["owner"])
    services.application_update_draft(
        application_id=application.pk, actor=world["owner"], requested_amount=5_000_001, duration_months=13
    )
    errors = refused(application)
    assert "【総額の上限】申請額が上限（5,000,000円）を超えています。" in errors["requested_amount"]
    assert errors["duration_months"] == ["【最長期間】実施期間は12か月以内にしてください。"]


def test_a_required_attachment_is_named_until_it_is_added(world):
    world["stage"].required_attachments = ["cv"]
    world["stage"].save()
    application = make_complete(world["call"], world["owner"])
    errors = refused(application)
    assert errors["attachments"] == [
        "【必須の添付ファイル】「研究者調書」が添付されていません。種類「研究者調書」を選んで添付してください。"
    ]
    services.attachment_add(
        application_id=application.pk,
        actor=world["owner"],
        uploaded=SimpleUploadedFile("調書.pdf", PDF_BYTES),
        kind="cv",
    )
    assert submitted(application)


def test_a_pending_invitation_does_not_count_as_an_institution(coi):
    application = make_complete(coi["co_creation"], coi["owner"])
    add_institution(application, coi["company"])
    services.member_upsert(
        application_id=application.pk,
        actor=coi["owner"],
        name="招待中の研究者",
        role=MemberRole.CO_INVESTIGATOR,
        email="invitee@example.jp",
        institution=InstitutionFactory(name="招待先大学"),
    )
    errors = refused(application)
    assert any("現在: 2機関" in m for m in errors["members"])


def test_the_calls_api_carries_the_effective_caps_and_duration(coi, api_client):
    api_client.force_authenticate(coi["owner"])
    rows = {row["code"]: row for row in api_client.get("/api/v1/calls/", {"page_size": 100}).json()["results"]}
    regional, co_creation = rows[coi["regional"].code], rows[coi["co_creation"].code]
    assert (regional["max_amount_per_year"], regional["max_amount"], regional["max_duration_months"]) == (
        200_000_000,
        3_200_000_000,
        120,
    )
    assert co_creation["max_amount_per_year"] == 320_000_000
