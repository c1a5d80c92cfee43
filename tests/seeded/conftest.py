"""The demo dataset, loaded once for every test in this package (the full seed takes about a minute).

`load_demo` runs inside a transaction that stays open while the package's tests run
(each test's own transaction nests inside it) and is rolled back afterwards, so no
test elsewhere sees the demo.
"""

import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            out = io.StringIO()
            call_command("load_demo", stdout=out)
            yield out.getvalue()
            transaction.set_rollback(True)


@pytest.fixture
def director_api(seeded, db, api_client):
    from accounts.models import User

    api_client.force_authenticate(User.objects.get(username="director"))
    return api_client
