"""A team proposal in the browser: the PI invites a co-PI by e-mail, the co-PI accepts and edits the budget,
the partner company's contact (no account yet) creates one from the invitation link, accepts and confirms, the research office approves (所属機関承認), and the officer finds the
application by a word from its summary."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Application, Status
from applications.services import member_upsert
from notifications.models import Notification
from programs.models import InstitutionKind, Stage
from tests.applications.factories import first_budget_year, make_complete
from tests.e2e.conftest import login
from tests.e2e.scenario import ksac_step1_call, users
from tests.factories import InstitutionFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PASSWORD = "sangaku-demo-2026"


def _person(username, **values):
    user = UserFactory(username=username, email=f"{username}@example.jp", **values)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_co_pi_partner_research_office_and_search(page, shot, catalog):
    call = ksac_step1_call()
    Stage.objects.filter(pk=call.stage_id).update(institution_approval_required=True, partner_consent_required=True)
    pi = users()["applicant"]
    co_pi = _person("co-pi", display_name="共同 花子", researcher_number="40000004")
    _person("research-office-kyoto", is_research_office=True, affiliation=pi.affiliation)
    application = make_complete(call, pi, title="ペロブスカイト太陽電池の量産検証")
    Application.objects.filter(pk=application.pk).update(summary="封止材の耐久性評価と量産プロセスの検証を行う。")
    company = InstitutionFactory(name="株式会社さくら素材", kind=InstitutionKind.COMPANY)
    # The partner's contact has no account: the invitation goes to their address with a link.
    member_upsert(
        application_id=application.pk,
        actor=pi,
        name="株式会社さくら素材",
        role="participating_institution",
        institution=company,
        email="contact@sakura.example.jp",
    )
    mail = Notification.objects.get(address="contact@sakura.example.jp", kind="team_invitation")
    link = re.search(r"/invitations/join/[^/\s]+/", mail.body).group(0)

    # The PI invites the co-PI by e-mail with edit access.
    login(page, "applicant")
    page.goto(page.base_url + f"/applications/{application.pk}/edit/")
    page.get_by_label("氏名・名称").fill("共同 花子")
    page.get_by_label("招待先メールアドレス").fill("co-pi@example.jp")
    page.get_by_label("役割").select_option("co_investigator")
    page.get_by_label("権限").select_option("edit")
    page.get_by_role("button", name="追加").click()
    expect(page.get_by_text("実施体制に追加しました。")).to_be_visible()

    # The co-PI accepts on the home page and moves 100,000 yen from equipment to travel.
    page.context.clear_cookies()
    login(page, "co-pi")
    page.goto(page.base_url + "/")
    page.get_by_role("button", name="承諾する").first.click()
    page.goto(page.base_url + f"/applications/{application.pk}/edit/")
    year = first_budget_year(call)
    page.locator(f"input[name='budget_{year}_equipment']").fill("1900000")
    page.locator(f"input[name='budget_{year}_travel']").fill("100000")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("保存しました。")).to_be_visible()
    assert application.budget_lines.get(fiscal_year=year, category="travel").amount == 100_000
    assert application.events.filter(action="budget_update", actor=co_pi).exists()

    # The partner's contact opens the link, creates an account at the invited address, accepts and confirms.
    page.context.clear_cookies()
    page.goto(page.base_url + link)
    page.get_by_label("氏名").fill("企業 担当")
    page.locator("input[name='password1']").fill("sakura-contact-2026")
    page.get_by_label("パスワード（確認）").fill("sakura-contact-2026")
    page.get_by_role("button", name="アカウントを作成して招待を受け取る").click()
    page.get_by_role("button", name="承諾する").first.click()
    expect(page.get_by_text("招待を承諾しました。")).to_be_visible()
    page.goto(page.base_url + f"/applications/{application.pk}/")
    page.get_by_role("button", name="参加を確認する").click()
    expect(page.get_by_text("参加を確認しました。")).to_be_visible()

    # The PI submits: the application waits for the research office.
    page.context.clear_cookies()
    login(page, "applicant")
    page.goto(page.base_url + f"/applications/{application.pk}/submit/")
    page.get_by_role("button", name="提出する").click()
    expect(page.get_by_text("所属機関の承認待ち").first).to_be_visible()

    # The research office approves; the funder receives it with a receipt number.
    page.context.clear_cookies()
    login(page, "research-office-kyoto")
    page.goto(page.base_url + f"/applications/{application.pk}/")
    page.locator("form.office-action").filter(has_text="所属機関承認").get_by_role("button").click()
    expect(page.get_by_text("提出済").first).to_be_visible()
    shot(page, "research-office-approved")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.receipt_number

    # The officer finds it by a word from its summary.
    page.context.clear_cookies()
    login(page, "officer-ksac")
    page.goto(page.base_url + "/applications/?q=耐久性評価")
    expect(page.get_by_role("link", name="ペロブスカイト太陽電池の量産検証").first).to_be_visible()
