"""Numbers and ids in query strings and paths are bounded whole numbers: anything else is a 400 or 404, never a 500.

django-filter's NumberFilter passed any decimal (`1e23`, thirty digits) to the database, which overflows on
SQLite; DRF's routers passed any text as an id (`null,null`) to views that looked it up. Every API filterset now
uses `sangaku.filters.IntegerFilter` and every router `sangaku.routers` (ids are `[0-9]+`).
"""

import pytest
from django.urls import get_resolver
from django_filters import NumberFilter
from rest_framework.test import APIClient

from accounts.models import Role
from sangaku.filters import FilterBackend
from tests.awards.factories import saved
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.fixture
def director_api():
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(saved(UserFactory(role=Role.DIRECTOR)))
    return client


@pytest.mark.parametrize(
    "url, parameter",
    [
        (f"/api/v1/reports/?award={HUGE}", "award"),
        ("/api/v1/reports/?award=1e23", "award"),
        ("/api/v1/applications/?call=10^23", "call"),
        ("/api/v1/applications/?call=1e23", "call"),
        (f"/api/v1/applications/?call={HUGE}", "call"),
        (f"/api/v1/applications/?fiscal_year={HUGE}", "fiscal_year"),
        (f"/api/v1/awards/?fiscal_year={HUGE}", "fiscal_year"),
        (f"/api/v1/calls/?fiscal_year={HUGE}", "fiscal_year"),
        (f"/api/v1/platform-reports/?fiscal_year={HUGE}", "fiscal_year"),
        ("/api/v1/reports/?fiscal_year=2024.5", "fiscal_year"),
    ],
)
def test_a_number_filter_out_of_range_or_not_whole_is_a_400_naming_the_parameter(director_api, url, parameter):
    answer = director_api.get(url)
    assert answer.status_code == 400, answer.content.decode()[:300]
    assert answer.json()["code"] == "invalid"
    assert list(answer.json()["errors"]) == [parameter]


def test_a_whole_number_filter_still_filters(director_api):
    assert director_api.get("/api/v1/reports/?award=12345").json()["count"] == 0
    assert director_api.get("/api/v1/applications/?fiscal_year=2024").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/reports/null,null/attachments/0/download/",
        "/api/v1/reports/null/",
        "/api/v1/applications/abc/",
        "/api/v1/applications/null/members/",
        f"/api/v1/reports/{HUGE}/attachments/{HUGE}/download/",
        f"/api/v1/applications/{HUGE}/",
    ],
)
def test_an_id_in_a_path_that_is_not_a_whole_number_or_too_large_is_a_404(director_api, path):
    assert director_api.get(path).status_code == 404


def _api_viewsets():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, route)
            elif route.lstrip("^").startswith("api/v1/") and hasattr(pattern.callback, "cls"):
                yield pattern.callback.cls

    return sorted(set(walk(get_resolver().url_patterns)), key=lambda cls: cls.__name__)


def test_every_api_filter_on_a_number_is_a_bounded_integer_filter():
    """The cause, for every list of the API: no filter hands an unbounded decimal to the database."""
    unbounded = []
    checked = 0
    for cls in _api_viewsets():
        view = cls()
        model = getattr(getattr(cls, "serializer_class", None), "Meta", None)
        model = getattr(model, "model", None) or getattr(getattr(cls, "queryset", None), "model", None)
        if model is None or not (getattr(cls, "filterset_class", None) or getattr(cls, "filterset_fields", None)):
            continue
        filterset = FilterBackend().get_filterset_class(view, model._default_manager.all())
        for name, declared in filterset.base_filters.items():
            checked += 1
            if isinstance(declared, NumberFilter):
                unbounded.append(f"{cls.__name__}.{name}")
    assert checked > 20
    assert unbounded == []


@pytest.mark.parametrize("report", ["null", "1e23", HUGE])
def test_the_report_page_with_a_report_that_is_not_an_id_is_a_404(client, report):
    client.force_login(saved(UserFactory(role=Role.DIRECTOR)))
    assert client.get(f"/reporting/dashboard/?report={report}").status_code == 404
