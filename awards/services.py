"""Writes that matter for awards and progress reports.

Awards are created inside the transaction that accepts the application (see
`awards.receivers`); every later change goes through a function here, which
locks what it changes and writes an `AwardEvent` / `ReportEvent` with the actor.
"""

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import Application
from notifications.services import notify
from programs.fiscal import fiscal_year_of_date, reiwa_label
from programs.models import Call
from programs.numbering import AWARD, highest_suffix, next_number
from sangaku import bounds
from sangaku.errors import Forbidden, Invalid, NotFound, Problem, Refused

from .models import Award, AwardBudget, AwardEvent, AwardStatus, ProgressReport, ReportEvent, ReportStatus
from .permissions import actor_may
from .policy import report_policy_for
from .schedule import award_period, first_of_next_month, fiscal_years_between, report_schedule
from .signals import award_budgets_changed
from .workflow import AWARD_WORKFLOW, OPEN_REPORT_STATES, REPORT_WORKFLOW, Actor

PROGRAM_SHORT = {"GAPFUND": "GF", "COINEXT": "CO"}
STAGE_SHORT = {"STEP1": "S1", "STEP2": "S2", "NURTURING": "N", "FULL_SCALE": "F"}
FIELD_SHORT = {"co_creation": "CO", "regional": "RE", "policy_priority": "PP", "future": "FU"}


def _yen(amount: int) -> str:
    return f"{amount:,}円"


def _award_number_prefix(call: Call) -> str:
    program = call.stage.program.code
    scope = call.platform.code if call.platform_id else FIELD_SHORT.get(call.field, "XX")
    stage = STAGE_SHORT.get(call.stage.code, call.stage.code)
    return f"JPMJ{PROGRAM_SHORT.get(program, program[:2])}{call.fiscal_year % 100:02d}{scope}{stage}"


def _next_award_number(call_id: int) -> str:
    # Calls that share a prefix share one sequence row: concurrent accepts never collide; never reused.
    call = Call.objects.select_related("stage__program", "platform").get(pk=call_id)
    prefix = _award_number_prefix(call)

    def highest_in_use() -> int:
        numbers = Award.objects.filter(award_number__startswith=prefix).values_list("award_number", flat=True)
        return highest_suffix(numbers, prefix)

    number = f"{prefix}{next_number(AWARD, prefix, start=highest_in_use):04d}"
    while Award.objects.filter(award_number=number).exists():  # a number typed in by hand
        number = f"{prefix}{next_number(AWARD, prefix, start=highest_in_use):04d}"
    return number


def _award_event(award: Award, *, actor, action: str, from_status: str = "", note: str = "") -> AwardEvent:
    return AwardEvent.objects.create(
        award=award, actor=actor, action=action, from_status=from_status, to_status=award.status, note=note
    )


def _today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def award_create_for_application(*, application: Application, actor, starts_on: dt.date | None = None) -> Award:
    """Create the award (課題) of an accepted application, in the accepting transaction.

    Amounts come from the accepted budget lines (one `AwardBudget` per fiscal year);
    the award starts on `starts_on` or the 1st of the month after the call closes and
    runs `duration_months`. If the application cites a predecessor award, that award
    becomes `promoted` and is linked as this award's predecessor. The progress-report
    schedule of the stage is generated at once.
    """
    existing = Award.objects.filter(application=application).first()
    if existing is not None:
        return existing
    call = application.call
    if starts_on is None:
        starts_on = first_of_next_month(timezone.localtime(call.closes_at).date())
    starts_on, ends_on = award_period(starts_on=starts_on, duration_months=application.duration_months or 12)

    per_year: dict[int, int] = defaultdict(int)
    for fiscal_year, amount in application.budget_lines.values_list("fiscal_year", "amount"):
        per_year[fiscal_year] += amount
    if not per_year:
        per_year[fiscal_year_of_date(starts_on)] = application.requested_amount or 0

    predecessor = None
    if application.predecessor_award_id:
        predecessor = Award.objects.select_for_update().get(pk=application.predecessor_award_id)
        if Award.objects.filter(predecessor=predecessor).exists():
            raise Refused(
                _("前段階の採択課題 %(number)s は既に別の課題へ昇格しています。")
                % {"number": predecessor.award_number},
                problems=[Problem("predecessor_award", _("昇格済みの課題は指定できません。"))],
                code="already_promoted",
            )

    award = Award.objects.create(
        award_number=_next_award_number(call.pk),
        application=application,
        holder_id=application.applicant_id,
        responsible_officer=actor,
        amount_total=sum(per_year.values()),
        starts_on=starts_on,
        ends_on=ends_on,
        status=AwardStatus.ACTIVE,
        predecessor=predecessor,
    )
    AwardBudget.objects.bulk_create(
        [AwardBudget(award=award, fiscal_year=fy, amount=amount) for fy, amount in sorted(per_year.items())]
    )
    _award_event(award, actor=actor, action="create", note=application.receipt_number or "")
    _schedule_reports(award, stage_code=call.stage.code)
    if predecessor is not None:
        AWARD_WORKFLOW.run(pk=predecessor.pk, action="promote", actor=actor, note=award.award_number, system=True)
    return award


