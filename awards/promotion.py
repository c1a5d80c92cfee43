"""The predecessor-award rules of a promotion application (Step 1 → Step 2, 育成型 → 本格型).

Registered as a submit check in `AwardsConfig.ready()`, so the applicant sees each
problem on the field `predecessor_award` before submitting, and the server refuses
the same ones.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from sangaku.errors import Problem

from .models import Award, AwardStatus
from .policy import promotion_window_days

FIELD = "predecessor_award"


def predecessor_problems(application, *, now=None) -> list[Problem]:
    """Problems with the application's predecessor award, judged at `now` (default: the current time)."""
    call = application.call
    stage = call.stage
    if not application.predecessor_award_id:
        if stage.predecessor_id and call.predecessor_required:
            return [
                Problem(
                    FIELD,
                    _("この公募では前段階（%(stage)s）の採択課題の指定が必要です。前段階の課題番号を選んでください。")
                    % {"stage": stage.predecessor.name},
                )
            ]
        return []
    if not stage.predecessor_id:
        return [
            Problem(
                FIELD,
                _("この段階（%(stage)s）には前段階がないため、前段階の採択課題は指定できません。指定を外してください。")
                % {"stage": stage.name},
            )
        ]
    # Only the applicant's own awards can be cited: anyone else's answers exactly like an id that does not
    # exist, so a foreign award reveals nothing (stage, status, dates, platform, holder).
    award = (
        Award.objects.select_related("application__call__stage", "application__call__platform")
        .filter(pk=application.predecessor_award_id, holder_id=application.applicant_id)
        .first()
    )
    if award is None:
        return [Problem(FIELD, _("指定された前段階の採択課題が見つかりません。課題番号を確認してください。"))]
    number = award.award_number
    problems = []
    if award.application.call.stage_id != stage.predecessor_id:
        problems.append(
            Problem(
                FIELD,
                _(
                    "前段階の採択課題には「%(expected)s」の課題を指定してください（%(number)s は「%(actual)s」の課題です）。"
                )
                % {"expected": stage.predecessor.name, "number": number, "actual": award.application.call.stage.name},
            )
        )
    today = timezone.localtime(now or timezone.now()).date()
    window = promotion_window_days()
    if award.status == AwardStatus.PROMOTED:
        problems.append(
            Problem(
                FIELD,
                _("前段階の採択課題 %(number)s は既に次段階へ昇格しています。別の課題を指定してください。")
                % {"number": number},
            )
        )
    elif award.status != AwardStatus.ACTIVE and not (
        award.status == AwardStatus.COMPLETED and award.ends_on + dt.timedelta(days=window) >= today
    ):
        problems.append(
            Problem(
                FIELD,
                _(
                    "前段階の採択課題 %(number)s（%(status)s、終了日 %(end)s）は指定できません。実施中か、終了後%(days)s日以内の課題を指定してください。"
                )
                % {
                    "number": number,
                    "status": award.get_status_display(),
                    "end": award.ends_on.isoformat(),
                    "days": window,
                },
            )
        )
    if stage.program.uses_platforms and award.application.call.platform_id != call.platform_id:
        problems.append(
            Problem(
                FIELD,
                _(
                    "前段階の採択課題 %(number)s は別のプラットフォーム（%(other)s）の課題です。この公募と同じプラットフォーム（%(own)s）の課題を指定してください。"
                )
                % {
                    "number": number,
                    "other": award.application.call.platform.name if award.application.call.platform_id else "-",
                    "own": call.platform.name if call.platform_id else "-",
                },
            )
        )
    return problems


def predecessor_exists(values: dict, *, applicant) -> list[Problem]:
    """Draft check: a predecessor award id a draft sets must name an award of the applicant's own
    (someone else's gets the same answer as an id that does not exist)."""
    award_id = values.get("predecessor_award_id")
    if award_id is None or Award.objects.filter(pk=award_id, holder_id=applicant.pk).exists():
        return []
    return [Problem(FIELD, _("指定された前段階の採択課題が見つかりません。課題番号を確認してください。"))]
