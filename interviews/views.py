"""Pages: the officer's interview page of a call, the applicant's interview card on the application page
(a panel hook), and the panelist's list and scoring page. Views fetch through selectors, call one service."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.models import Status
from reviews.scoring import call_ranking
from sangaku.confirm import confirmation_page, confirmed
from sangaku.errors import Invalid
from sangaku.web_errors import refusal

from . import services
from .consequences import consequence
from .forms import ActionForm, InviteForm, PanelForm, ScoreForm, SlotForm
from .models import InterviewStatus
from .permissions import interview_actor_may
from .ranking import interview_scores
from .selectors import (
    call_interviews,
    call_slots,
    free_slots,
    interview_calls_for_officer,
    interviews_for_user,
    panel_candidates,
    panel_seat,
)
from .workflow import INTERVIEW_WORKFLOW, Actor

INVITABLE = (Status.IN_REVIEW, Status.INTERVIEW)


def _officer_call(request, call_id):
    return get_object_or_404(interview_calls_for_officer(request.user), pk=call_id)


def _call_context(request, call, *, slot_form=None, invite_form=None) -> dict:
    rows = call_ranking(call)
    interviews = list(call_interviews(call))
    invited = {i.application_id for i in interviews}
    free = list(free_slots(call))
    invitable = [
        r["application"] for r in rows if r["application"].status in INVITABLE and r["application"].pk not in invited
    ]
    scores = interview_scores(call)
    for interview in interviews:
        interview.score = scores.get(interview.application_id)
        interview.panel_form = PanelForm(candidates=panel_candidates(interview), prefix=f"p{interview.pk}")
        interview.action_form = ActionForm(slots=free, prefix=f"a{interview.pk}")
        interview.actions = [
            t.action for t in INTERVIEW_WORKFLOW.actions_from(interview.status) if t.who == Actor.OFFICER
        ]
    return {
        "call": call,
        "rows": rows,
        "slots": call_slots(call),
        "interviews": interviews,
        "slot_form": slot_form or SlotForm(),
        "invite_form": invite_form or InviteForm(applications=invitable, slots=free),
        "consequences": {a: consequence(a) for a in ("invite", "hold", "cancel")},
    }


@login_required
def call_page(request, call_id):
    """面接審査: slots, invitations from the ranking, the applicants' answers, panels and scores."""
    call = _officer_call(request, call_id)
    return render(request, "interviews/call.html", _call_context(request, call))


@login_required
@require_POST
def add_slot(request, call_id):
    call = _officer_call(request, call_id)
    form = SlotForm(request.POST)
    if form.is_valid():
        with refusal(request, form) as refused:
            services.slot_create(call_id=call.pk, actor=request.user, **form.cleaned_data)
        if not refused:
            messages.success(request, _("面接枠を追加しました。"))
            return redirect("interviews:call", call_id=call.pk)
    return render(request, "interviews/call.html", _call_context(request, call, slot_form=form), status=400)


@login_required
@require_POST
def invite(request, call_id):
    call = _officer_call(request, call_id)
    context = _call_context(request, call)
    form = InviteForm(
        request.POST, applications=[r["application"] for r in context["rows"]], slots=list(free_slots(call))
    )
    if not form.is_valid():
        context["invite_form"] = form
        return render(request, "interviews/call.html", context, status=400)
    if not confirmed(request):
        return confirmation_page(
            request,
            consequence=consequence("invite"),
            action_label=_("面接審査に招へい"),
            back_url=reverse("interviews:call", args=[call.pk]),
        )
    with refusal(request, form):
        services.interview_invite(
            application_id=form.cleaned_data["application"], slot_id=form.cleaned_data["slot"], actor=request.user
        )
        messages.success(request, _("面接審査に招へいし、申請者に日程を通知しました。"))
    return redirect("interviews:call", call_id=call.pk)


def _back(request, interview) -> str:
    if interview_actor_may(request.user, interview, Actor.OFFICER):
        return reverse("interviews:call", args=[interview.application.call_id])
    return reverse("applications:detail", args=[interview.application_id]) + "#interview"


