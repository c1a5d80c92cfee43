"""Read queries of the review app, scoped per user. Out of scope means absent (404), never 403."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from applications.models import Application, MembershipStatus, Status
from applications.workflow import APPLICATION_WORKFLOW
from programs.models import Call
from programs.selectors import officer_scope_q

from .models import (
    Assignment,
    AssignmentStatus,
    Bid,
    ConflictOfInterest,
    ConflictSource,
    DiscussionChair,
    Review,
    ReviewerProfile,
    ReviewStatus,
)

# Decisions taken after review (accepted, rejected), read from the table: the applicant then sees the comments.
DECIDED_STATUSES = tuple(
    sorted(t.target for t in APPLICATION_WORKFLOW.transitions if t.decides and Status.IN_REVIEW in t.sources)
)


def _conflicted(reviewer_path: str, application_path: str) -> Exists:
    return Exists(
        ConflictOfInterest.objects.filter(
            reviewer_id=OuterRef(reviewer_path), application_id=OuterRef(application_path)
        )
    )


def _officer_q(user, prefix: str) -> Q:
    return officer_scope_q(user, platform_path=f"{prefix}call__platform", program_path=f"{prefix}call__stage__program")


def calls_for_officer(user) -> QuerySet[Call]:
    """Calls whose review an officer (or director) runs."""
    qs = Call.objects.select_related("stage__program", "stage__rubric", "platform")
    if getattr(user, "is_director", False):
        return qs
    if getattr(user, "is_officer", False):
        return qs.filter(officer_scope_q(user, platform_path="platform", program_path="stage__program"))
    return qs.none()


def applications_for_officer(user) -> QuerySet[Application]:
    qs = Application.objects.select_related("call__stage__rubric", "call__platform", "institution", "applicant")
    if getattr(user, "is_director", False):
        return qs
    if getattr(user, "is_officer", False):
        return qs.filter(_officer_q(user, ""))
    return qs.none()


def assignments_for_user(user) -> QuerySet[Assignment]:
    """Officers: assignments in scope. Reviewers: their own, minus withdrawn and conflicted ones."""
    qs = Assignment.objects.select_related(
        "reviewer", "application__call__stage__rubric", "application__call__platform", "review"
    )
    if not user.is_authenticated:
        return qs.none()
    if user.is_director:
        return qs
    own = (
        Q(reviewer=user)
        & ~Q(status=AssignmentStatus.WITHDRAWN)
        & ~Q(application__status=Status.DRAFT)
        & ~Q(has_conflict=True)
    )
    visible = own
    if user.is_officer:
        visible |= _officer_q(user, "application__")
    return qs.annotate(has_conflict=_conflicted("reviewer_id", "application_id")).filter(visible)


def reviews_for_user(user) -> QuerySet[Review]:
    """Officers: every review in scope. Reviewers: their own; others' submitted reviews of the same
    application only after submitting their own, and only where the stage allows it."""
    qs = Review.objects.select_related(
        "assignment__reviewer",
        "assignment__application__call__stage__rubric",
        "assignment__application__call__platform",
    )
    if not user.is_authenticated:
        return qs.none()
    if user.is_director:
        return qs
    mine = (
        Q(assignment__reviewer=user)
        & Q(assignment__status__in=(AssignmentStatus.ACCEPTED, AssignmentStatus.COMPLETED))
        & ~Q(status=ReviewStatus.DISCARDED)
        & ~Q(has_conflict=True)
    )
    submitted_own = Review.objects.filter(
        assignment__reviewer=user, status=ReviewStatus.SUBMITTED, assignment__status=AssignmentStatus.COMPLETED
    ).values("assignment__application_id")
    peers = (
        Q(status=ReviewStatus.SUBMITTED)
        & Q(assignment__application__call__stage__reviewers_see_other_reviews=True)
        & Q(assignment__application_id__in=submitted_own)
        & ~Q(assignment__status=AssignmentStatus.WITHDRAWN)
    )
    visible = mine | peers
    if user.is_officer:
        visible |= _officer_q(user, "assignment__application__")
    return qs.annotate(has_conflict=_conflicted("assignment__reviewer_id", "assignment__application_id")).filter(
        visible
    )


def reviewer_pool(call: Call) -> QuerySet[ReviewerProfile]:
    """Active reviewers for a call: those listed for its platform, program or (external reviewers) the call
    itself, or with no restriction."""
    unrestricted = Q(platforms__isnull=True) & Q(programs__isnull=True) & Q(calls__isnull=True)
    q = unrestricted | Q(programs=call.stage.program_id) | Q(calls=call.pk)
    if call.platform_id:
        q |= Q(platforms=call.platform_id)
    ids = ReviewerProfile.objects.filter(q, active=True).values("id")
    return ReviewerProfile.objects.filter(id__in=ids).select_related("user", "institution").order_by("user_id")


def applicant_review_comments(user, application_id: int) -> tuple[Application, list[dict]]:
    """What an applicant may read after the decision: comments to the applicant, reviewers anonymised.

    Raises Application.DoesNotExist when the user is not the PI or on the team, or
    the application is not decided yet.
    """
    application = (
        Application.objects.filter(
            Q(applicant=user) | Q(members__user=user, members__status=MembershipStatus.ACCEPTED),
            status__in=DECIDED_STATUSES,
        )
        .select_related("call__stage__rubric")
        .distinct()
        .get(pk=application_id)
    )
    reviews = (
        Review.objects.filter(assignment__application=application, status=ReviewStatus.SUBMITTED)
        .exclude(assignment__status=AssignmentStatus.WITHDRAWN)
        .order_by("submitted_at", "id")
        .values_list("comment_to_applicant", "comments")
    )
    rubric = application.call.stage.rubric
    criteria = list(rubric.criteria.all()) if rubric else []
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    comments = [
        {
            "label": letters[i] if i < len(letters) else str(i + 1),
            "comment": comment,
            # Per-criterion comments are applicant-facing; in rubric order, blank ones left out.
            "criteria": [
                {"label": c.label, "comment": per_criterion[c.code]}
                for c in criteria
                if (per_criterion or {}).get(c.code, "").strip()
            ],
        }
        for i, (comment, per_criterion) in enumerate(reviews)
    ]
    return application, comments


def calls_open_for_bidding(user) -> QuerySet[Call]:
    """Calls whose bidding deadline is still ahead and whose pool holds this reviewer (one query)."""
    from django.db.models import Exists
    from django.utils import timezone

    profile = ReviewerProfile.objects.filter(user=user, active=True)
    platforms = ReviewerProfile.platforms.through.objects.filter(reviewerprofile__user=user)
    programs = ReviewerProfile.programs.through.objects.filter(reviewerprofile__user=user)
    own_calls = ReviewerProfile.calls.through.objects.filter(reviewerprofile__user=user)
    unrestricted = ~Exists(platforms) & ~Exists(programs) & ~Exists(own_calls)
    listed = (
        Q(platform_id__in=platforms.values("platform_id"))
        | Q(stage__program_id__in=programs.values("program_id"))
        | Q(pk__in=own_calls.values("call_id"))
    )
    return (
        Call.objects.filter(Exists(profile), bids_due_at__gt=timezone.now())
        .filter(unrestricted | listed)
        .select_related("stage__program", "platform")
        .order_by("bids_due_at", "id")
    )


def review_side_seats(application) -> dict:
    """Who sits on the review side of this application (`applications.identity`): every reviewer ever assigned,
    numbered by assignment (審査委員N, stable); the discussion's chair when a reviewer (an officer stays the
    office); reviewers who bid on it or declared a conflict with it."""
    from accounts.models import Role
    from applications.identity import CHAIR, POOL, REVIEWER, Seat

    seats = {}
    bidders = Bid.objects.filter(application=application).values_list("reviewer_id")
    declared = ConflictOfInterest.objects.filter(application=application, source=ConflictSource.DECLARED)
    for (user_id,) in bidders.union(declared.values_list("reviewer_id")):
        seats[user_id] = Seat(POOL)
    # The chair: the application's own designation, else the call's (as `discussion.chair_of`), when a reviewer.
    chairs = DiscussionChair.objects.filter(
        Q(application=application) | Q(call_id=application.call_id, application__isnull=True)
    ).values_list("application_id", "user_id", "user__role")
    chair = sorted(chairs, key=lambda row: row[0] is None)[:1]
    if chair and chair[0][2] == Role.REVIEWER:
        seats[chair[0][1]] = Seat(CHAIR)
    assigned = Assignment.objects.filter(application=application).order_by("id").values_list("reviewer_id", flat=True)
    for number, user_id in enumerate(dict.fromkeys(assigned), start=1):
        seats[user_id] = Seat(REVIEWER, number)
    return seats
