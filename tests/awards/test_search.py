"""Search of awards (by their application's title, summary, PI…) on the officer page and the API."""

import pytest
from django.test import Client

from .test_api_scoping import awards  # noqa: F401 — the fixture

pytestmark = pytest.mark.django_db


def _found(api_client, user, query):
    api_client.force_authenticate(user)
    response = api_client.get("/api/v1/awards/", {"search": query})
    assert response.status_code == 200
    return [row["id"] for row in response.json()["results"]]


def test_awards_are_searched_within_the_officer_scope(awards, api_client, ksac_officer, gtie_officer):  # noqa: F811
    assert _found(api_client, gtie_officer, "別の課題") == [awards["gtie"].pk]
    assert _found(api_client, ksac_officer, "別の課題") == []


def test_award_page_highlights_the_searched_title(awards, gtie_officer):  # noqa: F811
    client = Client()
    client.force_login(gtie_officer)
    page = client.get("/awards/", {"q": "別の"}).content.decode()
    assert "<mark>別の</mark>課題" in page


def test_an_overlong_award_search_is_refused_in_japanese(awards, api_client, ksac_officer):  # noqa: F811
    api_client.force_authenticate(ksac_officer)
    response = api_client.get("/api/v1/awards/", {"search": "x" * 101})
    assert response.status_code == 400 and "100文字以内" in str(response.json())