@login_required
@require_POST
def act(request, pk):
    """Run one row of the interview table (the applicant's confirm / request_change, the officer's others)."""
    interview = get_object_or_404(interviews_for_user(request.user), pk=pk)
    action = request.POST.get("action", "")
    if action not in INTERVIEW_WORKFLOW.table:
        raise Invalid(_("操作を選んでください。"), code="unknown_action")
    form = ActionForm(request.POST, slots=list(free_slots(interview.application.call)), prefix=f"a{interview.pk}")
    if not form.is_valid():
        messages.error(request, "、".join(e for errors in form.errors.values() for e in errors))
        return redirect(_back(request, interview))
    note = form.cleaned_data["note"]
    if consequence(action) and not confirmed(request):
        INTERVIEW_WORKFLOW.check(interview, action, request.user, note=note)
        return confirmation_page(
            request,
            consequence=consequence(action),
            subject=str(interview.application),
            action_label=str(INTERVIEW_WORKFLOW.table[action].label),
            back_url=_back(request, interview),
        )
    with refusal(request, form):
        services.interview_action(
            interview_id=interview.pk,
            action=action,
            actor=request.user,
            note=note,
            slot_id=form.cleaned_data.get("slot"),
        )
        messages.success(
            request, _("「%(action)s」を実行しました。") % {"action": INTERVIEW_WORKFLOW.table[action].label}
        )
    return redirect(_back(request, interview))


@login_required
@require_POST
def add_panelist(request, pk):
    interview = get_object_or_404(interviews_for_user(request.user), pk=pk)
    if not interview_actor_may(request.user, interview, Actor.OFFICER):
        raise Http404
    form = PanelForm(request.POST, candidates=panel_candidates(interview), prefix=f"p{interview.pk}")
    reviewer = request.POST.get(f"p{interview.pk}-reviewer", "")
    reviewer_id = int(reviewer) if re.fullmatch(r"[0-9]{1,9}", reviewer) else 0  # the service refuses 0
    with refusal(request, form):
        services.panel_add(interview_id=interview.pk, reviewer_id=reviewer_id, actor=request.user)
        messages.success(request, _("面接審査委員を追加しました。"))
    return redirect("interviews:call", call_id=interview.application.call_id)


@login_required
def mine(request):
    """The interviews the signed-in reviewer sits on."""
    seats = [
        (interview, panel_seat(interview, request.user))
        for interview in interviews_for_user(request.user).filter(panel__reviewer=request.user).distinct()
    ]
    return render(request, "interviews/mine.html", {"seats": [(i, s) for i, s in seats if s is not None]})


@login_required
def score(request, pk):
    """The panelist's scoring form on the stage's interview rubric (submitted once, then locked)."""
    interview = get_object_or_404(interviews_for_user(request.user), pk=pk)
    seat = panel_seat(interview, request.user)
    if seat is None:
        raise Http404
    rubric = interview.application.call.stage.interview_rubric
    criteria = list(rubric.criteria.all()) if rubric else []
    form = ScoreForm(request.POST or None, criteria=criteria)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            if not confirmed(request):
                return confirmation_page(
                    request,
                    consequence=consequence("score"),
                    subject=str(interview.application),
                    action_label=_("採点を提出"),
                    back_url=reverse("interviews:score", args=[interview.pk]),
                )
            with refusal(request, form) as refused:
                services.panel_score(
                    interview_id=interview.pk,
                    actor=request.user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                )
            if not refused:
                messages.success(request, _("採点を提出しました。"))
                return redirect("interviews:score", pk=interview.pk)
            status = refused.status_code
        else:
            status = 400
    return render(
        request,
        "interviews/score.html",
        {
            "interview": interview,
            "seat": seat,
            "form": form,
            "criteria": criteria,
            "may_score": seat.scored_at is None and interview.status == InterviewStatus.HELD,
            "score_consequence": consequence("score"),
        },
        status=status,
    )


def interview_panel(user, application) -> dict | None:
    """The interview card of the application page (hook of `applications.panels`)."""
    interview = interviews_for_user(user).filter(application=application).first()
    if interview is None:
        return None
    is_applicant = interview_actor_may(user, interview, Actor.APPLICANT)
    return {
        "template": "interviews/_panel.html",
        "interview": interview,
        "is_applicant": is_applicant,
        "may_confirm": is_applicant and interview.status == InterviewStatus.OFFERED,
        "may_request": is_applicant and interview.status in (InterviewStatus.OFFERED, InterviewStatus.CONFIRMED),
        "is_officer": interview_actor_may(user, interview, Actor.OFFICER),
        "confirm_consequence": consequence("confirm"),
    }
