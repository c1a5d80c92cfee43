"""The demo's interim evaluations: an example schedule on two stages, one evaluation decided with conditions, one scheduled."""

from evaluations.models import Evaluation, EvaluationPlan


def test_the_demo_has_an_example_schedule_and_two_kinds_of_evaluation(seeded, db):
    plans = {p.stage.code: p.evaluation_years for p in EvaluationPlan.objects.select_related("stage")}
    assert plans == {"FULL_SCALE": [3, 5], "STEP2": [2]}
    decided = Evaluation.objects.get(outcome="continue_with_conditions")
    assert decided.status == "decided" and decided.conditions
    assert decided.award.application.call.stage.code == "FULL_SCALE" and decided.year_index == 3
    assert decided.assignments.filter(status="submitted").exists()
    assert Evaluation.objects.filter(status="scheduled", award__application__call__stage__code="STEP2").exists()
    assert "中間評価デモ" in seeded
