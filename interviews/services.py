"""Writes of the interviews app: lock, check, change, leave an event. The one import place for callers."""

import datetime as dt
import statistics

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, Status
from applications.permissions import is_officer_for
from applications.services import application_transition
from notifications.services import notify
from programs.fiscal import JST
from programs.models import Call
from reviews.conflicts import refuse_if_conflicted
from reviews.scoring import weighted_score
from reviews.selectors import calls_for_officer, reviewer_pool
from sangaku import bounds
from sangaku.errors import NotFound, Refused, invalid

from .models import MEETING_URL_MAX, PLACE_MAX, Interview, InterviewEvent, InterviewSlot, InterviewStatus, PanelMember
from .selectors import conflicted_reviewer_ids
from .workflow import INTERVIEW_WORKFLOW

SLOT_MAX_MINUTES = 8 * 60  # one interview lasts at most a working day


def _officer_call(call_id: int, actor) -> Call:
    call = calls_for_officer(actor).filter(pk=call_id).first()
    if call is None:
        raise NotFound(_("公募が見つかりません。"))
    if not call.stage.uses_interviews:
        raise Refused(_("この公募の段階では面接審査を行いません。"), code="no_interviews")
    return call


def _slot_problems(day, start, end, place: str, meeting_url: str) -> dict:
    errors = {}
    if day is None:
        errors["date"] = _("日付を入力してください。")
    elif not bounds.DATE_MIN <= day <= bounds.DATE_MAX:
        errors["date"] = str(bounds.DATE_MESSAGE)
    if start is None:
        errors["start_time"] = _("開始時刻を入力してください。")
    if end is None:
        errors["end_time"] = _("終了時刻を入力してください。")
    if start is not None and end is not None:
        minutes = (dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, start)).total_seconds() / 60
        if minutes <= 0:
            errors["end_time"] = _("終了時刻は開始時刻より後にしてください。")
        elif minutes > SLOT_MAX_MINUTES:
            errors["end_time"] = _("1枠は%(hours)s時間以内にしてください。") % {"hours": SLOT_MAX_MINUTES // 60}
    if not place.strip() and not meeting_url.strip():
        errors["place"] = _("場所またはオンライン会議のURLのどちらかを入力してください。")
    if len(place) > PLACE_MAX:
        errors["place"] = _("%(n)s文字以内で入力してください。") % {"n": PLACE_MAX}
    if meeting_url.strip():
        from django.core.validators import URLValidator

        try:
            URLValidator(schemes=["https", "http"])(meeting_url.strip())
        except Exception:
            errors["meeting_url"] = _("https:// で始まるURLを入力してください。")
        if len(meeting_url) > MEETING_URL_MAX:
            errors["meeting_url"] = _("%(n)s文字以内で入力してください。") % {"n": MEETING_URL_MAX}
    return errors


@transaction.atomic
def slot_create(*, call_id: int, actor, date, start_time, end_time, place: str = "", meeting_url: str = "", now=None):
    """An officer offers a time for interviews of the call (JST), in person or online.

    `now` is when the slot is judged to be offered (the demo replays past interviews); by default, now."""
    call = _officer_call(call_id, actor)
    place, meeting_url = (place or "").strip(), (meeting_url or "").strip()
    errors = _slot_problems(date, start_time, end_time, place, meeting_url)
    if errors:
        raise invalid(errors)
    starts_at = dt.datetime.combine(date, start_time, tzinfo=JST)
    ends_at = dt.datetime.combine(date, end_time, tzinfo=JST)
    if starts_at <= (now or timezone.now()):
        raise invalid({"date": _("これから先の日時を指定してください。")})
    return InterviewSlot.objects.create(
        call=call, starts_at=starts_at, ends_at=ends_at, place=place, meeting_url=meeting_url, created_by=actor
    )


def _free_slot(call, slot_id, *, keep: Interview | None = None, now=None) -> InterviewSlot:
    slot = InterviewSlot.objects.select_for_update().filter(pk=slot_id, call=call).first()
    if slot is None:
        raise invalid({"slot": _("この公募の面接枠を選んでください。")})
    taken = Interview.objects.filter(slot=slot).exclude(status=InterviewStatus.CANCELLED)
    if keep is not None:
        taken = taken.exclude(pk=keep.pk)
    if taken.exists():
        raise invalid({"slot": _("この面接枠には既に別の申請が入っています。空いている枠を選んでください。")})
    if slot.starts_at <= (now or timezone.now()):
        raise invalid({"slot": _("開始時刻を過ぎた面接枠は提示できません。")})
    return slot


def _notify_offer(interview: Interview) -> None:
    application, slot = interview.application, interview.slot
    link = f"/applications/{application.pk}/"
    notify(
        recipient=application.applicant,
        kind="interview_offered",
        dedup_key=f"interview:{interview.pk}:offer:{slot.pk}",
        context={
            "name": str(application.applicant),
            "application": application.title,
            "when": _slot_text(slot),
            "place": slot.place,
            "meeting_url": slot.meeting_url,
            "link": link,
        },
        link=link,
    )


def _slot_text(slot) -> str:
    start, end = timezone.localtime(slot.starts_at, JST), timezone.localtime(slot.ends_at, JST)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} JST"


