"""A NUL character anywhere in a JSON body (PostgreSQL cannot store it) is a 400 with a reason, not a 500."""

import pytest

from accounts.models import Role
from programs.models import Institution
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body",
    [
        {"name": "NUL大学", "kind": "university", "email_domains": ["a\u0000b.ac.jp"]},
        {"name": "NUL大学", "kind": "university", "email_domains": {"\u0000": 1}},
        {"name": "NUL\u0000大学", "kind": "university"},
    ],
)
def test_nul_in_a_json_body_is_a_400_and_stores_nothing(api_client, body):
    api_client.force_authenticate(UserFactory(role=Role.DIRECTOR))

    response = api_client.post("/api/v1/institutions/", body, format="json")

    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    assert not Institution.objects.filter(name__startswith="NUL").exists()
