"""Report builds are never orphaned, and the nightly report is made once a night whoever asks."""

import datetime as dt

import psycopg
import pytest
import time_machine
from django.utils import timezone

from reporting.models import PlatformReport
from reporting.tasks import build_nightly_platform_report, sweep_platform_report_builds
from tests.integration import worker as integration

pytestmark = pytest.mark.django_db

LONG_AGO = dt.timedelta(hours=1)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a task in-process and then what it published on commit (the build), as a worker would."""

    def run_task(task, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return task.delay(**kwargs).get()

    return run_task


def test_the_nightly_report_is_made_once_a_night_however_often_it_is_asked_for(catalog, run):
    night = dt.datetime(2026, 11, 30, 2, 30, tzinfo=dt.UTC) - dt.timedelta(hours=9)  # 02:30 Asia/Tokyo
    with time_machine.travel(night, tick=False):
        first = run(build_nightly_platform_report)
        assert run(build_nightly_platform_report) is None, "a second beat or a manual run adds nothing"
    with time_machine.travel(night + dt.timedelta(hours=20), tick=False):  # 22:30 the same day in Tokyo
        assert run(build_nightly_platform_report) is None
    with time_machine.travel(night + dt.timedelta(days=1), tick=False):
        second = run(build_nightly_platform_report)
    assert PlatformReport.objects.filter(status="done").count() == 2
    assert list(PlatformReport.objects.order_by("id").values_list("id", "period_key")) == [
        (first, "nightly:2026-11-30"),
        (second, "nightly:2026-12-01"),
    ]


def test_a_queued_build_whose_message_was_lost_is_published_again_and_built(catalog, run):
    report = PlatformReport.objects.create(fiscal_year=2024, enqueued_at=timezone.now() - LONG_AGO)
    fresh = PlatformReport.objects.create(fiscal_year=2024, enqueued_at=timezone.now())
    assert run(sweep_platform_report_builds) == {"republished": 1, "failed": 0}
    report.refresh_from_db()
    fresh.refresh_from_db()
    assert report.status == "done" and report.attempts == 1
    assert fresh.status == "queued", "a build published a moment ago is not stuck"


def test_an_interrupted_build_is_started_again_and_one_interrupted_too_often_fails_with_the_reason(
    catalog, settings, run
):
    started = timezone.now() - LONG_AGO
    again = PlatformReport.objects.create(status="running", attempts=1, started_at=started)
    given_up = PlatformReport.objects.create(
        status="running", attempts=settings.REPORT_BUILD_MAX_ATTEMPTS, started_at=started
    )
    assert run(sweep_platform_report_builds) == {"republished": 1, "failed": 1}
    again.refresh_from_db()
    given_up.refresh_from_db()
    assert again.status == "done" and again.attempts == 2
    assert given_up.status == "failed" and given_up.rows == []
    assert f"作成が {settings.REPORT_BUILD_MAX_ATTEMPTS} 回途中で中断されたため中止しました" in given_up.error


def test_a_build_requested_too_long_ago_is_failed_with_the_reason(catalog, run):
    report = PlatformReport.objects.create(enqueued_at=timezone.now() - LONG_AGO)
    PlatformReport.objects.filter(pk=report.pk).update(requested_at=timezone.now() - dt.timedelta(days=2))
    assert run(sweep_platform_report_builds) == {"republished": 0, "failed": 1}
    report.refresh_from_db()
    assert report.status == "failed" and "長時間経っても作成できなかった" in report.error


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_running_build_that_holds_its_row_lock_is_left_alone(catalog):
    report = PlatformReport.objects.create(status="running", attempts=1, started_at=timezone.now() - LONG_AGO)
    with psycopg.connect(integration.test_database_url()) as build:  # a live (slow) build holds its report row
        build.execute("SELECT id FROM reporting_platformreport WHERE id = %s FOR UPDATE", [report.pk])
        assert sweep_platform_report_builds.delay().get() == {"republished": 0, "failed": 0}
        build.rollback()
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("running", 1)
