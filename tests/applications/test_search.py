"""Search of applications (title, summary, keywords, PI, institution) on the officer page and the API."""

import pytest
from django.test import Client

from .factories import make_draft

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(api_client, user, **params):
    api_client.force_authenticate(user)
    return api_client.get("/api/v1/applications/", params)


def test_a_japanese_substring_of_a_summary_finds_the_application(world, api_client):
    found = make_draft(world["call"], world["owner"], title="新素材の研究", summary="樹脂の耐久性評価を行う。")
    make_draft(world["call"], world["owner"], title="別の研究", summary="関係のない内容")
    response = _api(api_client, world["officer"], search="耐久性評価")
    assert response.status_code == 200
    assert [row["id"] for row in response.data["results"]] == [found.pk]
    page = login(world["officer"]).get("/applications/", {"q": "耐久性評価"}).content.decode()
    assert "新素材の研究" in page and "別の研究" not in page
    assert "<mark>耐久性評価</mark>" in page


def test_full_width_query_is_normalised(world, api_client):
    found = make_draft(world["call"], world["owner"], title="AIによる材料探索")
    response = _api(api_client, world["officer"], search="ＡＩ")
    assert [row["id"] for row in response.data["results"]] == [found.pk]


def test_an_officer_out_of_scope_finds_nothing(world, api_client):
    make_draft(world["call"], world["owner"], title="新素材の研究", summary="耐久性評価")
    assert _api(api_client, world["officer_out"], search="耐久性評価").data["results"] == []
    page = login(world["officer_out"]).get("/applications/", {"q": "耐久性評価"}).content.decode()
    assert "新素材の研究" not in page


def test_title_hits_rank_above_keyword_and_summary_hits(world, api_client):
    in_summary = make_draft(world["call"], world["owner"], title="研究A", summary="電池の寿命")
    in_title = make_draft(world["call"], world["owner"], title="電池の研究", summary="概要")
    in_keywords = make_draft(world["call"], world["owner"], title="研究B", keywords="電池, 材料")
    response = _api(api_client, world["officer"], search="電池")
    assert [row["id"] for row in response.data["results"]] == [in_title.pk, in_keywords.pk, in_summary.pk]


def test_every_word_must_match_and_pi_name_counts(world, api_client):
    found = make_draft(world["call"], world["owner"], title="水素の研究")
    make_draft(world["call"], world["other"], title="水素の研究その2")
    response = _api(api_client, world["officer"], search="水素　田中")  # full-width space between words
    assert [row["id"] for row in response.data["results"]] == [found.pk]


def test_highlighting_escapes_html_before_marking(world):
    make_draft(world["call"], world["owner"], title="<script>alert(1)</script>電池")
    page = login(world["officer"]).get("/applications/", {"q": "電池"}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>電池</mark>" in page
    assert "<script>alert(1)" not in page


def test_an_overlong_query_is_refused_in_japanese(world, api_client):
    response = _api(api_client, world["officer"], search="あ" * 101)
    assert response.status_code == 400
    assert "100文字以内" in str(response.data)
    page = login(world["officer"]).get("/applications/", {"q": "あ" * 101})
    assert page.status_code == 200 and "100文字以内" in page.content.decode()
