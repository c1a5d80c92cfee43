import datetime as dt

import pytest
from django.utils import timezone

from applications.services import WorkflowError
from awards.models import Award, AwardStatus
from awards.services import award_transition
from programs.models import Call

from .factories import accept, draft, open_call, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def step1_award(catalog, ksac_officer, researcher):
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    return accept(draft(call=call, applicant=researcher), ksac_officer)


@pytest.fixture
def step2_call(catalog):
    # Step 2 does not require Step 1 by default; this call does (call-level override).
    return open_call(stage=catalog["stages"]["STEP2"], platform=catalog["platforms"]["KSAC"], requires_predecessor=True)


def _problems(application) -> list[str]:
    with pytest.raises(WorkflowError) as exc:
        submit(application)
    assert exc.value.status_code == 400
    return [p.message for p in exc.value.problems if p.field == "predecessor_award"]


def test_call_requiring_a_predecessor_refuses_an_application_without_one(step2_call, researcher):
    messages = _problems(draft(call=step2_call, applicant=researcher, months=36))
    assert len(messages) == 1 and "前段階（ステップ1）の採択課題の指定が必要です" in messages[0]


def test_stage_default_applies_when_the_call_does_not_override(catalog, researcher):
    call = open_call(stage=catalog["stages"]["STEP2"], platform=catalog["platforms"]["KSAC"])
    application = submit(draft(call=call, applicant=researcher, months=36))
    assert application.status == "submitted"


def test_predecessor_from_the_wrong_stage_is_refused(catalog, step2_call, ksac_officer, researcher):
    other_step2 = open_call(stage=catalog["stages"]["STEP2"], platform=catalog["platforms"]["KSAC"])
    wrong = accept(draft(call=other_step2, applicant=researcher, months=36, title="別のステップ2課題"), ksac_officer)
    messages = _problems(draft(call=step2_call, applicant=researcher, months=36, predecessor=wrong))
    assert len(messages) == 1 and "「ステップ1」の課題を指定してください" in messages[0]


def test_predecessor_held_by_someone_else_answers_like_an_unknown_id(step2_call, step1_award, other_researcher):
    foreign = _problems(draft(call=step2_call, applicant=other_researcher, months=36, predecessor=step1_award))
    application = draft(call=step2_call, applicant=other_researcher, months=36)
    application.predecessor_award_id = step1_award.pk + 10_000
    application.save(update_fields=["predecessor_award_id"])
    assert foreign == _problems(application)
    assert len(foreign) == 1 and "見つかりません" in foreign[0] and step1_award.award_number not in foreign[0]


def test_terminated_predecessor_is_refused(step2_call, step1_award, ksac_officer, researcher):
    award_transition(award_id=step1_award.pk, action="terminate", actor=ksac_officer, note="中止")
    messages = _problems(draft(call=step2_call, applicant=researcher, months=36, predecessor=step1_award))
    assert len(messages) == 1 and "実施中か、終了後365日以内の課題を指定してください" in messages[0]


def test_completed_predecessor_within_the_window_is_accepted_and_outside_is_refused(
    step2_call, step1_award, ksac_officer, researcher, settings
):
    award_transition(award_id=step1_award.pk, action="complete", actor=ksac_officer)
    today = timezone.localdate()
    Award.objects.filter(pk=step1_award.pk).update(
        starts_on=today - dt.timedelta(days=465), ends_on=today - dt.timedelta(days=100)
    )
    ok = submit(draft(call=step2_call, applicant=researcher, months=36, predecessor=step1_award))
    assert ok.status == "submitted"

    settings.AWARDS_PROMOTION_WINDOW_DAYS = 30
    messages = _problems(draft(call=step2_call, applicant=researcher, months=36, predecessor=step1_award))
    assert len(messages) == 1 and "終了後30日以内" in messages[0]


def test_predecessor_of_another_platform_is_refused_for_the_gap_fund(catalog, step1_award, researcher):
    gtie_step2 = open_call(stage=catalog["stages"]["STEP2"], platform=catalog["platforms"]["GTIE"])
    messages = _problems(draft(call=gtie_step2, applicant=researcher, months=36, predecessor=step1_award))
    assert len(messages) == 1 and "別のプラットフォーム（KSAC）の課題です" in messages[0]


def test_predecessor_on_a_stage_without_predecessor_is_refused(catalog, step1_award, researcher):
    step1 = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    messages = _problems(draft(call=step1, applicant=researcher, predecessor=step1_award, title="再挑戦"))
    assert len(messages) == 1 and "前段階がないため" in messages[0]


