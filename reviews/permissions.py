"""Access decisions of the review app: what a reviewer may read, who runs the officer's review pages."""

from django.db.models import Q

from applications.models import Status

from .models import Assignment, AssignmentStatus, ConflictOfInterest

# Assignments that let a reviewer read the application.
REVIEWER_VISIBLE_ASSIGNMENT_STATUSES = (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED, AssignmentStatus.COMPLETED)


def reviewer_visibility_q(user) -> Q:
    """Applications `user` reviews: a live assignment, never a draft, never one they have a conflict with.

    Registered with `applications.permissions.register_visibility` in `ReviewsConfig.ready()`.
    """
    assigned = Assignment.objects.filter(reviewer=user, status__in=REVIEWER_VISIBLE_ASSIGNMENT_STATUSES).values(
        "application_id"
    )
    conflicted = ConflictOfInterest.objects.filter(reviewer=user).values("application_id")
    return Q(pk__in=assigned) & ~Q(status=Status.DRAFT) & ~Q(pk__in=conflicted)


def is_review_staff(user) -> bool:
    """Officers and directors use the assignment board, the ranking and the decisions."""
    return bool(user.is_authenticated and (user.is_director or user.is_officer))


def sees_officer_comments(user, review) -> bool:
    """The comment to officers is for the reviewer who wrote it and the officers."""
    return review.assignment.reviewer_id == user.pk or is_review_staff(user)
