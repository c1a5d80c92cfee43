"""Bad input is a 400 naming the field with a Japanese reason, the data untouched — never a 500."""

import pytest
from django.test import Client

from applications.models import Application, BudgetLine
from sangaku import bounds

from .factories import first_budget_year, make_draft

pytestmark = pytest.mark.django_db

API = "/api/v1/applications/"


def _field_errors(response, field):
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and field in body["errors"], body
    return " ".join(str(m) for m in body["errors"][field])


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("requested_amount", bounds.YEN_MAX + 1, "1,000億円以下"),
        ("requested_amount", -1, "0円以上"),
        ("requested_amount", 10**30, "1,000億円以下"),
        ("duration_months", 121, "1〜120か月"),
        ("duration_months", 0, "1〜120か月"),
        ("duration_months", "十二", "整数"),
        ("summary", "あ" * (bounds.SUMMARY_MAX + 1), "10,000文字以内"),
    ],
)
def test_out_of_bounds_application_field_is_a_400_with_the_reason(api_client, world, field, value, reason):
    draft = make_draft(world["call"], world["owner"], title="元の題名")
    api_client.force_authenticate(world["owner"])

    response = api_client.patch(f"{API}{draft.pk}/", {"title": "変更", field: value}, format="json")

    assert reason in _field_errors(response, field)
    draft.refresh_from_db()
    assert draft.title == "元の題名"


@pytest.mark.parametrize(
    ("payload", "field", "reason"),
    [
        ({"fiscal_year": 2101, "category": "equipment", "amount": 1}, "fiscal_year", "2000〜2100年度"),
        ({"fiscal_year": 1999, "category": "equipment", "amount": 1}, "fiscal_year", "2000〜2100年度"),
        ({"fiscal_year": 2025, "category": "equipment", "amount": bounds.YEN_MAX + 1}, "amount", "1,000億円以下"),
        ({"fiscal_year": 2025, "category": "equipment", "amount": [1]}, "amount", "整数"),
    ],
)
def test_out_of_bounds_budget_line_is_a_400_and_adds_nothing(api_client, world, payload, field, reason):
    draft = make_draft(world["call"], world["owner"])
    api_client.force_authenticate(world["owner"])
    before = BudgetLine.objects.filter(application=draft).count()

    response = api_client.post(f"{API}{draft.pk}/budget-lines/", payload, format="json")

    assert reason in _field_errors(response, field)
    assert BudgetLine.objects.filter(application=draft).count() == before


@pytest.mark.parametrize("raw", ["[1, 2, 3]", '"just a string"', "{not json", "12345678901234567890123"])
def test_malformed_bodies_are_400_not_500(api_client, world, raw):
    draft = make_draft(world["call"], world["owner"])
    api_client.force_authenticate(world["owner"])

    for method, url in [("patch", f"{API}{draft.pk}/"), ("post", f"{API}{draft.pk}/budget-lines/"), ("post", API)]:
        response = getattr(api_client, method)(url, raw, content_type="application/json")
        assert response.status_code == 400, (method, url, response.content)
        assert response.json()["detail"]


def test_the_html_editor_refuses_a_huge_amount_and_saves_none_of_the_form(world):
    draft = make_draft(world["call"], world["owner"], title="元の題名")
    client = Client()
    client.force_login(world["owner"])
    year = first_budget_year(world["call"])

    response = client.post(
        f"/applications/{draft.pk}/edit/",
        {
            "section": "main",
            "title": "新しい題名",
            "requested_amount": str(10**15),
            "duration_months": "12",
            f"budget_{year}_equipment": "1000",
        },
    )

    assert response.status_code == 400
    assert "1,000億円以下" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "元の題名" and draft.requested_amount != 10**15
    assert not BudgetLine.objects.filter(application=draft, amount=1000).exists()


def test_model_constraints_hold_even_when_code_bypasses_the_forms(world):
    from django.db import IntegrityError, transaction

    draft = make_draft(world["call"], world["owner"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=draft.pk).update(duration_months=500)
