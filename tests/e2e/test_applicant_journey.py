"""Journey (a): an applicant fills a Step 1 application, sees the problems, fixes them, submits, gets a receipt."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Application, ApplicationEvent
from programs.fiscal import JST, fiscal_year_of
from tests.e2e.conftest import login

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_applicant_goes_from_the_home_page_to_a_receipt_number(page, shot, catalog, tmp_path):
    fy = fiscal_year_of(timezone.now().astimezone(JST))
    proposal = tmp_path / "提案書.pdf"
    proposal.write_bytes(PDF)

    login(page, "applicant")
    page.goto(page.base_url + "/")
    row = page.get_by_role("row").filter(has_text=re.compile(r"KSAC .*ステップ1"))
    row.get_by_role("link", name="申請する").click()
    page.get_by_role("button", name="申請を作成する").click()
    page.wait_for_url(re.compile(r"/applications/\d+/edit/"))

    # First attempt: only a title. The check page lists what is missing.
    page.get_by_label("課題名", exact=True).fill("深層学習による創薬標的探索の事業化検証")
    page.get_by_role("button", name="保存").first.click()
    page.get_by_role("link", name="入力内容を確認して提出する").click()
    expect(page.get_by_role("heading", name=re.compile("提出できません"))).to_be_visible()
    problems = page.locator("ul.problems li").all_inner_texts()
    assert any("概要" in p for p in problems), problems
    assert any(p.startswith("予算") for p in problems), problems
    shot(page, "applicant-problems")

    # Fix: content, budget (total must equal the requested amount), team, upload.
    page.get_by_role("link", name="編集に戻る").click()
    page.get_by_label("概要", exact=True).fill("大学発の創薬AI技術の事業化可能性を検証する。")
    page.get_by_label("キーワード", exact=True).fill("創薬, AI, 深層学習")
    page.get_by_label("申請額（円）").fill("4000000")
    page.get_by_label("実施期間（月）").fill("12")
    page.get_by_role("button", name="保存").first.click()
    page.locator(f"input[name='budget_{fy}_equipment']").fill("2000000")
    page.locator(f"input[name='budget_{fy}_personnel']").fill("1100000")
    page.locator(f"input[name='budget_{fy}_indirect']").fill("900000")
    page.get_by_role("button", name="保存").first.click()
    assert page.locator("table.budget tfoot").inner_text().count("4,000,000") == 1

    # The PI (the applicant) is on the team from the start; add a co-investigator.
    expect(page.get_by_role("cell", name="研究代表者")).to_be_visible()
    page.get_by_label("氏名・名称").fill("加藤 直子")
    page.get_by_label("役割").select_option("co_investigator")
    page.get_by_label("エフォート（%）", exact=True).fill("10")
    page.get_by_role("button", name="追加").click()
    expect(page.get_by_role("cell", name="加藤 直子", exact=True)).to_be_visible()
    page.locator("input[type=file]").set_input_files(str(proposal))
    page.get_by_role("button", name="アップロード").click()
    expect(page.get_by_role("cell", name="提案書.pdf", exact=True)).to_be_visible()
    shot(page, "applicant-edit")

    page.get_by_role("link", name="入力内容を確認して提出する").click()
    shot(page, "applicant-check")
    page.get_by_role("button", name="提出する").click()
    expect(page.get_by_role("heading", name="申請を受け付けました")).to_be_visible()
    receipt = page.locator(".receipt-number").inner_text()
    assert re.fullmatch(rf"GF-KSAC-{fy}-S1-\d{{4}}", receipt), receipt
    shot(page, "applicant-receipt")

    application = Application.objects.get(receipt_number=receipt)
    assert application.status == "submitted"
    assert application.applicant.username == "applicant"
    assert (
        list(ApplicationEvent.objects.filter(application=application).values_list("action", flat=True)).count("submit")
        == 1
    )
