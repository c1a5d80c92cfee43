import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from applications.models import MemberRole
from awards.models import ProgressReport
from tests.factories import UserFactory

from .factories import accept, draft, open_call, saved

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards(catalog, ksac_officer, gtie_officer, researcher, other_researcher):
    """One KSAC Step 1 award (with a team member) and one GTIE Step 1 award."""
    member = saved(UserFactory())
    ksac = accept(
        draft(
            call=open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"]),
            applicant=researcher,
            members=[{"name": "共同研究者", "user": member, "role": MemberRole.CO_INVESTIGATOR, "effort_percent": 10}],
        ),
        ksac_officer,
    )
    gtie = accept(
        draft(
            call=open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["GTIE"]),
            applicant=other_researcher,
            title="別の課題",
        ),
        gtie_officer,
    )
    return {"ksac": ksac, "gtie": gtie, "member": member}


def _ids(api_client, user, url="/api/v1/awards/"):
    api_client.force_authenticate(user)
    response = api_client.get(url)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_each_role_sees_exactly_its_awards(api_client, awards, researcher, ksac_officer, gtie_officer):
    ksac, gtie = awards["ksac"], awards["gtie"]
    director = saved(UserFactory(role=Role.DIRECTOR))
    stranger = saved(UserFactory())
    assert _ids(api_client, researcher) == {ksac.pk}
    assert _ids(api_client, awards["member"]) == {ksac.pk}
    assert _ids(api_client, ksac_officer) == {ksac.pk}
    assert _ids(api_client, gtie_officer) == {gtie.pk}
    assert _ids(api_client, director) == {ksac.pk, gtie.pk}
    assert _ids(api_client, stranger) == set()


def test_out_of_scope_award_and_its_reports_are_404(api_client, awards, gtie_officer, researcher):
    ksac = awards["ksac"]
    report = ksac.reports.first()
    stranger = saved(UserFactory())
    for user in (gtie_officer, stranger):
        api_client.force_authenticate(user)
        assert api_client.get(f"/api/v1/awards/{ksac.pk}/").status_code == 404
        assert api_client.get(f"/api/v1/awards/{ksac.pk}/reports/").status_code == 404
        assert api_client.get(f"/api/v1/reports/{report.pk}/").status_code == 404
        assert api_client.post(f"/api/v1/reports/{report.pk}/actions/accept/").status_code == 404
    api_client.force_authenticate(researcher)
    assert api_client.get(f"/api/v1/awards/{awards['gtie'].pk}/").status_code == 404


def test_award_fields_on_the_wire(api_client, awards, researcher):
    api_client.force_authenticate(researcher)
    body = api_client.get(f"/api/v1/awards/{awards['ksac'].pk}/").json()
    for field in ("id", "award_number", "application", "holder", "amount_total", "budgets", "starts_on", "ends_on",
                  "status", "predecessor", "successor"):  # fmt: skip
        assert field in body
    assert (body["platform"], body["stage"], body["program"]) == ("KSAC", "STEP1", "GAPFUND")
    assert body["budgets"][0].keys() == {"fiscal_year", "amount"}
    reports = api_client.get(f"/api/v1/awards/{awards['ksac'].pk}/reports/").json()["results"]
    assert {"id", "award", "kind", "fiscal_year", "due_on", "status"} <= reports[0].keys()


def test_filters_platform_stage_fiscal_year_status_and_overdue(api_client, awards):
    director = saved(UserFactory(role=Role.DIRECTOR))
    ksac, gtie = awards["ksac"], awards["gtie"]
    fy = ksac.application.call.fiscal_year
    assert _ids(api_client, director, "/api/v1/awards/?platform=ksac") == {ksac.pk}
    assert _ids(api_client, director, "/api/v1/awards/?stage=step1&platform=GTIE") == {gtie.pk}
    assert _ids(api_client, director, f"/api/v1/awards/?fiscal_year={fy}") == {ksac.pk, gtie.pk}
    assert _ids(api_client, director, f"/api/v1/awards/?fiscal_year={fy - 1}") == set()
    assert _ids(api_client, director, "/api/v1/awards/?status=promoted") == set()
    assert _ids(api_client, director, "/api/v1/awards/?overdue=true") == set()

    late = ksac.reports.order_by("due_on").first()
    ProgressReport.objects.filter(pk=late.pk).update(due_on=dt.date(2020, 5, 31))
    assert _ids(api_client, director, "/api/v1/awards/?overdue=true") == {ksac.pk}
    assert _ids(api_client, director, "/api/v1/reports/?overdue=true") == {late.pk}
    api_client.force_authenticate(director)
    row = api_client.get(f"/api/v1/reports/{late.pk}/").json()
    assert row["overdue"] is True


def test_award_list_query_count_does_not_grow_with_rows(api_client, awards, catalog, ksac_officer, researcher):
    director = saved(UserFactory(role=Role.DIRECTOR))
    api_client.force_authenticate(director)
    with CaptureQueriesContext(connection) as few:
        api_client.get("/api/v1/awards/")
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    for n in range(3):
        accept(draft(call=call, applicant=researcher, title=f"追加課題{n}"), ksac_officer)
    with CaptureQueriesContext(connection) as many:
        api_client.get("/api/v1/awards/")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_pages_follow_the_same_scope(client, awards, researcher, ksac_officer, gtie_officer):
    ksac = awards["ksac"]
    client.force_login(researcher)
    mine = client.get("/awards/mine/").content.decode()
    assert ksac.award_number in mine and awards["gtie"].award_number not in mine
    assert client.get("/awards/").status_code == 302
    client.force_login(gtie_officer)
    assert client.get(f"/awards/{ksac.pk}/").status_code == 404
    assert client.get(f"/awards/reports/{ksac.reports.first().pk}/").status_code == 404
    client.force_login(ksac_officer)
    listing = client.get("/awards/").content.decode()
    assert ksac.award_number in listing and awards["gtie"].award_number not in listing
    detail = client.get(f"/awards/{ksac.pk}/").content.decode()
    assert "年度別予算" in detail and "報告" in detail


def test_officer_list_highlights_overdue_reports(client, awards, ksac_officer):
    ksac = awards["ksac"]
    late = ksac.reports.order_by("due_on").first()
    ProgressReport.objects.filter(pk=late.pk).update(due_on=dt.date(2020, 5, 31))
    client.force_login(ksac_officer)
    page = client.get("/awards/?overdue=true").content.decode()
    assert 'class="overdue"' in page and ksac.award_number in page and "1件" in page
