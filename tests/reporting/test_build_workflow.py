"""The platform report build runs on the workflow engine: each move leaves an event, no person can move a build."""

import pytest

from reporting.aggregates import platform_report_rows
from reporting.models import PlatformReport, PlatformReportEvent
from reporting.services import platform_report_build, platform_report_mark_failed
from reporting.workflow import REPORT_BUILD_WORKFLOW
from tests.factories import UserFactory
from tests.workflow_walk import walk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("action", list(REPORT_BUILD_WORKFLOW.table))
def test_no_person_can_move_a_report_build_from_any_state(action):
    from accounts.models import Role

    report = PlatformReport.objects.create()
    people = {"officer": UserFactory(role=Role.OFFICER), "director": UserFactory(role=Role.DIRECTOR)}
    walk(
        REPORT_BUILD_WORKFLOW,
        report,
        PlatformReportEvent.objects.filter(report=report),
        people,
        action,
        lambda role, who: False,
    )


def test_a_build_records_start_and_finish_and_a_second_build_adds_nothing(catalog):
    report = PlatformReport.objects.create()
    assert platform_report_build(report_id=report.pk) is True
    assert platform_report_build(report_id=report.pk) is False  # a redelivered task
    report.refresh_from_db()
    assert report.status == "done" and report.attempts == 1
    assert report.rows == platform_report_rows(fiscal_year=None)
    moves = list(PlatformReportEvent.objects.filter(report=report).values_list("action", "from_status", "to_status"))
    assert moves == [("start", "queued", "running"), ("finish", "running", "done")]


def test_a_failed_build_keeps_its_reason_and_is_not_failed_again_once_done(catalog):
    failing = PlatformReport.objects.create()
    platform_report_mark_failed(report_id=failing.pk, error="集計に失敗しました")
    failing.refresh_from_db()
    assert (failing.status, failing.error) == ("failed", "集計に失敗しました")
    assert PlatformReportEvent.objects.get(report=failing).note == "集計に失敗しました"

    done = PlatformReport.objects.create()
    platform_report_build(report_id=done.pk)
    platform_report_mark_failed(report_id=done.pk, error="遅れて届いた失敗")
    done.refresh_from_db()
    assert done.status == "done" and done.error == ""
