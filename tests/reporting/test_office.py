"""/office/: the officer's desk — pipeline per call, overdue reviews and reports, recent events, all in scope."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import ApplicationEvent, Status
from tests.applications.factories import ApplicationFactory
from tests.awards.factories import AwardFactory, ProgressReportFactory
from tests.factories import OfficerFactory, UserFactory
from tests.reviews.factories import AssignmentFactory

pytestmark = pytest.mark.django_db

# Queries of one /office/ page for a signed-in director (session, user, pipeline, awards, overdue lists, events, …).
DESK_QUERIES = 12


@pytest.fixture
def desk(catalog):
    ksac_call = catalog["calls"]["GF-KSAC-2024-S1"]
    gtie_call = catalog["calls"]["GF-GTIE-2024-S1"]
    officer = OfficerFactory(platforms=[catalog["platforms"]["KSAC"]])
    officer.refresh_from_db()
    for status in (Status.SUBMITTED, Status.SUBMITTED, Status.IN_REVIEW, Status.ACCEPTED):
        ApplicationFactory(call=ksac_call, status=status)
    ApplicationFactory(call=ksac_call, status=Status.DRAFT, receipt_number=None, submitted_at=None)
    ApplicationFactory(call=gtie_call, status=Status.SUBMITTED, title="GTIEの課題")
    AssignmentFactory(application__call=ksac_call, due_at=timezone.now() - dt.timedelta(days=2))
    AssignmentFactory(application__call=gtie_call, due_at=timezone.now() - dt.timedelta(days=2))
    ProgressReportFactory(award__application__call=ksac_call, due_on=dt.date(2025, 5, 31))
    return {"officer": officer, "ksac": ksac_call, "gtie": gtie_call}


def test_officer_desk_counts_the_pipeline_of_their_calls_only(client, desk):
    client.force_login(desk["officer"])
    response = client.get("/office/")
    assert response.status_code == 200
    pipeline = {row["call_id"]: row for row in response.context["pipeline"]}
    assert set(pipeline) == {desk["ksac"].pk}, "GTIE is outside the officer's platforms"
    cells = dict((status.value, n) for status, n in pipeline[desk["ksac"].pk]["cells"])
    # 2 submitted + the 2 applications behind the assignment and the report (in review / accepted)
    assert cells["submitted"] == 2
    assert cells["in_review"] == 2
    assert cells["accepted"] == 2
    assert "draft" not in cells, "drafts are the applicant's business"
    html = response.content.decode()
    assert f"?call={desk['ksac'].pk}&amp;status=submitted" in html
    assert response.context["overdue_reviews_count"] == 1
    assert response.context["overdue_reports_count"] == 1
    assert "GTIEの課題" not in html


def test_recent_events_are_scoped_too(client, desk):
    ksac_app = desk["ksac"].applications.exclude(status=Status.DRAFT).first()
    gtie_app = desk["gtie"].applications.first()
    for application in (ksac_app, gtie_app):
        ApplicationEvent.objects.create(
            application=application, action="screen", from_status="submitted", to_status="screening"
        )
    client.force_login(desk["officer"])
    events = list(client.get("/office/").context["events"])
    assert [e.application_id for e in events] == [ksac_app.pk]


def test_people_without_an_officer_role_get_404(client, desk):
    client.force_login(UserFactory(username="just-an-applicant"))
    assert client.get("/office/").status_code == 404


def test_the_desk_makes_the_same_number_of_queries_for_more_calls_and_applications(client, desk, catalog):
    client.force_login(desk["officer"])
    client.get("/office/")  # the first page after signing in also notes in the session that there is no 2FA
    with CaptureQueriesContext(connection) as few:
        client.get("/office/")
    ksac_2 = catalog["calls"]["GF-KSAC-2024-S2"]
    for _ in range(6):
        ApplicationFactory(call=ksac_2, status=Status.SCREENING)
        AssignmentFactory(application__call=ksac_2, due_at=timezone.now() - dt.timedelta(days=1))
    with CaptureQueriesContext(connection) as many:
        response = client.get("/office/")
    assert len(response.context["pipeline"]) == 2
    assert len(many) == len(few)


def test_the_directors_desk_folds_calls_by_program_and_platform_with_totals(client, desk):
    director = UserFactory(role="director")
    director.refresh_from_db()
    client.force_login(director)
    html = client.get("/office/").content.decode()
    groups = html.count('<details class="pipeline-group"')
    assert groups == 2, "one group each for KSAC and GTIE"
    assert '<details class="pipeline-group" open' not in html, "several groups start folded"
    # KSAC: 6 applications in the pipeline (4 + the ones behind the assignment and report), 1 award.
    ksac = html[html.index("KSAC") :]
    summary = ksac[: ksac.index("</summary>")]
    assert "申請 6件" in summary and "採択課題 1件" in summary
    assert "全プログラムの合計: 申請 8件" in html


def test_an_officer_with_one_group_sees_it_open(client, desk):
    client.force_login(desk["officer"])
    html = client.get("/office/").content.decode()
    assert html.count('<details class="pipeline-group" open>') == 1


def test_one_award_with_eight_reports_counts_once_on_the_desk_and_in_the_award_list(client, catalog):
    """A new ¥30,000,000 award with eight report rows is 1 award and ¥30,000,000 (it once showed as 8 and ¥240 M)."""
    call = catalog["calls"]["GF-KSAC-2024-S2"]
    award = AwardFactory(application__call=call, amount_total=30_000_000)
    ProgressReportFactory.create_batch(8, award=award)
    director = UserFactory(role="director")
    director.refresh_from_db()
    client.force_login(director)
    client.get("/office/")  # the first page after signing in also notes in the session that there is no 2FA
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/office/")
    assert len(queries) == DESK_QUERIES
    row = next(r for r in response.context["pipeline"] if r["call_id"] == call.pk)
    assert (row["awards"], row["awarded"]) == (1, 30_000_000)
    html = response.content.decode()
    assert "採択課題 1件（採択額 ¥30,000,000）" in html
    listing = client.get("/awards/", {"stage": "STEP2", "platform": "KSAC"}).content.decode()
    assert "1件（採択額の合計 ¥30,000,000）" in listing