@transaction.atomic
def interview_invite(*, application_id: int, slot_id: int, actor, now=None) -> Interview:
    """Invite a shortlisted application to an interview in a free slot of its call.

    An application still in document review moves to 面接審査 through the workflow (`invite_interview`).
    """
    application = (
        Application.objects.select_for_update(of=("self",)).select_related("call__stage").filter(pk=application_id)
    ).first()
    if application is None or not is_officer_for(actor, application):
        raise NotFound(_("申請が見つかりません。"))
    call = _officer_call(application.call_id, actor)
    if Interview.objects.filter(application=application).exists():
        raise Refused(_("この申請には既に面接審査があります。日程を変える場合は別の日程を提示してください。"))
    if application.status not in (Status.IN_REVIEW, Status.INTERVIEW):
        raise Refused(
            _("状態が「%(status)s」の申請は面接審査に招へいできません。")
            % {"status": Status(application.status).label},
            code="illegal_transition",
        )
    slot = _free_slot(call, slot_id, now=now)
    if application.status == Status.IN_REVIEW:
        application_transition(application_id=application.pk, action="invite_interview", actor=actor)
    try:
        with transaction.atomic():
            interview = Interview.objects.create(application=application, slot=slot, invited_by=actor)
    except IntegrityError as exc:  # a concurrent invitation took the slot or the application
        raise Refused(_("同時に別の操作が行われました。画面を更新してやり直してください。")) from exc
    InterviewEvent.objects.create(
        interview=interview, actor=actor, action="invite", from_status="", to_status=InterviewStatus.OFFERED
    )
    interview.application = application
    _notify_offer(interview)
    return interview


@transaction.atomic
def interview_action(*, interview_id: int, action: str, actor, note: str = "", slot_id: int | None = None) -> Interview:
    """Run one row of the interview table; `reoffer` takes the new slot (a free slot of the same call)."""
    params = {}
    if action == "reoffer":
        interview = Interview.objects.select_related("application__call").filter(pk=interview_id).first()
        if interview is None:
            raise NotFound(_("面接審査が見つかりません。"))
        if not slot_id:
            raise invalid({"slot": _("提示する面接枠を選んでください。")})
        params["slot"] = _free_slot(interview.application.call, slot_id, keep=interview)
    interview = INTERVIEW_WORKFLOW.run(pk=interview_id, action=action, actor=actor, note=note, **params)
    if action == "reoffer":
        _notify_offer(interview)
    elif action == "request_change":
        inviter = interview.invited_by
        link = f"/review/calls/{interview.application.call_id}/interviews/"
        notify(
            recipient=inviter,
            kind="interview_change_requested",
            dedup_key=f"interview:{interview.pk}:change:{interview.events.latest('id').pk}",
            context={
                "name": str(inviter),
                "application": interview.application.title,
                "number": interview.application.receipt_number,
                "note": note,
                "link": link,
            },
            link=link,
        )
    return interview


