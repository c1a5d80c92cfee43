"""The whole demo (every app's loader, the seed dataset included) is idempotent: a second run changes nothing."""

import io

from django.core.management import call_command

from tests.programs.test_load_demo import snapshot


def test_load_demo_again_changes_nothing(seeded, db):
    first = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first
    assert sum(len(rows) for rows in first.values()) > 1000