def _schedule_reports(award: Award, *, stage_code: str) -> tuple[int, int, int]:
    """Bring the pending reports in line with the award's dates; submitted and accepted ones stay.

    Returns (created, moved, removed).
    """
    wanted = {
        (r.kind, r.fiscal_year): r.due_on
        for r in report_schedule(starts_on=award.starts_on, ends_on=award.ends_on, policy=report_policy_for(stage_code))
    }
    existing = {(r.kind, r.fiscal_year): r for r in award.reports.all()}
    created = moved = removed = 0
    for key, report in existing.items():
        if report.status != ReportStatus.PENDING:
            continue
        if key not in wanted:
            if report.events.exists() or report.attachments.exists():
                continue  # keep anything the holder already worked on
            report.delete()
            removed += 1
        elif report.due_on != wanted[key]:
            report.due_on = wanted[key]
            report.save(update_fields=["due_on"])
            moved += 1
    new = [
        ProgressReport(award=award, kind=kind, fiscal_year=fy, due_on=due_on)
        for (kind, fy), due_on in wanted.items()
        if (kind, fy) not in existing
    ]
    ProgressReport.objects.bulk_create(new)
    created = len(new)
    return created, moved, removed


def _lock_award(award_id: int) -> Award:
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("application__call__stage__program", "application__call__platform")
        .filter(pk=award_id)
        .first()
    )
    if award is None:
        raise NotFound(_("採択課題が見つかりません。"))
    return award


def require_officer(actor, award: Award, label: str) -> None:
    if not actor_may(actor, award, Actor.OFFICER):
        raise Forbidden(_("この採択課題に対して「%(label)s」を行う権限がありません。") % {"label": label})


def award_transition(*, award_id: int, action: str, actor, note: str = "") -> Award:
    """End an award (`complete`) or stop it (`terminate`, note required): a row of `AWARD_WORKFLOW`."""
    return AWARD_WORKFLOW.run(pk=award_id, action=action, actor=actor, note=note)


def award_mark_planned(*, award_id: int, actor, note: str = "") -> Award:
    """Record a decision announced as planned (採択予定): the award is `planned`, not active, until `start`."""
    return AWARD_WORKFLOW.run(pk=award_id, action="plan", actor=actor, note=note, system=True)


@transaction.atomic
def award_budgets_adjust(*, award_id: int, budgets: dict[int, int], actor, note: str = "", today=None) -> Award:
    """Replace the yearly budgets of an award that has not started yet (officer in scope).

    `budgets` maps fiscal year → yen; a year left out or set to 0 is removed. Each year must
    lie within the award period. Refused once the award has started.
    """
    award = _lock_award(award_id)
    require_officer(actor, award, _("予算の調整"))
    today = today or _today()
    if award.status != AwardStatus.ACTIVE or today >= award.starts_on:
        raise Refused(
            _("開始日（%(start)s）以降は予算を調整できません。") % {"start": award.starts_on.isoformat()},
            problems=[Problem("budgets", _("開始前の採択課題だけ予算を調整できます。"))],
            code="already_started",
        )
    years = set(fiscal_years_between(award.starts_on, award.ends_on))
    problems = []
    cleaned: dict[int, int] = {}
    for fy, amount in budgets.items():
        fy, amount = int(fy), int(amount)
        if fy not in years:
            problems.append(
                Problem(
                    "budgets",
                    _("%(fy)s年度は実施期間（%(first)s〜%(last)s年度）の外です。")
                    % {"fy": fy, "first": min(years), "last": max(years)},
                )
            )
        elif amount < 0:
            problems.append(Problem("budgets", _("%(fy)s年度の金額は0円以上で入力してください。") % {"fy": fy}))
        elif amount:
            cleaned[fy] = amount
    if not cleaned and not problems:
        problems.append(Problem("budgets", _("少なくとも1年度に金額を入力してください。")))
    if problems:
        raise Invalid(
            _("予算を調整できません。次の点を確認してください。"),
            problems=problems,
            code="invalid_budgets",
        )
    before = {b.fiscal_year: b.amount for b in award.budgets.all()}
    award.budgets.all().delete()
    AwardBudget.objects.bulk_create(
        [AwardBudget(award=award, fiscal_year=fy, amount=a) for fy, a in sorted(cleaned.items())]
    )
    award.amount_total = sum(cleaned.values())
    award.save(update_fields=["amount_total"])
    change = ", ".join(
        f"{fy}: {_yen(before.get(fy, 0))} → {_yen(cleaned.get(fy, 0))}" for fy in sorted(set(before) | set(cleaned))
    )
    _award_event(award, actor=actor, action="adjust_budget", from_status=award.status, note=f"{change}\n{note}".strip())
    award_budgets_changed.send(sender=Award, award=award, actor=actor, note=note)
    return award