@transaction.atomic
def panel_add(*, interview_id: int, reviewer_id: int, actor) -> PanelMember:
    """Seat a reviewer of the call's pool on the panel. A conflicted reviewer is never seated (hard exclusion)."""
    interview = (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__call__stage")
        .filter(pk=interview_id)
        .first()
    )
    if interview is None or not is_officer_for(actor, interview.application):
        raise NotFound(_("面接審査が見つかりません。"))
    if interview.status in (InterviewStatus.SCORED, InterviewStatus.CANCELLED):
        raise Refused(
            _("状態が「%(status)s」の面接審査には審査委員を追加できません。")
            % {"status": InterviewStatus(interview.status).label}
        )
    application = interview.application
    profile = reviewer_pool(application.call).filter(user_id=reviewer_id).first()
    if profile is None:
        raise invalid({"reviewer": _("この公募の審査委員名簿にない人は面接審査委員にできません。")})
    refuse_if_conflicted(application_id=application.pk, person=profile.user, field="reviewer", seat=_("面接審査委員"))
    if PanelMember.objects.filter(interview=interview, reviewer_id=reviewer_id).exists():
        raise invalid({"reviewer": _("この審査委員は既にこの面接審査の審査委員です。")})
    member = PanelMember.objects.create(interview=interview, reviewer=profile.user, added_by=actor)
    InterviewEvent.objects.create(
        interview=interview,
        actor=actor,
        action="panel_add",
        from_status=interview.status,
        to_status=interview.status,
        note=str(profile.user),
    )
    link = f"/interviews/{interview.pk}/score/"
    notify(
        recipient=profile.user,
        kind="interview_panel",
        dedup_key=f"interview:{interview.pk}:panel:{profile.user_id}",
        context={
            "name": str(profile.user),
            "application": application.title,
            "number": application.receipt_number,
            "when": _slot_text(interview.slot),
            "link": link,
        },
        link=link,
    )
    return member


def _validate_scores(scores, criteria) -> dict:
    if not isinstance(scores, dict):
        raise invalid({"scores": _("観点ごとの評点を入力してください。")})
    errors, clean = {}, {}
    codes = {c.code for c in criteria}
    unknown = sorted(set(scores) - codes)
    if unknown:
        errors["scores"] = _("評価基準にない観点があります: %(codes)s") % {"codes": ", ".join(map(str, unknown))}
    for c in criteria:
        value = scores.get(c.code)
        if value in (None, ""):
            errors[f"scores.{c.code}"] = _("「%(label)s」の評点を入力してください。") % {"label": c.label}
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or str(number) != str(value).strip() or not c.scale_min <= number <= c.scale_max:
            errors[f"scores.{c.code}"] = _("「%(label)s」は%(lo)s〜%(hi)sの整数で入力してください。") % {
                "label": c.label,
                "lo": c.scale_min,
                "hi": c.scale_max,
            }
            continue
        clean[c.code] = number
    if errors:
        raise invalid(errors)
    return clean


@transaction.atomic
def panel_score(*, interview_id: int, actor, scores: dict, comment: str = "") -> PanelMember:
    """A panelist scores a held interview on the stage's interview rubric; the scores are then locked.

    When every panelist has scored, the interview is complete (`complete`, a system row)."""
    member = (
        PanelMember.objects.select_for_update(of=("self",))
        .select_related("interview__application__call__stage__interview_rubric")
        .filter(interview_id=interview_id, reviewer=actor)
        .first()
    )
    if member is None or actor.pk in conflicted_reviewer_ids(member.interview.application, [actor.pk]):
        raise NotFound(_("面接審査が見つかりません。"))
    interview = member.interview
    if member.scored_at is not None:
        raise Refused(_("採点は提出済みです。提出した評点は変更できません。"), code="frozen")
    if interview.status != InterviewStatus.HELD:
        raise Refused(
            _("面接の実施後（状態「実施済み」）に採点してください。現在の状態: %(status)s")
            % {"status": InterviewStatus(interview.status).label},
            code="illegal_transition",
        )
    rubric = interview.application.call.stage.interview_rubric
    if rubric is None:
        raise Refused(_("この段階には面接審査の評価基準が設定されていません。担当者に連絡してください。"))
    comment = (comment or "").strip()
    if len(comment) > bounds.COMMENT_MAX:
        raise invalid({"comment": _("%(n)s文字以内で入力してください。") % {"n": f"{bounds.COMMENT_MAX:,}"}})
    criteria = list(rubric.criteria.all())
    member.scores = _validate_scores(scores, criteria)
    member.weighted_score = weighted_score(member.scores, criteria)
    member.comment = comment
    member.scored_at = timezone.now()
    member.save(update_fields=["scores", "weighted_score", "comment", "scored_at"])
    InterviewEvent.objects.create(
        interview=interview, actor=actor, action="score", from_status=interview.status, to_status=interview.status
    )
    if not PanelMember.objects.filter(interview=interview, scored_at__isnull=True).exists():
        INTERVIEW_WORKFLOW.run(pk=interview.pk, action="complete", actor=actor, system=True)
    return member


def interview_score(interview) -> float | None:
    """The interview's score: the mean of its panelists' weighted scores (None before the first)."""
    values = [m.weighted_score for m in interview.panel.all() if m.weighted_score is not None]
    return round(statistics.fmean(values), 3) if values else None
