"""The call page (/calls/{id}/): the rules an applicant reads before applying, linked from the call list."""

import pytest
from django.utils import timezone

from programs.models import Call

pytestmark = pytest.mark.django_db


def test_call_page_shows_rules_rubric_deadline_and_apply_button(client, catalog):
    call = Call.objects.open_at(timezone.now()).filter(stage__rubric__isnull=False).first()
    page = client.get(f"/calls/{call.pk}/").content.decode()
    assert call.title in page
    assert f"¥{call.effective_max_amount:,}" in page
    assert f"{call.effective_max_duration_months}か月" in page
    assert f"直接経費の{call.stage.indirect_rate_max_percent}%まで" in page
    assert "研究代表者" in page  # required team roles
    assert "提案書" in page
    for criterion in call.stage.rubric.criteria.all():
        assert criterion.label in page
    assert "JST" in page and "あと" in page  # deadline in JST with the time left
    assert f'href="/calls/{call.pk}/apply/"' in page
    assert f'href="/calls/{call.pk}/"' in client.get("/").content.decode()


def test_unpublished_call_page_is_404_for_the_public(client, catalog):
    call = Call.objects.first()
    Call.objects.filter(pk=call.pk).update(published=False)
    assert client.get(f"/calls/{call.pk}/").status_code == 404
    assert client.get("/calls/999999/").status_code == 404
