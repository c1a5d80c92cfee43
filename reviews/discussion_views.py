"""Pages of the discussion after the reviews are in: the thread, the meta-review, revising a review, the chair."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.identity import shown_to
from sangaku.web_errors import refusal

from . import discussion
from .forms import ChairForm, DiscussionPostForm, MetaReviewForm, ReviewForm
from .models import Review, ReviewStatus
from .scoresheet import REVIEWABLE_APPLICATION_STATES
from .selectors import calls_for_officer, reviews_for_user


def _context(request, application, *, post_form=None, meta_form=None):
    user = request.user
    chair_id = discussion.chair_of(application)
    staff = discussion.is_staff_for(user, application)
    own = Review.objects.filter(
        assignment__application=application, assignment__reviewer=user, status=ReviewStatus.SUBMITTED
    ).first()
    shown = shown_to(user, application)  # reviewers read each other as 審査委員N, officers by name
    reviews = discussion.discussion_reviews(user, application)
    for review in reviews:
        review.shown_reviewer = shown.name(review.assignment.reviewer)
    posts = list(discussion.discussion_posts(application))
    for post in posts:
        post.shown_author = shown.name(post.author)
    meta_review = discussion.latest_meta_review(application)
    if meta_review is not None:
        meta_review.shown_author = shown.name(meta_review.author)
    chair = get_user_model().objects.filter(pk=chair_id).first() if chair_id else None
    context = {
        "application": application,
        "reviews": reviews,
        "posts": posts,
        "meta_review": meta_review,
        "is_chair": chair_id == user.pk,
        "chair": shown.name(chair),
        "open": application.status in REVIEWABLE_APPLICATION_STATES,
        "staff": staff,
        "own_review": own,
        "post_form": post_form or DiscussionPostForm(),
        "meta_form": meta_form or MetaReviewForm(),
    }
    if staff:
        context["chair_form"] = ChairForm(
            initial={"application": application.pk},
            candidates=discussion.chair_candidates(application.call),
            applications=[application],
        )
    return context


@login_required
def page(request, pk):
    """The discussion of one application: the submitted reviews, the thread, the chair's meta-review."""
    with refusal(request):
        application = discussion.discussion_application(request.user, pk)
    return render(request, "reviews/discussion.html", _context(request, application))


@login_required
@require_POST
def post(request, pk):
    with refusal(request):
        application = discussion.discussion_application(request.user, pk)
    form = DiscussionPostForm(request.POST)
    if form.is_valid():
        with refusal(request, form) as refused:
            discussion.discussion_post(
                application_id=application.pk, actor=request.user, body=form.cleaned_data["body"]
            )
        if not refused:
            messages.success(request, _("投稿しました。"))
            return redirect("reviews:discussion", pk=application.pk)
    return render(request, "reviews/discussion.html", _context(request, application, post_form=form), status=400)


@login_required
@require_POST
def meta_review(request, pk):
    with refusal(request):
        application = discussion.discussion_application(request.user, pk)
    form = MetaReviewForm(request.POST)
    if form.is_valid():
        with refusal(request, form) as refused:
            discussion.meta_review_write(
                application_id=application.pk,
                actor=request.user,
                recommendation=form.cleaned_data["recommendation"],
                text=form.cleaned_data["text"],
            )
        if not refused:
            messages.success(request, _("メタレビューを保存しました。"))
            return redirect("reviews:discussion", pk=application.pk)
    return render(request, "reviews/discussion.html", _context(request, application, meta_form=form), status=400)


@login_required
@require_POST
def revise(request, pk):
    """Revise one's submitted review during the discussion (the original is kept)."""
    review = get_object_or_404(
        reviews_for_user(request.user).filter(assignment__reviewer=request.user, status=ReviewStatus.SUBMITTED), pk=pk
    )
    application = review.assignment.application
    rubric = application.call.stage.rubric
    form = ReviewForm(request.POST, criteria=list(rubric.criteria.all()) if rubric else [])
    if form.is_valid() and form.require_complete():
        with refusal(request) as refused:
            discussion.review_revise(
                review_id=review.pk,
                actor=request.user,
                data=form.service_data(),
                note=request.POST.get("revision_note", ""),
            )
        if not refused:
            messages.success(request, _("審査結果を改訂しました（改訂前の内容は記録されています）。"))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("reviews:review", pk=review.pk)


@login_required
@require_POST
def chair(request, call_id):
    """An officer designates the chair of an application or of the whole call."""
    call = get_object_or_404(calls_for_officer(request.user), pk=call_id)
    with refusal(request):
        discussion.chair_designate(
            call_id=call.pk,
            actor=request.user,
            user_id=request.POST.get("user", ""),
            application_id=request.POST.get("application") or None,
        )
        messages.success(request, _("取りまとめ役を指名しました。"))
    application_id = request.POST.get("application", "")
    if application_id.isdigit() and call.applications.filter(pk=application_id).exists():
        return redirect("reviews:discussion", pk=int(application_id))
    return redirect("reviews:board", call_id=call.pk)
