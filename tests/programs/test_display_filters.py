import datetime as dt

import time_machine
from django.utils import translation

from programs.fiscal import JST
from programs.templatetags.sangaku import deadline, fy, jdate, man_yen, yen


def test_yen_has_thousands_separators():
    assert yen(5_000_000) == "¥5,000,000"
    assert yen(None) == "—"


def test_summaries_in_man_and_oku_yen():
    with translation.override("ja"):
        assert man_yen(5_000_000) == "500万円"
        assert man_yen(60_000_000) == "6,000万円"
        assert man_yen(320_000_000) == "3億2,000万円"
        assert man_yen(300_000_000) == "3億円"
        assert man_yen(1_234) == "1,234円"
    with translation.override("en"):
        assert man_yen(5_000_000) == "¥5.0M"


def test_dates_and_fiscal_years_follow_the_page_language():
    day = dt.date(2025, 5, 31)
    with translation.override("ja"):
        assert jdate(day) == "2025年5月31日"
        assert fy(2024) == "令和6年度"
        assert fy(2019) == "令和元年度"
    with translation.override("en"):
        assert jdate(day) == "31 May 2025"
        assert fy(2024) == "FY2024"


def test_a_utc_instant_is_shown_on_the_tokyo_calendar():
    with translation.override("ja"):
        assert jdate(dt.datetime(2025, 5, 31, 15, 30, tzinfo=dt.UTC)) == "2025年6月1日"


@time_machine.travel(dt.datetime(2025, 5, 28, 12, 0, tzinfo=JST), tick=False)
def test_deadline_shows_time_zone_and_time_remaining():
    closes = dt.datetime(2025, 5, 31, 23, 59, 59, tzinfo=JST)
    with translation.override("ja"):
        assert deadline(closes) == "2025年5月31日 23:59 JST（あと3日）"
        assert deadline(dt.datetime(2025, 5, 28, 20, 0, tzinfo=JST)).endswith("（あと8時間）")
        assert deadline(dt.datetime(2025, 5, 1, tzinfo=JST)).endswith("（締切済）")


def test_instants_are_shown_in_tokyo_time_with_the_zone():
    from programs.templatetags.sangaku import jdatetime

    instant = dt.datetime(2025, 5, 31, 14, 59, tzinfo=dt.UTC)
    with translation.override("ja"):
        assert jdatetime(instant) == "2025年5月31日 23:59 JST"
    with translation.override("en"):
        assert jdatetime(instant) == "31 May 2025 23:59 JST"
