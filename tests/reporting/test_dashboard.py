"""Officer dashboard: latest report as a table and an SVG chart; rebuild shows progress until done."""

import pytest

from reporting.models import PlatformReport
from reporting.services import platform_report_build
from tests.awards.factories import AwardFactory
from tests.factories import OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(catalog):
    user = OfficerFactory(platforms=[catalog["platforms"]["KSAC"]])
    user.refresh_from_db()
    AwardFactory.create_batch(3, application__call=catalog["calls"]["GF-KSAC-2024-S1"])
    AwardFactory(application__call=catalog["calls"]["GF-GTIE-2024-S1"])
    return user


def test_dashboard_shows_the_latest_report_in_scope_with_a_chart(client, officer):
    report = PlatformReport.objects.create()
    platform_report_build(report_id=report.pk)
    client.force_login(officer)
    html = client.get("/reporting/dashboard/").content.decode()
    assert "<svg" in html and "<rect" in html
    assert "KSAC" in html and "GTIE" not in html, "rows outside the officer's platforms are not shown"
    assert "KSAC ステップ1: 3" in html or "ステップ1: 3" in html
    assert f"/api/v1/platform-reports/{report.pk}/download/?format=xlsx" in html


def test_rebuild_button_queues_a_build_and_the_page_polls_until_done(
    client, officer, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/reporting/dashboard/rebuild/")
    report = PlatformReport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"?report={report.pk}")
    waiting = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in waiting and 'data-status="queued"' in waiting
    for callback in callbacks:
        callback()  # the worker runs the build
    done = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in done and 'data-status="done"' in done and "<svg" in done


def test_dashboard_is_not_for_applicants(client, catalog):
    applicant = UserFactory()
    applicant.refresh_from_db()
    client.force_login(applicant)
    assert client.get("/reporting/dashboard/").status_code == 404
    assert client.post("/reporting/dashboard/rebuild/").status_code == 404
    assert not PlatformReport.objects.exists()


def test_nav_links_the_dashboard_for_officers_only(client, officer):
    client.force_login(officer)
    assert 'href="/reporting/dashboard/"' in client.get("/notifications/").content.decode()
    applicant = UserFactory()
    applicant.refresh_from_db()
    client.force_login(applicant)
    assert 'href="/reporting/dashboard/"' not in client.get("/notifications/").content.decode()


def test_each_count_links_to_the_list_it_counts_with_the_filters_chosen(client, officer, catalog):
    import html as html_lib
    import re

    report = PlatformReport.objects.create()
    platform_report_build(report_id=report.pk)
    client.force_login(officer)
    page = client.get("/reporting/dashboard/").content.decode()
    links = [html_lib.unescape(h) for h in re.findall(r'<a href="(/(?:applications|awards)/\?[^"]+)">3</a>', page)]
    accepted = next(h for h in links if h.startswith("/applications/") and "status=accepted" in h)
    active = next(h for h in links if h.startswith("/awards/") and "status=active" in h)
    assert "platform=KSAC" in accepted and "stage=STEP1" in accepted

    listing = client.get(accepted).content.decode()
    assert "3件" in listing
    assert '<option value="KSAC" selected>' in listing and '<option value="accepted" selected>' in listing
    awards = client.get(active).content.decode()
    assert '<option value="KSAC" selected>' in awards and '<option value="active" selected>' in awards
    assert awards.count('data-label="課題番号"') == 3


def test_a_report_built_before_the_money_columns_still_shows_with_those_cells_empty(client, officer):
    report = PlatformReport.objects.create()
    platform_report_build(report_id=report.pk)
    report.refresh_from_db()
    assert report.rows
    old_rows = [{k: v for k, v in row.items() if k not in ("amount_contracted", "amount_paid")} for row in report.rows]
    PlatformReport.objects.filter(pk=report.pk).update(rows=old_rows)  # as stored by the nightly build before
    client.force_login(officer)
    response = client.get("/reporting/dashboard/")
    assert response.status_code == 200 and "契約額（円）" in response.content.decode()
