"""The public results and call pages answer a repeated request with 304 (ETag) until what they show changes."""

import pytest
from django.conf import settings

from awards.models import Award
from programs.models import Call
from tests.awards.factories import accept, draft, officer_for, open_call, saved
from tests.factories import InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db

CSRF = "a" * 32  # a browser that has been here before carries its CSRF cookie; the page's token is made from it


@pytest.fixture
def published(catalog, client):
    officer = officer_for(platforms=[catalog["platforms"]["KSAC"]])
    call = open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"])
    pi = saved(UserFactory(display_name="京都 太郎", affiliation=InstitutionFactory(name="京都公開大学")))
    award = accept(draft(call=call, applicant=pi, title="固体電解質の概念実証"), officer)
    client.force_login(officer)
    data = {"action": "publish", "publish-confirm": "on"}
    assert client.post(f"/results/manage/calls/{call.pk}/", data).status_code == 302
    client.logout()
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF
    return {"call": call, "award": award, "catalog": catalog}


def _again(client, url, first):
    return client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])


@pytest.mark.parametrize("url", ["/results/", "/results/calls/{call}/", "/results/?fiscal_year={year}"])
def test_a_second_request_with_the_etag_gets_304_without_the_page(published, client, url):
    url = url.format(call=published["call"].pk, year=published["call"].fiscal_year)
    first = client.get(url)
    assert first.status_code == 200 and first.has_header("ETag") and "京都 太郎" in first.content.decode()
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
    again = _again(client, url, first)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == first["ETag"]


def test_a_change_to_what_the_results_show_changes_the_etag(published, client):
    url = f"/results/calls/{published['call'].pk}/"
    first = client.get(url)
    # A change no timestamp records: the adopted project's number (an award row has no updated time).
    Award.objects.filter(pk=published["award"].pk).update(award_number="GF-CHANGED-1")
    changed = _again(client, url, first)
    assert changed.status_code == 200 and "GF-CHANGED-1" in changed.content.decode()
    assert changed["ETag"] != first["ETag"]
    # The person's name, through a bulk update too.
    before = client.get("/results/")
    UserFactory._meta.model.objects.filter(display_name="京都 太郎").update(display_name="京都 次郎")
    renamed = _again(client, "/results/", before)
    assert renamed.status_code == 200 and "京都 次郎" in renamed.content.decode()


def test_another_language_or_query_is_another_etag(published, client):
    ja = client.get("/results/")
    en = client.get("/results/", HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=ja["ETag"])
    assert en.status_code == 200 and en["ETag"] != ja["ETag"]
    page2 = client.get("/results/?page=2", HTTP_IF_NONE_MATCH=ja["ETag"])
    assert page2.status_code == 200 and page2["ETag"] != ja["ETag"]


def test_the_call_page_gets_304_until_the_call_changes(published, client):
    call = Call.objects.filter(stage=published["catalog"]["stages"]["STEP1"], published=True).first()
    if call is None:
        pytest.fail("the demo catalog has a published Step 1 call")
    url = f"/calls/{call.pk}/"
    first = client.get(url)
    assert first.status_code == 200 and first.has_header("ETag")
    assert _again(client, url, first).status_code == 304
    Call.objects.filter(pk=call.pk).update(description="説明を改めました。")
    changed = _again(client, url, first)
    assert changed.status_code == 200 and "説明を改めました。" in changed.content.decode()


def test_signed_in_people_get_no_etag(published, client):
    client.force_login(saved(UserFactory()))
    response = client.get("/results/")
    assert response.status_code == 200 and not response.has_header("ETag")
