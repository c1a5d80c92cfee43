"""Against a real Celery worker (subprocess), Redis and PostgreSQL: reports, sweeps, and crashes mid-task."""

import csv
import datetime as dt
import io
import time

import pytest
from django.utils import timezone

from notifications.models import Notification
from reporting.models import PlatformReport
from reporting.tasks import build_platform_report, sweep_review_reminders
from tests.factories import OfficerFactory
from tests.reviews.factories import AssignmentFactory

from .services import backends_waiting_for_a_lock, table_locked
from .worker import unacked_messages, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BUILD_TIMEOUT = 40


def report_state(report_id: int) -> PlatformReport:
    return PlatformReport.objects.get(pk=report_id)


def assert_built_once(report: PlatformReport) -> None:
    assert report.status == "done", f"report status is {report.status}: {report.error}"
    ksac = [r for r in report.rows if r["platform"] == "KSAC" and r["stage"] == "STEP1"]
    assert len(ksac) == 1 and (ksac[0]["accepted"], ksac[0]["rejected"], ksac[0]["received"]) == (3, 2, 5)


def test_requested_report_is_built_by_the_worker_and_downloadable(gapfund, workers, api_client):
    worker = workers()
    officer = OfficerFactory(platforms=[gapfund["platforms"]["KSAC"]])
    api_client.force_authenticate(officer)
    response = api_client.post("/api/v1/platform-reports/", {"fiscal_year": 2024}, format="json")
    assert response.status_code == 202
    assert response.json()["status"] == "queued", "the request returns before the build"
    url = f"/api/v1/platform-reports/{response.json()['id']}/"
    detail = wait_for(
        lambda: (d := api_client.get(url).json())["status"] == "done" and d,
        timeout=BUILD_TIMEOUT,
        what="the worker to build the report",
        worker=worker,
    )
    assert [(r["platform"], r["stage"], r["accepted"]) for r in detail["rows"]] == [("KSAC", "STEP1", 3)]
    download = api_client.get(f"{url}download/?format=csv")
    assert download.status_code == 200
    table = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [(row["採択"], row["不採択（要件不備含む）"]) for row in table] == [("3", "2")]


@pytest.fixture
def due_reviews(catalog):
    """120 reviews due in two days and 30 a week overdue (escalated to the KSAC officers)."""
    call = catalog["calls"]["GF-KSAC-2024-S1"]
    officer = OfficerFactory(platforms=[catalog["platforms"]["KSAC"]])
    now = timezone.now()
    AssignmentFactory.create_batch(120, application__call=call, due_at=now + dt.timedelta(days=2))
    AssignmentFactory.create_batch(30, application__call=call, due_at=now - dt.timedelta(days=8))
    officers = 2  # the demo catalog's officer-ksac and ours
    return {"officer": officer, "expected": 120 + 30 + 30 * officers}


def run_sweeps(task_result, count: int) -> list:
    results = [sweep_review_reminders.apply_async(ignore_result=False) for _ in range(count)]
    return [task_result(r, timeout=BUILD_TIMEOUT) for r in results]


def test_reminder_sweep_run_twice_and_concurrently_creates_each_notification_once(due_reviews, workers, task_result):
    # Two pool processes take the two sweeps at the same time; small batches make them interleave.
    workers(concurrency=2, env={"REMINDER_BATCH_SIZE": "10"})
    first = run_sweeps(task_result, 2)
    assert [r["offered"] for r in first] == [due_reviews["expected"]] * 2, "both sweeps saw every due item"
    assert Notification.objects.count() == due_reviews["expected"]
    again = run_sweeps(task_result, 1)
    assert again[0]["offered"] == due_reviews["expected"]
    assert Notification.objects.count() == due_reviews["expected"], "a rerun creates nothing new"
    assert Notification.objects.filter(recipient=due_reviews["officer"]).count() == 30
    wait_for(
        lambda: not Notification.objects.filter(sent_at__isnull=True).exists(),
        timeout=BUILD_TIMEOUT,
        what="every e-mail to be sent",
    )


def build_started_and_held(report_id: int, worker) -> None:
    """Wait until the build has started and waits for the table the test holds locked."""
    wait_for(
        lambda: report_state(report_id).attempts == 1 and backends_waiting_for_a_lock(),
        timeout=BUILD_TIMEOUT,
        what="the build to start and wait for the locked table",
        worker=worker,
    )


def test_pool_process_killed_mid_build_leaves_no_partial_report_and_the_build_completes_once(
    gapfund, workers, task_result
):
    worker = workers()
    report = PlatformReport.objects.create(fiscal_year=2024)
    with table_locked("applications_application"):  # holds the build inside its transaction
        build_platform_report.delay(report_id=report.pk)
        build_started_and_held(report.pk, worker)
        worker.kill_pool_process()
        killed = report_state(report.pk)
        assert killed.status != "done" and killed.rows == [] and killed.generated_at is None, "nothing partial stored"
    wait_for(
        lambda: report_state(report.pk).status == "done",
        timeout=BUILD_TIMEOUT,
        what="the requeued build to finish",
        worker=worker,
    )
    built = report_state(report.pk)
    assert_built_once(built)
    assert built.attempts == 2, "the message was requeued once after the pool process was lost"
    duplicate = build_platform_report.apply_async(kwargs={"report_id": report.pk}, ignore_result=False)
    assert task_result(duplicate, timeout=BUILD_TIMEOUT) is False, "a late duplicate changes nothing"
    again = report_state(report.pk)
    assert (again.generated_at, again.attempts, again.rows) == (built.generated_at, 2, built.rows)


def test_whole_worker_killed_mid_build_completes_once_after_a_new_worker_starts(gapfund, workers, queue, redis_client):
    visibility = 2
    short = {"CELERY_VISIBILITY_TIMEOUT": str(visibility)}
    crashed = workers(env=short)
    report = PlatformReport.objects.create(fiscal_year=2024)
    with table_locked("applications_application"):
        build_platform_report.delay(report_id=report.pk)
        build_started_and_held(report.pk, crashed)
        crashed.kill()
        assert report_state(report.pk).status != "done"
    # Redis hands an unacknowledged message out again once it is older than the visibility timeout;
    # a starting worker restores such messages at once.
    [delivered_at] = unacked_messages(redis_client, queue).values()  # held by the dead worker, unacknowledged
    wait_for(lambda: time.time() - delivered_at > visibility, timeout=visibility + 5, what="the visibility timeout")
    replacement = workers(env=short)
    wait_for(
        lambda: report_state(report.pk).status == "done",
        timeout=BUILD_TIMEOUT,
        what="the unacknowledged message to be redelivered to the new worker",
        worker=replacement,
    )
    built = report_state(report.pk)
    assert_built_once(built)
    assert built.attempts == 2
