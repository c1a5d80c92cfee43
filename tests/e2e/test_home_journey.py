import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_visitor_sees_open_calls_in_japanese_and_signs_in(page, shot, catalog):
    page.goto(page.base_url + "/")
    assert page.get_by_role("heading", name="受付中の公募").is_visible()
    assert page.get_by_role("cell", name="KSAC").first.is_visible()
    shot(page, "home-ja")
    login(page, "applicant")
    assert page.get_by_text("田中 太郎").is_visible()
    page.select_option("#lang-select", "en")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    shot(page, "home-en")


def test_wrong_password_says_what_to_fix(page, catalog):
    login(page, "applicant", "wrong-password")
    assert page.get_by_text("正しいユーザー名とパスワードを入力してください").is_visible()
