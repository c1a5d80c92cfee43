"""Reads for the reviewer home: the discussions that wait for this reviewer (bounded, one query)."""

from django.db.models import F, Max, Q

from applications.models import Application

from .models import AssignmentStatus, ConflictOfInterest, DiscussionChair, Review, ReviewStatus
from .scoresheet import REVIEWABLE_APPLICATION_STATES

DISCUSSIONS_SHOWN = 20


def discussions_waiting(user) -> list[Application]:
    """Applications under review whose discussion this person is in (submitted reviewer or chair):
    `new_posts` when someone posted after their own last post."""
    submitted = Review.objects.filter(
        assignment__reviewer=user, status=ReviewStatus.SUBMITTED, assignment__status=AssignmentStatus.COMPLETED
    ).values("assignment__application_id")
    chaired = DiscussionChair.objects.filter(user=user)
    chair_apps = chaired.filter(application__isnull=False).values("application_id")
    chair_calls = chaired.filter(application__isnull=True).values("call_id")
    conflicted = ConflictOfInterest.objects.filter(reviewer=user).values("application_id")
    apps = list(
        Application.objects.filter(
            Q(pk__in=submitted) | Q(pk__in=chair_apps) | Q(call_id__in=chair_calls),
            status__in=REVIEWABLE_APPLICATION_STATES,
        )
        .exclude(pk__in=conflicted)
        .annotate(
            last_post=Max("review_discussion_posts__created_at"),
            my_last_post=Max("review_discussion_posts__created_at", filter=Q(review_discussion_posts__author=user)),
            latest_meta_review=Max("meta_reviews__created_at"),
        )
        .order_by(F("last_post").desc(nulls_last=True), "id")[:DISCUSSIONS_SHOWN]
    )
    for app in apps:
        app.new_posts = bool(app.last_post and (app.my_last_post is None or app.last_post > app.my_last_post))
    return apps