@transaction.atomic
def award_budgets_revise(*, award_id: int, budgets: dict[int, int], actor, note: str = "", today=None) -> Award:
    """Change the yearly budgets of a running award from the current fiscal year on (officer in scope).

    Used by an evaluation's budget-change outcome. `budgets` maps fiscal year → yen for the years
    to change (0 removes the year); years not named keep their amounts; a year already past or
    outside the award period is refused. Writes one `revise_budget` event listing every change.
    """
    award = _lock_award(award_id)
    require_officer(actor, award, _("予算の変更"))
    if award.status != AwardStatus.ACTIVE:
        raise Refused(
            _("実施中の課題だけ予算を変更できます（現在: %(status)s）。") % {"status": AwardStatus(award.status).label},
            code="illegal_transition",
        )
    years = set(fiscal_years_between(award.starts_on, award.ends_on))
    current = fiscal_year_of_date(today or _today())
    problems = []
    changes: dict[int, int] = {}
    for fy, amount in (budgets or {}).items():
        try:
            fy, amount = int(fy), int(amount)
        except (TypeError, ValueError):
            problems.append(Problem("budgets", _("年度と金額は整数で入力してください。")))
            continue
        if fy not in years:
            problems.append(
                Problem(
                    "budgets",
                    _("%(fy)s年度は実施期間（%(first)s〜%(last)s年度）の外です。")
                    % {"fy": fy, "first": min(years), "last": max(years)},
                )
            )
        elif fy < current:
            problems.append(Problem("budgets", _("%(fy)s年度は既に終わっているため変更できません。") % {"fy": fy}))
        elif not 0 <= amount <= bounds.YEN_MAX:
            problems.append(Problem("budgets", str(bounds.YEN_MESSAGE)))
        else:
            changes[fy] = amount
    if not changes and not problems:
        problems.append(Problem("budgets", _("少なくとも1年度の金額を入力してください。")))
    if problems:
        raise Invalid(_("予算を変更できません。次の点を確認してください。"), problems=problems, code="invalid_budgets")
    before = {b.fiscal_year: b.amount for b in award.budgets.all()}
    after = {**before, **changes}
    after = {fy: a for fy, a in after.items() if a}
    if not after:
        raise Invalid(
            _("予算を変更できません。次の点を確認してください。"),
            problems=[Problem("budgets", _("少なくとも1年度に金額を残してください。"))],
            code="invalid_budgets",
        )
    award.budgets.all().delete()
    AwardBudget.objects.bulk_create(
        [AwardBudget(award=award, fiscal_year=fy, amount=a) for fy, a in sorted(after.items())]
    )
    award.amount_total = sum(after.values())
    award.save(update_fields=["amount_total"])
    change = ", ".join(
        f"{fy}: {_yen(before.get(fy, 0))} → {_yen(after.get(fy, 0))}"
        for fy in sorted(set(before) | set(after))
        if before.get(fy, 0) != after.get(fy, 0)
    )
    _award_event(award, actor=actor, action="revise_budget", from_status=award.status, note=f"{change}\n{note}".strip())
    award_budgets_changed.send(sender=Award, award=award, actor=actor, note=note)
    return award


@transaction.atomic
def award_change_end_date(*, award_id: int, ends_on: dt.date, actor, note: str = "") -> Award:
    """Move the end of a running award (officer in scope) and regenerate its pending reports only."""
    award = _lock_award(award_id)
    require_officer(actor, award, _("終了日の変更"))
    if award.status != AwardStatus.ACTIVE:
        raise Refused(
            _("実施中の課題だけ終了日を変更できます（現在: %(status)s）。")
            % {"status": AwardStatus(award.status).label},
            code="illegal_transition",
        )
    if ends_on <= award.starts_on:
        raise Invalid(
            _("終了日は開始日（%(start)s）より後の日付にしてください。") % {"start": award.starts_on.isoformat()},
            problems=[Problem("ends_on", _("開始日より後の日付を入力してください。"))],
            code="invalid_end_date",
        )
    latest = bounds.latest_end(award.starts_on)
    if ends_on > latest:
        raise Invalid(
            _("実施期間は最長%(months)sか月です。終了日は%(latest)sまでにしてください。")
            % {"months": bounds.MONTHS_MAX, "latest": latest.isoformat()},
            problems=[
                Problem("ends_on", _("%(latest)sまでの日付を入力してください。") % {"latest": latest.isoformat()})
            ],
            code="invalid_end_date",
        )
    before = award.ends_on
    award.ends_on = ends_on
    award.save(update_fields=["ends_on"])
    created, moved, removed = _schedule_reports(award, stage_code=award.application.call.stage.code)
    summary = _("終了日 %(before)s → %(after)s（報告: 追加%(c)s件・期限変更%(m)s件・削除%(r)s件）") % {
        "before": before.isoformat(),
        "after": ends_on.isoformat(),
        "c": created,
        "m": moved,
        "r": removed,
    }
    _award_event(
        award, actor=actor, action="change_end_date", from_status=award.status, note=f"{summary}\n{note}".strip()
    )
    return award


