"""Pages: the holder reads the outcome and conditions on the award page; the board lists what is in scope."""

import pytest

from evaluations import services

pytestmark = pytest.mark.django_db


def test_the_holder_sees_the_outcome_and_conditions_on_the_award_page_without_evaluators(client, scored, people):
    services.evaluation_transition(
        evaluation_id=scored.pk,
        action="continue_with_conditions",
        actor=people["officer"],
        conditions="知財戦略を見直すこと",
    )
    client.force_login(people["holder"])
    page = client.get(f"/awards/{scored.award_id}/").content.decode()
    assert "中間評価・ステージゲート" in page and "条件付き継続" in page and "知財戦略を見直すこと" in page
    assert "段階の流れ" in page
    detail = client.get(f"/evaluations/{scored.pk}/").content.decode()
    assert "知財戦略を見直すこと" in detail and str(people["evaluator"]) not in detail


def test_the_board_lists_evaluations_in_scope_by_outcome(client, scored, people):
    services.evaluation_transition(evaluation_id=scored.pk, action="continue", actor=people["officer"])
    client.force_login(people["officer"])
    page = client.get("/evaluations/?program=GAPFUND&outcome=continue").content.decode()
    assert scored.award.award_number in page
    client.force_login(people["officer_out"])
    assert scored.award.award_number not in client.get("/evaluations/").content.decode()


def test_an_officer_records_an_outcome_from_the_page_after_confirming(client, scored, people):
    client.force_login(people["officer"])
    asked = client.post(f"/evaluations/{scored.pk}/actions/continue/", {"note": ""})
    assert asked.status_code == 200 and "取り消せません" in asked.content.decode()
    scored.refresh_from_db()
    assert scored.status == "in_review"
    done = client.post(f"/evaluations/{scored.pk}/actions/continue/", {"note": "", "confirm": "yes"})
    assert done.status_code == 302
    scored.refresh_from_db()
    assert scored.outcome == "continue"


def test_a_conflicted_evaluator_is_refused_from_the_page(client, award, people):
    from reviews.models import ConflictOfInterest

    evaluation = award.evaluations.get()
    services.evaluation_transition(evaluation_id=evaluation.pk, action="start", actor=people["officer"])
    ConflictOfInterest.objects.create(
        reviewer=people["evaluator"], application=award.application, kind="mentor", source="declared"
    )
    client.force_login(people["officer"])
    page = client.get(f"/evaluations/{evaluation.pk}/").content.decode()
    assert f'value="{people["evaluator"].pk}"' not in page
    client.post(f"/evaluations/{evaluation.pk}/evaluators/", {"evaluator": people["evaluator"].pk})
    assert not evaluation.assignments.exists()


def test_the_platform_report_counts_evaluations_by_outcome(scored, people):
    from reporting.aggregates import platform_report_rows

    services.evaluation_transition(evaluation_id=scored.pk, action="continue", actor=people["officer"])
    services.evaluation_create(award_id=scored.award_id, actor=people["officer"], year_index=3)
    rows = [r for r in platform_report_rows() if r["platform"] == "KSAC" and r["stage"] == "STEP2"]
    assert sum(r["evaluations_continue"] for r in rows) == 1
    assert sum(r["evaluations_open"] for r in rows) == 1
    assert sum(r["evaluations_stop"] + r["evaluations_budget_change"] for r in rows) == 0


def test_the_award_page_shows_award_evaluations_promotion_and_next_award_on_one_chain(client, catalog, people, plan):
    from tests.awards.factories import accept, draft, open_call

    officer, holder = people["officer"], people["holder"]
    step1 = accept(
        draft(
            call=open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"]), applicant=holder
        ),
        officer,
    )
    evaluation = services.evaluation_create(award_id=step1.pk, actor=officer, year_index=1)
    step2_call = open_call(stage=catalog["stages"]["STEP2"], platform=catalog["platforms"]["KSAC"])
    step2 = accept(draft(call=step2_call, applicant=holder, months=36, predecessor=step1), officer)
    client.force_login(holder)
    page = client.get(f"/awards/{step2.pk}/").content.decode()
    chain = page[page.index("段階の流れ") : page.index("中間評価・ステージゲート")]
    order = [
        chain.index(step1.award_number),
        chain.index(f"/evaluations/{evaluation.pk}/"),
        chain.index("昇格審査（申請）"),
        chain.index(step2.award_number),
        chain.index(f"/evaluations/{step2.evaluations.get().pk}/"),
    ]
    assert order == sorted(order)
    assert page.count('class="chain"') == 1
