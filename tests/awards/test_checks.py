import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import MemberRole

from .factories import accept, draft, open_call, submit, to_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def ksac_calls(catalog):
    step1 = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    step2 = open_call(stage=catalog["stages"]["STEP2"], platform=catalog["platforms"]["KSAC"])
    return step1, step2


def _checks(api_client, user, application):
    api_client.force_authenticate(user)
    return api_client.get(f"/api/v1/applications/{application.pk}/checks/")


def test_total_effort_over_100_percent_is_flagged_for_the_person(ksac_calls, ksac_officer, researcher, api_client):
    step1, step2 = ksac_calls
    accept(draft(call=step1, applicant=researcher, effort=50, title="量子センサの小型化"), ksac_officer)
    submit(draft(call=step1, applicant=researcher, effort=30, title="海藻由来の生分解性フィルム"))
    current = draft(call=step2, applicant=researcher, effort=40, months=36, title="ドローン物流の自律制御")
    submit(current)

    body = _checks(api_client, ksac_officer, current).json()

    person = body["people"][0]
    assert person["user"] == researcher.pk
    assert (person["effort_this"], person["effort_total"], person["over_100"]) == (40, 120, True)
    assert sorted(p["effort_percent"] for p in person["projects"]) == [30, 50]
    assert {p["kind"] for p in person["projects"]} == {"award", "application"}
    flags = [f for f in body["flags"] if f["kind"] == "effort_over_100"]
    assert len(flags) == 1 and "120%" in flags[0]["message"] and "100% を超えます" in flags[0]["message"]


def test_effort_within_100_percent_is_not_flagged(ksac_calls, ksac_officer, researcher, api_client):
    step1, step2 = ksac_calls
    accept(draft(call=step1, applicant=researcher, effort=50, title="量子センサの小型化"), ksac_officer)
    current = draft(call=step2, applicant=researcher, effort=50, months=36, title="ドローン物流の自律制御")
    submit(current)
    body = _checks(api_client, ksac_officer, current).json()
    assert body["people"][0]["effort_total"] == 100
    assert body["flags"] == []


def test_team_members_are_checked_too(ksac_calls, ksac_officer, researcher, other_researcher, api_client):
    step1, step2 = ksac_calls
    accept(draft(call=step1, applicant=other_researcher, effort=80, title="培養肉の足場材料"), ksac_officer)
    current = draft(
        call=step2,
        applicant=researcher,
        effort=30,
        months=36,
        title="ドローン物流の自律制御",
        members=[
            {"name": "共同研究者", "user": other_researcher, "role": MemberRole.CO_INVESTIGATOR, "effort_percent": 30}
        ],
    )
    submit(current)
    body = _checks(api_client, ksac_officer, current).json()
    member = next(p for p in body["people"] if p["user"] == other_researcher.pk)
    assert (member["effort_total"], member["over_100"]) == (110, True)
    assert [f["user"] for f in body["flags"]] == [other_researcher.pk]


def test_near_duplicate_title_with_a_pending_application_of_the_same_person_is_flagged(
    ksac_calls, ksac_officer, researcher, api_client
):
    step1, step2 = ksac_calls
    earlier = draft(
        call=step1,
        applicant=researcher,
        effort=10,
        title="全固体電池向け硫化物系固体電解質の事業化に向けた概念実証",
        summary="硫化物系固体電解質の量産プロセスを検証する。",
    )
    earlier = to_review(earlier, ksac_officer)
    unrelated = draft(
        call=step1, applicant=researcher, effort=10, title="介護記録の音声入力と要約", summary="介護現場の記録"
    )
    submit(unrelated)
    current = draft(
        call=step2,
        applicant=researcher,
        effort=10,
        months=36,
        title="全固体電池向け硫化物系固体電解質の事業化に向けた試作開発",
        summary="別の内容の概要。",
    )
    submit(current)

    body = _checks(api_client, ksac_officer, current).json()

    projects = {p["id"]: p for p in body["people"][0]["projects"]}
    assert projects[earlier.pk]["near_duplicate"] is True and projects[earlier.pk]["similarity"] >= 0.6
    assert projects[unrelated.pk]["near_duplicate"] is False
    dupes = [f for f in body["flags"] if f["kind"] == "near_duplicate"]
    assert len(dupes) == 1 and earlier.receipt_number in dupes[0]["message"]


