"""Ending an award (終了 / 中止) needs a confirmation the server checks (no JavaScript needed)."""

import pytest

from awards.models import AwardStatus

from .factories import accept, draft, open_call

pytestmark = pytest.mark.django_db


def test_terminating_without_confirmation_changes_nothing_and_says_the_consequence(
    client, catalog, ksac_officer, researcher
):
    award = accept(
        draft(
            call=open_call(stage=catalog["stages"]["STEP1"], platform=catalog["platforms"]["KSAC"]),
            applicant=researcher,
        ),
        ksac_officer,
    )
    client.force_login(ksac_officer)
    url = f"/awards/{award.pk}/actions/terminate/"
    page = client.post(url, {"note": "研究継続が困難"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "中止すると、この採択課題は打ち切られます" in body and "研究継続が困難" in body
    award.refresh_from_db()
    assert award.status == AwardStatus.ACTIVE

    assert client.post(url, {"note": "研究継続が困難", "confirm": "yes"}).status_code == 302
    award.refresh_from_db()
    assert award.status == AwardStatus.TERMINATED
