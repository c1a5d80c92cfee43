"""Interviews in the browser: the officer schedules a slot and invites from the ranking, the applicant confirms,
the officer seats the panel and marks the interview held, a panelist scores it, and the officer accepts the
application from the combined ranking."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications import demo as applications_demo
from applications.models import Application, Status
from interviews.demo import _reviewed
from interviews.models import Interview
from programs.fiscal import JST
from reviews import demo as reviews_demo
from tests.e2e.conftest import login
from tests.e2e.scenario import users

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_schedule_confirm_score_and_decide_from_the_combined_ranking(page, shot, catalog):
    today = timezone.now().astimezone(JST).date()
    reviews_demo.load(today=today, out=io.StringIO())
    applications_demo.load(today=today, out=io.StringIO())
    people = users()
    application = Application.objects.get(call__code__endswith="-N-REG", status=Status.SUBMITTED)
    _reviewed(application, people["officer-coinext"], people, {"reviewer3": (4, 4, 3, 4, 4)})
    call_id = application.call_id

    # The officer adds a slot and invites the application from the ranking (the dialog names the consequence).
    login(page, "officer-coinext")
    page.goto(page.base_url + f"/review/calls/{call_id}/interviews/")
    day = (today + dt.timedelta(days=3)).isoformat()
    page.locator("#slot-form input[name='date']").fill(day)
    page.locator("#slot-form input[name='start_time']").fill("10:00")
    page.locator("#slot-form input[name='end_time']").fill("10:45")
    page.locator("#slot-form input[name='place']").fill("JST東京本部 会議室A")
    page.get_by_role("button", name="面接枠を追加").click()
    expect(page.get_by_text("面接枠を追加しました。")).to_be_visible()
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="招へいして日程を通知").click()
    expect(page.get_by_text("面接審査に招へいし、申請者に日程を通知しました。")).to_be_visible()
    assert "取り消せません" in asked[0]
    interview = Interview.objects.get(application=application)

    # The applicant confirms the offered slot on the application page.
    page.context.clear_cookies()
    login(page, "applicant2")
    page.goto(page.base_url + f"/applications/{application.pk}/")
    expect(page.get_by_text("JST東京本部 会議室A").first).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="この日程で確定する").click()
    expect(page.get_by_text("日程確定").first).to_be_visible()

    # The officer seats a conflict-free panelist and marks the interview held after it took place.
    page.context.clear_cookies()
    login(page, "officer-coinext")
    page.goto(page.base_url + f"/review/calls/{call_id}/interviews/")
    page.locator(f"select[name='p{interview.pk}-reviewer']").select_option(str(people["reviewer3"].pk))
    page.get_by_role("button", name="面接審査委員に追加").click()
    expect(page.get_by_text("面接審査委員を追加しました。")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="実施済みにする").click()
    expect(page.get_by_text("「実施済みにする」を実行しました。")).to_be_visible()

    # The panelist scores on the interview rubric.
    page.context.clear_cookies()
    login(page, "reviewer3")
    page.goto(page.base_url + "/interviews/")
    page.get_by_role("link", name="採点する").click()
    for label, value in (
        ("拠点ビジョンの明確さ", "5"),
        ("リーダーの構想力・実行力", "4"),
        ("参画機関・企業のコミットメント", "4"),
    ):
        page.get_by_label(label).select_option(value)
    page.get_by_label("所見").fill("自治体・企業の参画が具体的。")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="採点を提出する").click()
    expect(page.get_by_text("採点を提出しました。")).to_be_visible()

    # The officer reads the combined ranking and accepts.
    page.context.clear_cookies()
    login(page, "officer-coinext")
    page.goto(page.base_url + f"/review/calls/{call_id}/ranking/")
    row = page.locator("tr", has=page.get_by_text(application.receipt_number))
    expect(row.locator("td[data-label='総合順位']")).to_have_text("1")
    shot(page, "officer-interview-ranking")
    row.locator("input[name='note']").fill("面接審査の結果を踏まえ担当者判断で採択")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="採択", exact=True).click()
    expect(page.get_by_text("「採択」を実行しました。")).to_be_visible()
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED
    assert Interview.objects.get(pk=interview.pk).status == "scored"