def test_checks_are_for_officers_in_scope_only(ksac_calls, ksac_officer, gtie_officer, researcher, api_client):
    step1, _ = ksac_calls
    application = draft(call=step1, applicant=researcher)
    submit(application)
    assert _checks(api_client, gtie_officer, application).status_code == 404
    assert _checks(api_client, researcher, application).status_code == 404
    assert _checks(api_client, ksac_officer, application).status_code == 200


def test_checks_page_lists_flags_for_the_officer(ksac_calls, ksac_officer, researcher, client):
    step1, step2 = ksac_calls
    accept(draft(call=step1, applicant=researcher, effort=70, title="量子センサの小型化"), ksac_officer)
    current = draft(call=step2, applicant=researcher, effort=40, months=36, title="ドローン物流の自律制御")
    submit(current)
    client.force_login(ksac_officer)
    page = client.get(f"/awards/checks/{current.pk}/").content.decode()
    assert "110%" in page and "量子センサの小型化" in page
    client.force_login(researcher)
    assert client.get(f"/awards/checks/{current.pk}/").status_code == 404


def test_checks_use_a_fixed_number_of_queries(ksac_calls, ksac_officer, researcher, api_client):
    step1, step2 = ksac_calls
    current = draft(call=step2, applicant=researcher, effort=10, months=36, title="ドローン物流の自律制御")
    submit(current)
    accept(draft(call=step1, applicant=researcher, effort=5, title="最初の別課題"), ksac_officer)
    api_client.force_authenticate(ksac_officer)
    with CaptureQueriesContext(connection) as few:
        api_client.get(f"/api/v1/applications/{current.pk}/checks/")
    for n in range(4):
        accept(draft(call=step1, applicant=researcher, effort=5, title=f"別課題{n}の研究"), ksac_officer)
    with CaptureQueriesContext(connection) as many:
        api_client.get(f"/api/v1/applications/{current.pk}/checks/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_person_named_without_consent_adds_nothing_to_their_effort(
    ksac_calls, ksac_officer, researcher, other_researcher, api_client
):
    from applications.invitations import invitation_answer
    from applications.models import TeamMember

    step1, step2 = ksac_calls
    # Someone else's submitted application names the researcher at 90 % effort; the researcher has not answered
    # (a row left pending from before submit refused pending invitations).
    throwaway = draft(call=step1, applicant=other_researcher, effort=10, title="無断で名前を載せた申請")
    submit(throwaway)
    named = TeamMember.objects.create(
        application=throwaway, name="名義だけ", role=MemberRole.CO_INVESTIGATOR, user=researcher, effort_percent=90
    )
    current = draft(call=step2, applicant=researcher, effort=40, months=36, title="ドローン物流の自律制御")
    submit(current)

    person = _checks(api_client, ksac_officer, current).json()["people"][0]
    assert (person["effort_total"], person["over_100"], person["projects"]) == (40, False, [])

    invitation_answer(member_id=named.pk, actor=researcher, action="accept")
    person = _checks(api_client, ksac_officer, current).json()["people"][0]
    assert (person["effort_total"], person["over_100"]) == (130, True)


def test_the_checks_name_each_pending_invitation_by_name_and_role(
    ksac_calls, ksac_officer, researcher, other_researcher, api_client, client
):
    """A submitted application whose co-investigator never accepted (a row left pending) is not 'all clear'."""
    from applications.models import TeamMember

    step1, _step2 = ksac_calls
    current = draft(call=step1, applicant=researcher, effort=40, title="ドローン物流の自律制御")
    submit(current)
    TeamMember.objects.create(
        application=current, name="未承諾 次郎", role=MemberRole.CO_INVESTIGATOR, user=other_researcher
    )
    flags = [f for f in _checks(api_client, ksac_officer, current).json()["flags"] if f["kind"] == "team_incomplete"]
    assert len(flags) == 1 and "未承諾 次郎（共同研究者）がまだ招待を承諾していません" in flags[0]["message"]
    client.force_login(ksac_officer)
    page = client.get(f"/awards/checks/{current.pk}/").content.decode()
    assert "未承諾 次郎（共同研究者）" in page and "見つかりませんでした" not in page
