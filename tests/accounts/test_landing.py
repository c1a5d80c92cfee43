"""Each role lands on its own home after signing in; a requested page (?next=) still wins."""

import pytest

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.mark.parametrize(
    ("role", "home"),
    [
        (Role.APPLICANT, "/applications/mine/"),
        (Role.REVIEWER, "/review/"),
        (Role.OFFICER, "/office/"),
        (Role.DIRECTOR, "/office/"),
    ],
)
def test_each_role_lands_on_its_own_home(client, role, home):
    user = UserFactory(role=role)
    user.set_password(PASSWORD)
    user.save()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == home


def test_a_requested_page_wins_over_the_home(client):
    user = UserFactory(role=Role.REVIEWER)
    user.set_password(PASSWORD)
    user.save()
    response = client.post(
        "/accounts/login/?next=/notifications/",
        {"username": user.username, "password": PASSWORD, "next": "/notifications/"},
    )
    assert response["Location"] == "/notifications/"
