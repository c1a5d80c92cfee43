"""The evaluations API, scoped by one selector: holder (no evaluator identities), evaluator (own), officers in scope."""

import pytest
from rest_framework.test import APIClient

from evaluations import services

from .conftest import comments_for, full_scores

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_officer_runs_an_evaluation_to_a_budget_change_through_the_api(award, people):
    officer = client_for(people["officer"])
    listed = officer.get(f"/api/v1/awards/{award.pk}/evaluations/").json()["results"]
    assert [e["year_index"] for e in listed] == [2]
    created = officer.post(f"/api/v1/awards/{award.pk}/evaluations/", {"year_index": 3}, format="json")
    assert created.status_code == 201 and created.json()["status"] == "scheduled"
    evaluation_id = listed[0]["id"]
    assert officer.post(f"/api/v1/evaluations/{evaluation_id}/actions/start/", {}, format="json").status_code == 200
    assigned = officer.post(
        f"/api/v1/evaluations/{evaluation_id}/evaluators/", {"evaluator": people["evaluator"].pk}, format="json"
    )
    assert assigned.status_code == 200 and assigned.json()["panel"][0]["evaluator"] == people["evaluator"].pk
    evaluation = award.evaluations.get(pk=evaluation_id)
    scored = client_for(people["evaluator"]).post(
        f"/api/v1/evaluations/{evaluation_id}/score/",
        {"scores": full_scores(evaluation), "comments": comments_for(evaluation), "submit": True},
        format="json",
    )
    assert scored.status_code == 200 and scored.json()["my_scores"]["status"] == "submitted"
    later = evaluation.fiscal_year + 1
    decided = officer.post(
        f"/api/v1/evaluations/{evaluation_id}/actions/budget_change/",
        {"budgets": [{"fiscal_year": later, "amount": 5_000_000}], "note": "増額"},
        format="json",
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["outcome"] == "budget_change"
    budgets = {b["fiscal_year"]: b["amount"] for b in officer.get(f"/api/v1/awards/{award.pk}/").json()["budgets"]}
    assert budgets[later] == 5_000_000


def test_the_holder_sees_the_outcome_but_no_evaluator(scored, people):
    services.evaluation_transition(
        evaluation_id=scored.pk, action="continue_with_conditions", actor=people["officer"], conditions="計画を改訂"
    )
    body = client_for(people["holder"]).get(f"/api/v1/evaluations/{scored.pk}/").json()
    assert body["outcome"] == "continue_with_conditions" and body["conditions"] == "計画を改訂"
    assert body["panel"] is None and body["panel_score"] is None and body["my_scores"] is None
    assert str(people["evaluator"].pk) not in str(body)


def test_an_evaluator_sees_only_the_evaluations_they_are_assigned(scored, people):
    mine = client_for(people["evaluator"]).get("/api/v1/evaluations/").json()["results"]
    assert [e["id"] for e in mine] == [scored.pk]
    assert mine[0]["panel"] is None and mine[0]["my_scores"]["status"] == "submitted"
    other = client_for(people["evaluator2"])
    assert other.get("/api/v1/evaluations/").json()["results"] == []
    assert other.get(f"/api/v1/evaluations/{scored.pk}/").status_code == 404


def test_out_of_scope_is_a_404_and_the_holder_cannot_decide(scored, people):
    out = client_for(people["officer_out"])
    assert out.get(f"/api/v1/evaluations/{scored.pk}/").status_code == 404
    assert out.get(f"/api/v1/awards/{scored.award_id}/evaluations/").status_code == 404
    holder = client_for(people["holder"])
    assert holder.post(f"/api/v1/evaluations/{scored.pk}/actions/continue/", {}, format="json").status_code == 403
    assert holder.patch(f"/api/v1/evaluations/{scored.pk}/", {"due_on": "2030-01-31"}, format="json").status_code == 403


def test_an_officer_moves_the_due_date(scored, people):
    response = client_for(people["officer"]).patch(
        f"/api/v1/evaluations/{scored.pk}/", {"due_on": "2030-01-31"}, format="json"
    )
    assert response.status_code == 200 and response.json()["due_on"] == "2030-01-31"


def test_conditions_are_required_with_a_field_error(scored, people):
    response = client_for(people["officer"]).post(
        f"/api/v1/evaluations/{scored.pk}/actions/continue_with_conditions/", {"conditions": ""}, format="json"
    )
    assert response.status_code == 400
    assert "conditions" in response.json()["errors"]
