import pytest

pytestmark = pytest.mark.django_db


def test_home_lists_the_open_calls_in_japanese_without_signing_in(client, catalog):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "受付中の公募" in html
    assert "KSAC" in html and "ステップ1" in html
    assert "令和6年度" not in html  # FY2024 calls are closed


def test_home_switches_to_english(client, catalog):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Gap Fund" in html


def test_login_page_shows_an_error_for_a_wrong_password(client, catalog):
    response = client.post("/accounts/login/", {"username": "applicant", "password": "wrong"})
    assert response.status_code == 200
    assert "正しいユーザー名とパスワードを入力してください" in response.content.decode()
