"""Seed step: past-due progress reports submitted, accepted, sent back or left overdue."""

import datetime as dt

from programs.fiscal import JST, reiwa_label

from .demo_support import BATCH
from .models import Award, ProgressReport, ReportEvent, ReportStatus
from .services import report_transition


def seed_reports(*, today: dt.date, award_ids: list[int]) -> dict[str, int]:
    """Holders submit their past-due reports; one in eight awards leaves its latest one overdue.

    The demo applicants' awards also show an accepted report and one sent back for revision.
    """
    counts = {"submitted": 0, "overdue": 0, "accepted": 0, "revision_requested": 0}
    past_due: dict[int, list[ProgressReport]] = {}
    for report in ProgressReport.objects.filter(
        award_id__in=award_ids, due_on__lt=today, status=ReportStatus.PENDING
    ).order_by("due_on", "id"):
        past_due.setdefault(report.award_id, []).append(report)
    submitted_at: dict[int, dt.datetime] = {}
    awards = Award.objects.filter(pk__in=award_ids).select_related("holder", "responsible_officer").order_by("id")
    for k, award in enumerate(awards):
        past = past_due.get(award.pk, [])
        if k % 8 == 3 and past:
            past = past[:-1]
            counts["overdue"] += 1
        for report in past:
            report_transition(
                report_id=report.pk,
                action="submit",
                actor=award.holder,
                body=f"{report.get_kind_display()}（{reiwa_label(report.fiscal_year)}）: 計画どおり進捗。詳細は添付資料のとおり。",
            )
            submitted_at[report.pk] = dt.datetime.combine(
                report.due_on - dt.timedelta(days=3 + k % 10), dt.time(15, 0), tzinfo=JST
            )
            counts["submitted"] += 1
        if award.holder.username in ("applicant", "applicant2") and past:
            officer = award.responsible_officer
            report_transition(report_id=past[0].pk, action="accept", actor=officer)
            counts["accepted"] += 1
            if len(past) > 1:
                report_transition(
                    report_id=past[-1].pk,
                    action="request_revision",
                    actor=officer,
                    note="収支の内訳（物品費）の根拠資料を追加してください。",
                )
                counts["revision_requested"] += 1
    # The workflow stamped 'now'; put the historical submission instants on the reports and their events.
    ProgressReport.objects.bulk_update(
        [ProgressReport(pk=pk, submitted_at=at) for pk, at in submitted_at.items()], ["submitted_at"], batch_size=BATCH
    )
    events = list(ReportEvent.objects.filter(report_id__in=list(submitted_at), action="submit").only("id", "report_id"))
    for event in events:
        event.at = submitted_at[event.report_id]
    ReportEvent.objects.bulk_update(events, ["at"], batch_size=BATCH)
    return counts
