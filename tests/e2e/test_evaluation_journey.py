"""Journey: an officer runs an interim evaluation (assigns an evaluator, the evaluator scores, the officer
records a budget change) and the holder sees the new yearly budget on the award page."""

import pytest
from playwright.sync_api import expect

from applications.services import application_transition
from awards.models import Award
from awards.schedule import fiscal_years_between
from evaluations.services import evaluation_create
from tests.e2e.conftest import login
from tests.e2e.scenario import screened_applications, users

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_officer_runs_an_interim_evaluation_to_a_budget_change_the_holder_sees(page, shot, catalog):
    _call, (application,) = screened_applications(["固体電解質の量産技術"], applicant="applicant")
    people = users()
    officer = people["officer-ksac"]
    for action in ("start_review", "accept"):
        application_transition(
            application_id=application.pk, action=action, actor=officer, override=True, note="担当者判断（E2E準備）"
        )
    award = Award.objects.get(application=application)
    evaluation = evaluation_create(award_id=award.pk, actor=officer, year_index=1)
    last_year = fiscal_years_between(award.starts_on, award.ends_on)[-1]

    # The officer starts the evaluation and puts a conflict-free reviewer on the panel.
    login(page, "officer-ksac")
    page.goto(f"{page.base_url}/evaluations/{evaluation.pk}/")
    page.locator("#action-start").get_by_role("button", name="評価開始").click()
    options = page.get_by_label("評価委員").locator("option").all_inner_texts()
    assert str(people["reviewer1"]) in options
    assert str(people["reviewer4"]) not in options  # same institution as the holder: a conflict
    page.get_by_label("評価委員").select_option(label=str(people["reviewer1"]))
    page.get_by_role("button", name="割り当てる").click()
    expect(page.get_by_text("評価委員を割り当てました。")).to_be_visible()

    # The evaluator scores on the rubric and submits.
    login(page, "reviewer1")
    page.goto(f"{page.base_url}/evaluations/{evaluation.pk}/")
    for field in page.locator("input[name^='score_']").all():
        field.fill("3")
    page.get_by_label("総評").fill("計画は妥当だが、次年度の設備費は圧縮できる。")
    page.get_by_role("button", name="評価を提出する").click()
    expect(page.get_by_text("評価を提出しました。")).to_be_visible()

    # The officer records a budget change (the browser asks to confirm).
    login(page, "officer-ksac")
    page.goto(f"{page.base_url}/evaluations/{evaluation.pk}/")
    form = page.locator("#action-budget_change")
    form.get_by_label(f"{last_year}年度（円）").fill("1234000")
    page.once("dialog", lambda dialog: dialog.accept())
    form.get_by_role("button", name="予算変更").click()
    expect(page.locator("#evaluation-outcome")).to_have_text("予算変更")
    shot(page, "officer-evaluation-budget-change")

    # The holder sees the outcome and the new yearly budget on the award page.
    login(page, "applicant")
    page.goto(f"{page.base_url}/awards/{award.pk}/")
    expect(page.get_by_role("heading", name="中間評価・ステージゲート")).to_be_visible()
    expect(page.get_by_text("予算変更").first).to_be_visible()
    expect(page.get_by_role("cell", name="¥1,234,000").first).to_be_visible()
    shot(page, "holder-award-after-evaluation")
