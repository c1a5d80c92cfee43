"""Read side of platform reports: who sees which reports, and which rows of them."""

from django.db.models import QuerySet

from .models import PlatformReport, ReportBuildStatus
from .permissions import may_use_reports


def platform_reports_for_user(user) -> QuerySet[PlatformReport]:
    """Reports are for officers and directors; everybody else sees none."""
    if not may_use_reports(user):
        return PlatformReport.objects.none()
    return PlatformReport.objects.select_related("requested_by")


def latest_done_report_for_user(user) -> PlatformReport | None:
    return (
        platform_reports_for_user(user).filter(status=ReportBuildStatus.DONE).order_by("-generated_at", "-id").first()
    )


def report_rows_for_user(report: PlatformReport, user) -> list[dict]:
    """The rows a user may read: directors all; officers the rows of their platforms and programs."""
    if user.is_director:
        return list(report.rows)
    if not may_use_reports(user):
        return []
    platforms = set(user.officer_platforms.values_list("code", flat=True))
    programs = set(user.officer_programs.values_list("code", flat=True))
    return [row for row in report.rows if row.get("platform") in platforms or row.get("program") in programs]
