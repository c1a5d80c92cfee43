"""Far-future and invalid end dates are refused with a reason; they never create rows."""

import datetime as dt

import pytest

from awards.models import ProgressReport

from .factories import accept, draft, officer_for, open_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def award_and_officer(catalog, researcher):
    ksac = catalog["platforms"]["KSAC"]
    officer = officer_for(platforms=[ksac])
    call = open_call(stage=catalog["stages"]["STEP1"], platform=ksac)
    return accept(draft(call=call, applicant=researcher), officer), officer


@pytest.mark.parametrize(
    ("ends_on", "reason"),
    [
        ("9999-12-31", "2100年12月31日"),
        ("2099-03-31", "最長120か月"),
        ("2025-02-30", "日付"),
        ([2030, 1, 1], "日付"),
    ],
)
def test_end_date_out_of_bounds_is_a_400_and_creates_no_reports(api_client, award_and_officer, ends_on, reason):
    award, officer = award_and_officer
    reports_before = ProgressReport.objects.filter(award=award).count()
    api_client.force_authenticate(officer)

    response = api_client.post(f"/api/v1/awards/{award.pk}/end-date/", {"ends_on": ends_on}, format="json")

    assert response.status_code == 400, response.content
    body = response.json()
    assert reason in body["detail"] + " ".join(str(m) for m in body["errors"].get("ends_on", []))
    award.refresh_from_db()
    assert award.ends_on < dt.date(2099, 1, 1)
    assert ProgressReport.objects.filter(award=award).count() == reports_before


def test_huge_budget_amount_is_a_400(api_client, award_and_officer):
    award, officer = award_and_officer
    api_client.force_authenticate(officer)
    year = award.budgets.first().fiscal_year
    response = api_client.post(
        f"/api/v1/awards/{award.pk}/budgets/", {"budgets": [{"fiscal_year": year, "amount": 10**20}]}, format="json"
    )
    assert response.status_code == 400
    assert "1,000億円以下" in str(response.json()["errors"])


def test_report_body_that_is_not_text_or_too_long_is_a_400(api_client, award_and_officer, researcher):
    award, _officer = award_and_officer
    report = ProgressReport.objects.filter(award=award).first()
    api_client.force_authenticate(researcher)
    for payload in ([1, 2], {"body": 5}, {"body": "あ" * 50_001}):
        response = api_client.patch(f"/api/v1/reports/{report.pk}/", payload, format="json")
        assert response.status_code == 400, (payload, response.content)
        assert "body" in response.json()["errors"]
    report.refresh_from_db()
    assert report.body == ""
