"""Pages: the reviewer's workspace and scoring form, the officer's assignment board and ranking,
and the applicant's anonymised review comments. Views fetch through selectors, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.models import Application, Status, TeamMember
from applications.selectors import applications_for_user
from applications.services import application_transition
from applications.workflow import APPLICATION_WORKFLOW, TRANSITIONS
from programs.consequences import consequence_text
from sangaku.confirm import confirmation_page, confirmed
from sangaku.nplusone import repeated_on_purpose
from sangaku.web_errors import refusal

from . import services
from .discussion import chair_candidates
from .forms import BatchDecideForm, ChairForm, ConflictForm, DecideForm, DeclineForm, ManualAssignForm, ReviewForm
from .models import Assignment, AssignmentStatus, ConflictOfInterest, Review, ReviewStatus
from .permissions import is_review_staff
from .preview import preview_rows
from .ranking_store import ranking_page
from .replacements import holes_of
from .scoresheet import REVIEWABLE_APPLICATION_STATES
from .scoring import disagreement_threshold
from .selectors import (
    applicant_review_comments,
    applications_for_officer,
    assignments_for_user,
    calls_for_officer,
    calls_open_for_bidding,
    reviewer_pool,
    reviews_for_user,
)

FINISHED_SHOWN = 20  # the reviewer home shows the latest finished reviews; the rest are one link away
SECTION_LIMIT = 50


def _time_left(due_at, now) -> str:
    seconds = (due_at - now).total_seconds()
    if seconds < 0:
        return _("期限超過（%(days)s日）") % {"days": int(-seconds // 86400) + 1}
    days, hours = int(seconds // 86400), int(seconds % 86400 // 3600)
    return (
        _("あと%(days)s日%(hours)s時間") % {"days": days, "hours": hours}
        if days
        else _("あと%(hours)s時間") % {"hours": hours}
    )


@login_required
def workspace(request):
    """審査委員のホーム: open invitations, bids due, reviews due (JST, time left), discussions waiting and
    finished work. Every section is bounded, so the page costs the same few queries for any workload."""
    from django.core.paginator import Paginator
    from django.utils import timezone

    from .external import pending_declaration
    from .home import discussions_waiting

    invitation = pending_declaration(request.user)
    if invitation is not None:  # an external reviewer declares conflicts before anything else is shown
        return redirect("reviews:external_declare", pk=invitation.pk)
    mine = assignments_for_user(request.user).filter(reviewer=request.user)
    if request.GET.get("finished") == "all":
        finished = mine.filter(status=AssignmentStatus.COMPLETED).order_by("-review__submitted_at", "-id")
        page = Paginator(finished, 50).get_page(request.GET.get("page"))
        return render(request, "reviews/finished.html", {"page_obj": page, "query": "finished=all"})
    now = timezone.now()
    open_ = list(
        mine.filter(status__in=(AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED))
        .select_related("application__applicant", "application__institution")
        .prefetch_related(
            Prefetch("application__members", queryset=TeamMember.objects.select_related("institution").order_by("id"))
        )
        .order_by("due_at", "id")[: 2 * SECTION_LIMIT]
    )
    invited = [a for a in open_ if a.status == AssignmentStatus.INVITED][:SECTION_LIMIT]
    due = [a for a in open_ if a.status == AssignmentStatus.ACCEPTED][:SECTION_LIMIT]
    for a in due:
        a.time_left = _time_left(a.due_at, now)
        a.overdue = a.due_at < now
    finished = list(
        mine.filter(status=AssignmentStatus.COMPLETED).order_by("-review__submitted_at", "-id")[: FINISHED_SHOWN + 1]
    )
    declined = list(mine.filter(status=AssignmentStatus.DECLINED).order_by("-responded_at", "-id")[:FINISHED_SHOWN])
    return render(
        request,
        "reviews/workspace.html",
        {
            "invited": invited,
            "due": due,
            "done": finished[:FINISHED_SHOWN],
            "more_done": len(finished) > FINISHED_SHOWN,
            "declined": declined,
            "decline_form": DeclineForm(),
            "bidding": list(calls_open_for_bidding(request.user)[:SECTION_LIMIT]),
            "discussions": discussions_waiting(request.user),
        },
    )


def _own_assignment(request, pk) -> Assignment:
    return get_object_or_404(assignments_for_user(request.user).filter(reviewer=request.user), pk=pk)


@login_required
@require_POST
def assignment_accept(request, pk):
    assignment = _own_assignment(request, pk)
    with refusal(request) as refused:
        services.assignment_accept(assignment_id=assignment.pk, actor=request.user)
    if refused:
        return redirect("reviews:workspace")
    messages.success(request, _("審査を受諾しました。評価を入力してください。"))
    return redirect("reviews:review", pk=Review.objects.get(assignment_id=assignment.pk).pk)


@login_required
@require_POST
def assignment_decline(request, pk):
    assignment = _own_assignment(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        if not confirmed(request):
            return confirmation_page(
                request,
                consequence=consequence_text("assignment", "decline"),
                subject=f"{assignment.application} — {form.cleaned_data['has_conflict_label']}",
                action_label=_("審査の辞退"),
                back_url=reverse("reviews:workspace"),
            )
        with refusal(request):
            services.assignment_decline(
                assignment_id=assignment.pk,
                actor=request.user,
                conflict_kind=form.cleaned_data["conflict_kind"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("辞退しました。"))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("reviews:workspace")


@login_required
def review_form(request, pk):
    """Scoring form showing the rubric; 「一時保存」 autosaves the draft, 「提出」 validates and locks."""
    review = get_object_or_404(reviews_for_user(request.user).filter(assignment__reviewer=request.user), pk=pk)
    application = get_object_or_404(applications_for_user(request.user), pk=review.assignment.application_id)
    rubric = application.call.stage.rubric
    criteria = list(rubric.criteria.all()) if rubric else []
    initial = {f"score_{code}": str(v) for code, v in review.scores.items()}
    initial.update({f"comment_{code}": text for code, text in review.comments.items()})
    initial.update(
        comment_to_applicant=review.comment_to_applicant,
        comment_to_officer=review.comment_to_officer,
        recommendation=review.recommendation,
    )
    form = ReviewForm(request.POST or None, initial=initial, criteria=criteria)
    if request.method == "POST" and form.is_valid() and ("submit" not in request.POST or form.require_complete()):
        # Save and submit: all or nothing, two steps that each lock the review and its application.
        with refusal(request) as refused, transaction.atomic(), repeated_on_purpose():
            services.review_save_draft(review_id=review.pk, actor=request.user, data=form.service_data())
            if "submit" in request.POST:
                services.review_submit(review_id=review.pk, actor=request.user)
        if not refused:
            messages.success(
                request, _("審査結果を提出しました。") if "submit" in request.POST else _("一時保存しました。")
            )
            return redirect("reviews:review", pk=review.pk)
    others = []
    if review.status == ReviewStatus.SUBMITTED:
        others = list(
            reviews_for_user(request.user)
            .filter(assignment__application=application, status=ReviewStatus.SUBMITTED)
            .exclude(pk=review.pk)
            .order_by("submitted_at", "id")
        )
    return render(
        request,
        "reviews/review_form.html",
        {
            "review": review,
            "application": application,
            "criteria": criteria,
            "form": form,
            "locked": review.status != ReviewStatus.DRAFT,
            # Accepted before document review opened (or after the decision): say so instead of a form that cannot save.
            "waiting": review.status == ReviewStatus.DRAFT and application.status not in REVIEWABLE_APPLICATION_STATES,
            "others": others,
            "revisions": list(review.revisions.all()) if review.status == ReviewStatus.SUBMITTED else [],
            "revisable": review.status == ReviewStatus.SUBMITTED
            and application.status in REVIEWABLE_APPLICATION_STATES,
        },
    )


@login_required
def officer_calls(request):
    calls = calls_for_officer(request.user)
    if not is_review_staff(request.user):
        raise Http404
    calls = calls.annotate(
        received=Count("applications", filter=~Q(applications__status=Status.DRAFT), distinct=True),
        assigned=Count(
            "applications__assignments",
            filter=Q(
                applications__assignments__status__in=(
                    AssignmentStatus.INVITED,
                    AssignmentStatus.ACCEPTED,
                    AssignmentStatus.COMPLETED,
                )
            ),
            distinct=True,
        ),
    ).filter(received__gt=0)
    return render(request, "reviews/calls.html", {"calls": calls})


def _board_context(request, call, *, preview=None, assign_form=None, conflict_form=None):
    applications = list(
        applications_for_officer(request.user)
        .filter(call=call)
        .exclude(status=Status.DRAFT)
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("reviewer", "review").order_by("id")),
            Prefetch("conflicts", queryset=ConflictOfInterest.objects.select_related("reviewer").order_by("id")),
        )
        .order_by("id")
    )
    live = [a for a in applications if a.status in services.ASSIGNABLE_STATUSES]
    for app in applications:
        app.holes = holes_of(app)
    pool = list(reviewer_pool(call))
    return {
        "call": call,
        "applications": applications,
        "pool": pool,
        "k": call.stage.reviewers_per_application,
        "preview": preview,
        "assign_form": assign_form or ManualAssignForm(applications=live, reviewers=pool),
        "conflict_form": conflict_form or ConflictForm(applications=live, reviewers=pool),
        "decide_form": DecideForm(),
        "chair_form": ChairForm(candidates=chair_candidates(call), applications=applications),
    }


def _officer_call(request, call_id):
    return get_object_or_404(calls_for_officer(request.user), pk=call_id)


@login_required
def board(request, call_id):
    """Assignment board of a call: who reviews what, conflicts, manual assignment, auto-assign preview."""
    call = _officer_call(request, call_id)
    preview = None
    if request.GET.get("preview"):
        preview = services.reviewers_auto_assign(call_id=call.pk, actor=request.user, dry_run=True)
        preview.rows = preview_rows(call, preview)
    return render(request, "reviews/board.html", _board_context(request, call, preview=preview))


@login_required
@require_POST
def board_auto_assign(request, call_id):
    call = _officer_call(request, call_id)
    result = services.reviewers_auto_assign(call_id=call.pk, actor=request.user)
    messages.success(
        request, _("%(n)s件の審査割当を保存し、審査委員に依頼を送りました。") % {"n": len(result.assignments)}
    )
    for item in result.unfilled:
        messages.warning(request, f"{item['application'].receipt_number}: {item['reason']}")
    return redirect("reviews:board", call_id=call.pk)


@login_required
@require_POST
def board_assign(request, call_id):
    call = _officer_call(request, call_id)
    context = _board_context(request, call)
    form = ManualAssignForm(request.POST, applications=_live(context), reviewers=context["pool"])
    if form.is_valid():
        reviewer = next(p.user for p in context["pool"] if p.user_id == form.cleaned_data["reviewer"])
        with refusal(request):
            services.assignment_create(
                application_id=form.cleaned_data["application"], reviewer=reviewer, actor=request.user
            )
            messages.success(request, _("審査委員を割り当てました。"))
    else:
        messages.error(request, _("申請と審査委員を選んでください。"))
    return redirect("reviews:board", call_id=call.pk)


def _live(context):
    return [a for a in context["applications"] if a.status in services.ASSIGNABLE_STATUSES]


@login_required
@require_POST
def board_conflict(request, call_id):
    call = _officer_call(request, call_id)
    context = _board_context(request, call)
    form = ConflictForm(request.POST, applications=_live(context), reviewers=context["pool"])
    if form.is_valid():
        reviewer = next(p.user for p in context["pool"] if p.user_id == form.cleaned_data["reviewer"])
        with refusal(request):
            services.conflict_record_by_officer(
                reviewer=reviewer,
                application_id=form.cleaned_data["application"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
            messages.success(request, _("利害関係を登録しました。該当する審査割当は取り消されます。"))
    else:
        messages.error(request, _("申請・審査委員・種類を選んでください。"))
    return redirect("reviews:board", call_id=call.pk)


@login_required
def ranking(request, call_id):
    """Ranking table: raw and calibrated scores, disagreement flags, decide buttons."""
    call = _officer_call(request, call_id)
    page = ranking_page(call, request.GET.get("page"))
    return render(
        request,
        "reviews/ranking.html",
        {
            "call": call,
            "rows": page.object_list,
            "page": page,
            "decide_form": DecideForm(),
            "batch_form": BatchDecideForm(),
            "threshold": disagreement_threshold(),
        },
    )


@login_required
@require_POST
def decide(request, pk):
    """Run a review-side workflow action (start_review, invite_interview, accept, reject) from the officer pages."""
    application = get_object_or_404(applications_for_officer(request.user), pk=pk)
    form = DecideForm(request.POST)
    back = request.POST.get("next") or "reviews:ranking"
    if form.is_valid() and not _short_decision_refused(request, application, form):
        action = form.cleaned_data["action"]
        consequence = consequence_text("application", action)
        if consequence and not confirmed(request):
            # Ask only for what would be allowed: who, state and guards are checked first (nothing is written).
            APPLICATION_WORKFLOW.check(
                application,
                action,
                request.user,
                note=form.cleaned_data["note"],
                override=form.cleaned_data["override"],
            )
            return confirmation_page(
                request,
                consequence=consequence,
                subject=str(application),
                action_label=TRANSITIONS[action].label,
                back_url=_decide_back_url(back, application),
            )
        with refusal(request, prefix=f"{application.receipt_number}: "):
            application_transition(
                application_id=application.pk,
                action=form.cleaned_data["action"],
                actor=request.user,
                note=form.cleaned_data["note"],
                override=form.cleaned_data["override"],
            )
            messages.success(
                request,
                _("%(number)s: 「%(action)s」を実行しました。")
                % {"number": application.receipt_number, "action": TRANSITIONS[form.cleaned_data["action"]].label},
            )
    return redirect(_decide_back_url(back, application))


def _decide_back_url(back: str, application) -> str:
    if back == "board":
        return reverse("reviews:board", args=[application.call_id])
    if back == "sheet":
        return reverse("reviews:sheet", args=[application.pk])
    return reverse("reviews:ranking", args=[application.call_id])


def _short_decision_refused(request, application, form) -> bool:
    """Deciding with fewer counted reviews than the stage requires needs the override and a note."""
    from .sheet import decision_needs_override

    problem = decision_needs_override(
        application, form.cleaned_data["action"], form.cleaned_data["override"], form.cleaned_data["note"]
    )
    if problem:
        messages.error(request, f"{application.receipt_number}: {problem}")
    return bool(problem)


@login_required
def applicant_reviews(request, pk):
    """The applicant's view after the decision: comments to the applicant only, reviewers as 審査委員A/B/C."""
    try:
        application, comments = applicant_review_comments(request.user, pk)
    except Application.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "reviews/applicant_reviews.html", {"application": application, "comments": comments})
