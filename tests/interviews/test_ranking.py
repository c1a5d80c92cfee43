"""Combined ranking: document and interview scores on 0–100 scales, weighed by the stage (exact numbers)."""

import pytest

from interviews.services import interview_action, interview_invite, panel_add, panel_score
from reviews.scoring import call_ranking
from tests.reviews.factories import ReviewerFactory
from tests.reviews.helpers import scored


@pytest.fixture
def case(world, slot_maker):
    """A: documents 4.0 (75 %), interview 3.0 (50 %). B: documents 3.0 (50 %), interview 5.0 (100 %)."""
    a, b = world["apps"]
    officer = world["officer"]
    scored(a, ReviewerFactory(), officer, novelty=4, market=4)
    scored(b, ReviewerFactory(), officer, novelty=3, market=3)
    for app, hour, (vision, leadership) in ((a, 10, (3, 3)), (b, 13, (5, 5))):
        interview = interview_invite(application_id=app.pk, slot_id=slot_maker(hour=hour).pk, actor=officer)
        interview_action(interview_id=interview.pk, action="confirm", actor=app.applicant)
        panel_add(interview_id=interview.pk, reviewer_id=world["reviewers"][0].pk, actor=officer)
        interview_action(interview_id=interview.pk, action="hold", actor=officer)
        panel_score(
            interview_id=interview.pk,
            actor=world["reviewers"][0],
            scores={"vision": vision, "leadership": leadership},
        )
    return a, b


def _rows(call):
    return {r["application"].pk: r for r in call_ranking(call)}


def test_equal_weights_put_the_better_interview_first(world, case):
    a, b = case
    rows = _rows(world["call"])
    assert (rows[a.pk]["rank"], rows[b.pk]["rank"]) == (1, 2)  # documents alone
    assert (rows[a.pk]["document_percent"], rows[a.pk]["interview_percent"]) == (75.0, 50.0)
    assert (rows[b.pk]["document_percent"], rows[b.pk]["interview_percent"]) == (50.0, 100.0)
    assert (rows[a.pk]["combined_score"], rows[b.pk]["combined_score"]) == (62.5, 75.0)
    assert (rows[a.pk]["combined_rank"], rows[b.pk]["combined_rank"]) == (2, 1)
    assert [r["application"].pk for r in call_ranking(world["call"])] == [b.pk, a.pk]


def test_weights_set_on_the_stage_change_the_combined_rank(world, case):
    a, b = case
    stage = world["stage"]
    stage.document_weight, stage.interview_weight = 70, 30
    stage.save()
    world["call"].refresh_from_db()
    rows = _rows(world["call"])
    assert (rows[a.pk]["combined_score"], rows[b.pk]["combined_score"]) == (67.5, 65.0)
    assert (rows[a.pk]["combined_rank"], rows[b.pk]["combined_rank"]) == (1, 2)


def test_weights_must_add_up_to_100(world):
    from django.db import IntegrityError, transaction

    stage = world["stage"]
    stage.document_weight, stage.interview_weight = 70, 70
    with pytest.raises(IntegrityError), transaction.atomic():
        stage.save()


def test_the_api_and_the_page_show_interview_columns_only_for_interview_stages(world, case, api_client, client):
    a, b = case
    api_client.force_authenticate(world["officer"])
    body = api_client.get(f"/api/v1/calls/{world['call'].pk}/ranking/").json()
    first = body["results"][0]
    assert (first["application"], first["combined_score"], first["combined_rank"], first["interview_score"]) == (
        b.pk,
        75.0,
        1,
        5.0,
    )
    client.force_login(world["officer"])
    page = client.get(f"/review/calls/{world['call'].pk}/ranking/").content.decode()
    assert "総合順位" in page and "面接点" in page
    stage = world["stage"]
    stage.uses_interviews = False
    stage.save()
    body = api_client.get(f"/api/v1/calls/{world['call'].pk}/ranking/").json()
    assert "combined_rank" not in body["results"][0]
    assert "総合順位" not in client.get(f"/review/calls/{world['call'].pk}/ranking/").content.decode()


def test_the_platform_report_counts_interviews_held(world, case):
    from reporting.aggregates import platform_report_rows

    rows = [r for r in platform_report_rows() if r["stage"] == world["stage"].code]
    assert sum(r["interviews_held"] for r in rows) == 2  # both scored (held, then complete)


def test_the_stage_api_refuses_weights_that_do_not_add_up_to_100(world, api_client):
    from accounts.models import Role
    from tests.factories import UserFactory

    api_client.force_authenticate(UserFactory(role=Role.DIRECTOR))
    response = api_client.patch(f"/api/v1/stages/{world['stage'].pk}/", {"document_weight": 82}, format="json")
    assert response.status_code == 400
    assert "合計が100" in str(response.json())
    ok = api_client.patch(
        f"/api/v1/stages/{world['stage'].pk}/", {"document_weight": 60, "interview_weight": 40}, format="json"
    )
    assert ok.status_code == 200 and (ok.json()["document_weight"], ok.json()["interview_weight"]) == (60, 40)
