import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_visitor_sees_open_calls_in_japanese_and_signs_in(page, shot, catalog):
    page.goto(page.base_url + "/")
    expect(page.get_by_role("heading", name="受付中の公募")).to_be_visible()
    expect(page.get_by_role("cell", name="KSAC").first).to_be_visible()
    shot(page, "home-ja")
    login(page, "applicant")
    expect(page.get_by_text("田中 太郎")).to_be_visible()
    # An applicant lands on their own applications, then goes back to the calls.
    expect(page.get_by_role("heading", name="自分の申請")).to_be_visible()
    page.goto(page.base_url + "/")
    with page.expect_navigation():
        page.select_option("#lang-select", "en")  # the switch submits itself
    page.wait_for_function("document.documentElement.lang === 'en'", timeout=15_000)
    expect(page.get_by_role("heading", name="Open calls")).to_be_visible()
    shot(page, "home-en")


def test_wrong_password_says_what_to_fix(page, catalog):
    login(page, "applicant", "wrong-password")
    expect(page.get_by_text("正しいユーザー名とパスワードを入力してください")).to_be_visible()
