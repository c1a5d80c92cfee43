"""Demo evaluations: an example schedule in the catalog and two evaluations, built through the services.

The schedule is an EXAMPLE (see docs/domain.md), not the programs' official one: COI-NEXT 本格型
hubs are evaluated in their 3rd and 5th fiscal years, gap-fund Step 2 projects in their 2nd, each on
its stage's rubric. Awards the demo loaded before the plan existed are not all scheduled: one running
full-scale hub gets its evaluations and the 3rd-year one is carried to 条件付き継続 (an evaluator from the
reviewer pool, conflict-free, scores it); one running Step 2 project gets its 2nd-year evaluation,
left scheduled. Idempotent: a second run changes nothing.
"""

import datetime as dt

from django.contrib.auth import get_user_model

from awards.models import Award, AwardStatus
from awards.schedule import fiscal_years_between
from programs.models import Stage

from . import services
from .models import EvaluationPlan, EvaluationStatus, EvaluatorStatus

EXAMPLE_SCHEDULE = {"FULL_SCALE": [3, 5], "STEP2": [2]}
CONDITIONS = "次年度の事業計画に、参画企業との共同研究契約の締結時期と知財の取扱いを明記すること。"


def _plans() -> None:
    for code, years in EXAMPLE_SCHEDULE.items():
        stage = Stage.objects.filter(code=code).first()
        if stage is not None:
            EvaluationPlan.objects.update_or_create(
                stage=stage, defaults={"evaluation_years": years, "evaluation_rubric": stage.rubric, "panel_size": 3}
            )


def _running(stage_code: str, *, min_years: int):
    for award in Award.objects.filter(application__call__stage__code=stage_code, status=AwardStatus.ACTIVE).order_by(
        "starts_on", "award_number"
    ):
        if len(fiscal_years_between(award.starts_on, award.ends_on)) >= min_years:
            return award
    return None


def _complete_with_conditions(evaluation, officer) -> None:
    if evaluation.status == EvaluationStatus.SCHEDULED:
        services.evaluation_transition(evaluation_id=evaluation.pk, action="start", actor=officer)
    evaluation.refresh_from_db()
    if evaluation.status != EvaluationStatus.IN_REVIEW:
        return
    if not evaluation.assignments.exists():
        evaluator = services.eligible_evaluators(evaluation).first()
        if evaluator is None:
            return
        services.evaluator_assign(evaluation_id=evaluation.pk, evaluator=evaluator, actor=officer)
    criteria = list(evaluation.rubric.criteria.all()) if evaluation.rubric else []
    for assignment in evaluation.assignments.filter(status=EvaluatorStatus.ASSIGNED):
        scores = {c.code: max(c.scale_min, c.scale_max - 1) for c in criteria}
        comments = {c.code: "計画どおり進捗している。" for c in criteria if c.comment_required}
        services.evaluation_score_save(
            evaluation_id=evaluation.pk,
            actor=assignment.evaluator,
            scores=scores,
            comments=comments,
            comment="拠点の運営体制は整っているが、企業連携の具体化が課題。",
        )
        services.evaluation_score_submit(evaluation_id=evaluation.pk, actor=assignment.evaluator)
    services.evaluation_transition(
        evaluation_id=evaluation.pk, action="continue_with_conditions", actor=officer, conditions=CONDITIONS
    )


def load(*, today: dt.date, out) -> None:
    _plans()
    officer = get_user_model().objects.filter(username="director").first()
    hub = _running("FULL_SCALE", min_years=4)
    step2 = _running("STEP2", min_years=3)
    if officer is None or hub is None:
        return
    services.schedule_evaluations(hub)
    third = hub.evaluations.filter(year_index=3).first()
    if third is not None and third.status != EvaluationStatus.DECIDED:
        _complete_with_conditions(third, officer)
    if step2 is not None:
        services.schedule_evaluations(step2)
    out.write(
        f"中間評価デモ: {hub.award_number} 3年度目（条件付き継続）、{step2.award_number if step2 else '-'} 2年度目（予定）"
    )