def test_accepted_promotion_marks_the_predecessor_promoted_and_links_the_chain(
    step2_call, step1_award, ksac_officer, researcher, api_client, client
):
    step2 = accept(draft(call=step2_call, applicant=researcher, months=36, predecessor=step1_award), ksac_officer)

    step1_award.refresh_from_db()
    assert step1_award.status == AwardStatus.PROMOTED
    assert step2.predecessor == step1_award
    promote = step1_award.events.get(action="promote")
    assert (promote.from_status, promote.to_status, promote.actor) == ("active", "promoted", ksac_officer)
    assert step2.award_number in promote.note

    api_client.force_authenticate(researcher)
    body = api_client.get(f"/api/v1/awards/{step1_award.pk}/").json()
    assert (body["status"], body["successor"]) == ("promoted", step2.pk)
    assert api_client.get(f"/api/v1/awards/{step2.pk}/").json()["predecessor"] == step1_award.pk

    client.force_login(researcher)
    response = client.get(f"/awards/{step2.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index(step1_award.award_number) < page.index(step2.award_number, page.index("段階の流れ"))
    assert "ステップ1" in page and "ステップ2" in page


def test_nurturing_to_full_scale_promotion_on_coinext(catalog, coi_officer, researcher):
    # This test is about promotion; the COI-NEXT composition rules (tests/applications/test_program_rules.py)
    # are lifted on its calls so a PI-only team may be submitted.
    nurturing_call = open_call(stage=catalog["stages"]["NURTURING"], field="regional")
    promo_call = open_call(stage=catalog["stages"]["FULL_SCALE"], field="regional")
    Call.objects.filter(pk__in=[nurturing_call.pk, promo_call.pk]).update(
        min_institutions=0, required_institution_kinds=[]
    )
    nurturing_call.refresh_from_db()
    promo_call.refresh_from_db()
    nurturing = accept(
        draft(call=nurturing_call, applicant=researcher, months=24, amount=20_000_000), coi_officer
    )  # within 2.5千万円/年度
    full = accept(
        draft(call=promo_call, applicant=researcher, months=60, amount=150_000_000, predecessor=nurturing), coi_officer
    )
    nurturing.refresh_from_db()
    assert nurturing.status == AwardStatus.PROMOTED and full.predecessor == nurturing
    assert full.award_number.startswith("JPMJCO") and "REF" in full.award_number


def test_a_promoted_award_cannot_be_cited_again(step2_call, step1_award, ksac_officer, researcher):
    accept(draft(call=step2_call, applicant=researcher, months=36, predecessor=step1_award), ksac_officer)
    messages = _problems(draft(call=step2_call, applicant=researcher, months=36, predecessor=step1_award, title="x"))
    assert len(messages) == 1 and "既に次段階へ昇格しています" in messages[0]


def test_a_draft_naming_an_award_that_does_not_exist_is_refused_on_the_field(
    api_client, step1_award, step2_call, researcher
):
    application = draft(call=step2_call, applicant=researcher, months=36)
    api_client.force_authenticate(researcher)
    url = f"/api/v1/applications/{application.pk}/"

    missing = api_client.patch(url, {"predecessor_award": step1_award.pk + 1000}, format="json")
    assert missing.status_code == 400
    assert "見つかりません" in missing.json()["errors"]["predecessor_award"][0]
    application.refresh_from_db()
    assert application.predecessor_award_id is None

    named = api_client.patch(url, {"predecessor_award": step1_award.pk}, format="json")
    assert named.status_code == 200 and named.json()["predecessor_award"] == step1_award.pk


def test_a_draft_citing_someone_elses_award_gets_the_unknown_id_answer(
    api_client, step2_call, step1_award, other_researcher
):
    application = draft(call=step2_call, applicant=other_researcher, months=36)
    api_client.force_authenticate(other_researcher)
    url = f"/api/v1/applications/{application.pk}/"
    foreign = api_client.patch(url, {"predecessor_award": step1_award.pk}, format="json")
    missing = api_client.patch(url, {"predecessor_award": step1_award.pk + 10_000}, format="json")
    assert foreign.status_code == missing.status_code == 400
    assert foreign.json() == missing.json()
    assert step1_award.award_number not in foreign.content.decode()
    application.refresh_from_db()
    assert application.predecessor_award_id is None


def test_the_cited_award_is_the_one_judged_among_the_applicants_awards(
    catalog, step2_call, step1_award, ksac_officer, researcher
):
    """Of the researcher's two Step 1 awards, the terminated one is refused by its number and the running one is
    accepted: the rule judges the award cited, not any award of the applicant."""
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    stopped = accept(draft(call=call, applicant=researcher, title="中止したステップ1課題"), ksac_officer)
    award_transition(award_id=stopped.pk, action="terminate", actor=ksac_officer, note="中止")
    messages = _problems(draft(call=step2_call, applicant=researcher, months=36, predecessor=stopped))
    assert len(messages) == 1 and stopped.award_number in messages[0]
    running = submit(draft(call=step2_call, applicant=researcher, months=36, predecessor=step1_award))
    assert running.status == "submitted"