def _lock_report(report_id: int) -> ProgressReport:
    try:
        report = ProgressReport.objects.select_for_update(of=("self",)).select_related("award").get(pk=report_id)
    except ProgressReport.DoesNotExist:
        raise NotFound(_("報告が見つかりません。")) from None
    return report


@transaction.atomic
def report_update_body(*, report_id: int, actor, body: str) -> ProgressReport:
    """Save the holder's draft text of a report that is still open (pending or revision requested)."""
    report = _lock_report(report_id)
    if not actor_may(actor, report.award, Actor.HOLDER):
        raise Forbidden(_("この報告を編集する権限がありません。"))
    if report.status not in OPEN_REPORT_STATES:
        raise Refused(
            _("提出済みの報告は編集できません（現在: %(status)s）。") % {"status": ReportStatus(report.status).label},
            code="frozen",
        )
    report.body = body
    report.save(update_fields=["body"])
    return report


@transaction.atomic
def report_transition(*, report_id: int, action: str, actor, note: str = "", body: str | None = None) -> ProgressReport:
    """Run one row of `REPORT_WORKFLOW` (submit by the holder; accept / request_revision by an officer).

    A submit may carry the final `body` text; an empty report cannot be submitted
    (guard `report_has_content`). On accept and on a revision request the holder is
    notified (`awards.receivers`).
    """
    return REPORT_WORKFLOW.run(pk=report_id, action=action, actor=actor, note=note, body=body)


def report_has_content(report, *, body=None, **_context) -> list[Problem]:
    """Guard of `submit`: some text (the submitted `body` or the saved one) or an attachment."""
    text = body if body is not None else report.body
    if text.strip() or report.attachments.exists():
        return []
    return [Problem("body", _("報告の本文を入力するか、ファイルを添付してから提出してください。"), "empty_report")]


def report_notify_holder(report: ProgressReport, event: ReportEvent) -> None:
    """Tell the holder their report was accepted or needs a revision (one notification per event),
    in their language: the report's kind by label, the fiscal year in 令和 (FY in English), a full link."""
    award = report.award
    holder = award.holder
    language = getattr(holder, "preferred_language", "ja") or "ja"
    with translation.override(language):
        kind_label = str(report.get_kind_display())
    year = report.fiscal_year
    fiscal_year = "" if year is None else (f"FY{year}" if language == "en" else reiwa_label(year))
    notify(
        recipient=holder,
        kind=f"report_{event.action}",
        context={
            "name": holder.display_name or holder.username,
            "award": award.award_number,
            "report_kind": kind_label,
            "fiscal_year": fiscal_year,
            "note": event.note,
            "link": f"/awards/reports/{report.pk}/",
        },
        dedup_key=f"report_{event.action}:{report.pk}:{event.pk}",
        link=f"/awards/reports/{report.pk}/",
    )


@transaction.atomic
def report_attachment_add(*, report_id: int, actor, uploaded):
    """Attach a file to an open report (holder only). Type is sniffed from the bytes, the name cleaned."""
    from django.core.files import File

    from applications.attachments import check_upload, sanitize_filename

    from .models import ReportAttachment

    report = _lock_report(report_id)
    if not actor_may(actor, report.award, Actor.HOLDER):
        raise Forbidden(_("この報告にファイルを添付する権限がありません。"))
    if report.status not in OPEN_REPORT_STATES:
        raise Refused(_("提出済みの報告にはファイルを添付できません。"), code="frozen")
    checked = check_upload(uploaded)
    name = sanitize_filename(getattr(uploaded, "name", "") or "file", checked.content_type)
    attachment = ReportAttachment(
        report=report,
        original_name=name,
        size=checked.size,
        sha256=checked.sha256,
        content_type=checked.content_type,
        uploaded_by=actor,
    )
    attachment.file.save(name, File(checked.file), save=False)
    attachment.save()
    ReportEvent.objects.create(
        report=report, actor=actor, action="attach", from_status=report.status, to_status=report.status, note=name
    )
    return attachment
