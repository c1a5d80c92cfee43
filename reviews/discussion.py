"""Discussion and meta-review (審査の議論・メタレビュー) after the reviews are in.

- Who takes part: the officers of the call (and directors), the application's reviewers who
  have submitted their review (assignment completed, no conflict), and its chair. Everyone else,
  an assigned reviewer who has not submitted and a conflicted reviewer included, gets a 404.
- Posts (`ReviewDiscussionPost`) are immutable; they can be written while the application is
  under review.
- The chair (取りまとめ役) is an officer or a pool reviewer designated by an officer, for one
  application or for the whole call (the application's own designation wins). The chair writes
  the meta-review (`MetaReview`, a recommendation and a text); a new writing is a new row and the
  latest counts. The ranking shows it beside the scores.
- A reviewer may revise a submitted review during the discussion (`review_revise`): the
  previous content is kept as a `ReviewRevision`, a `revise` event is written, and the review
  shows 「改訂済み」.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from applications.models import Application
from applications.permissions import is_officer_for
from sangaku import bounds
from sangaku.errors import invalid

from .errors import ReviewStateError, out_of_reach
from .models import (
    AssignmentStatus,
    ConflictOfInterest,
    DiscussionChair,
    MetaRecommendation,
    MetaReview,
    Review,
    ReviewDiscussionPost,
    ReviewerProfile,
    ReviewEvent,
    ReviewRevision,
    ReviewStatus,
)
from .scoresheet import (
    REVIEWABLE_APPLICATION_STATES,
    _comment_errors,
    _criteria,
    _own_review_locked,
    _score_errors,
)
from .scoring import weighted_score
from .selectors import calls_for_officer, reviewer_pool


def chair_of(application) -> int | None:
    """The user id of the application's chair: its own designation, else the call's; None if nobody."""
    rows = DiscussionChair.objects.filter(
        Q(application=application) | Q(call_id=application.call_id, application__isnull=True)
    ).values_list("application_id", "user_id")
    own = [user for app, user in rows if app is not None]
    whole_call = [user for app, user in rows if app is None]
    return (own or whole_call or [None])[0]


def _conflicted(user, application) -> bool:
    return ConflictOfInterest.objects.filter(reviewer=user, application=application).exists()


def has_submitted(user, application) -> bool:
    return Review.objects.filter(
        assignment__application=application,
        assignment__reviewer=user,
        assignment__status=AssignmentStatus.COMPLETED,
        status=ReviewStatus.SUBMITTED,
    ).exists()


def is_staff_for(user, application) -> bool:
    return bool(user.is_authenticated and (user.is_director or is_officer_for(user, application)))


def may_discuss(user, application) -> bool:
    """Officers in scope; the submitted reviewers and the chair, never while in conflict."""
    if not user.is_authenticated or application.status == "draft":
        return False
    if is_staff_for(user, application):
        return True
    if _conflicted(user, application):
        return False
    return chair_of(application) == user.pk or has_submitted(user, application)


def discussion_application(user, application_id: int) -> Application:
    """The application whose discussion `user` may read, or out of reach (404)."""
    application = (
        Application.objects.select_related("call__stage__rubric", "call__platform").filter(pk=application_id).first()
    )
    if application is None or not may_discuss(user, application):
        raise out_of_reach()
    return application


def discussion_reviews(user, application) -> list[Review]:
    """The submitted reviews `user` sees on the discussion page: all for officers and the chair; for a
    reviewer, the others' only where the stage lets reviewers see each other's reviews."""
    counted = (
        Review.objects.filter(assignment__application=application, status=ReviewStatus.SUBMITTED)
        .exclude(assignment__status=AssignmentStatus.WITHDRAWN)
        .select_related("assignment__reviewer")
        .prefetch_related("revisions")
        .order_by("submitted_at", "id")
    )
    if is_staff_for(user, application) or chair_of(application) == user.pk:
        return list(counted)
    if application.call.stage.reviewers_see_other_reviews:
        return list(counted)
    return [r for r in counted if r.assignment.reviewer_id == user.pk]


def discussion_posts(application):
    return ReviewDiscussionPost.objects.filter(application=application).select_related("author")


def latest_meta_review(application) -> MetaReview | None:
    return MetaReview.objects.filter(application=application).select_related("author").first()


def _require_open(application) -> None:
    if application.status not in REVIEWABLE_APPLICATION_STATES:
        raise ReviewStateError(
            _("この申請は書面審査中・面接審査中ではないため、議論・メタレビューは書き込めません。"),
            code="application_not_in_review",
        )


def _text(value, field: str, label: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise invalid({field: _("%(label)sを入力してください。") % {"label": label}})
    if len(value) > bounds.COMMENT_MAX:
        raise invalid({field: _("%(max)s文字以内で入力してください。") % {"max": bounds.COMMENT_MAX}})
    return value.strip()


@transaction.atomic
def discussion_post(*, application_id: int, actor, body) -> ReviewDiscussionPost:
    application = discussion_application(actor, application_id)
    _require_open(application)
    return ReviewDiscussionPost.objects.create(
        application=application, author=actor, body=_text(body, "body", _("本文"))
    )


@transaction.atomic
def meta_review_write(*, application_id: int, actor, recommendation, text) -> MetaReview:
    """The chair's meta-review; only the chair writes it (officers designate, they do not write)."""
    application = discussion_application(actor, application_id)
    if chair_of(application) != actor.pk:
        raise out_of_reach()
    _require_open(application)
    if recommendation not in MetaRecommendation.values:
        labels = "、".join(str(c.label) for c in MetaRecommendation)
        raise invalid({"recommendation": _("推薦は次から選んでください: %(choices)s") % {"choices": labels}})
    text = _text(text, "text", _("メタレビュー"))
    latest = latest_meta_review(application)
    if latest and latest.author_id == actor.pk and (latest.recommendation, latest.text) == (recommendation, text):
        return latest  # the same request again writes nothing
    return MetaReview.objects.create(application=application, author=actor, recommendation=recommendation, text=text)


@transaction.atomic
def chair_designate(*, call_id: int, actor, user_id, application_id=None) -> DiscussionChair:
    """An officer designates the chair of one application or of the whole call."""
    call = calls_for_officer(actor).filter(pk=call_id).first()
    if call is None:
        raise out_of_reach()
    application = None
    if application_id not in (None, ""):
        application = call.applications.filter(pk=application_id).first() if str(application_id).isdigit() else None
        if application is None:
            raise invalid({"application": _("この公募の申請を選んでください。")})
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if str(user_id).isdigit() else None
    in_pool = user is not None and reviewer_pool(call).filter(user=user).exists()
    is_officer = user is not None and calls_for_officer(user).filter(pk=call.pk).exists()
    if not (in_pool or is_officer):
        raise invalid({"user": _("この公募の担当者か審査委員を選んでください。")})
    if application is not None and _conflicted(user, application):
        raise invalid({"user": _("この審査委員はこの申請と利害関係があるため、取りまとめ役にできません。")})
    return DiscussionChair.objects.create(call=call, application=application, user=user, designated_by=actor)


def chair_candidates(call):
    """Officers of the call and its pool, for the designation form."""
    pool = list(reviewer_pool(call).values_list("user_id", flat=True))
    return get_user_model().objects.filter(Q(pk__in=pool) | Q(pk__in=_officer_ids(call))).order_by("id")


def _officer_ids(call):
    from accounts.models import Role

    return (
        get_user_model()
        .objects.filter(role=Role.OFFICER, is_active=True)
        .filter(Q(officer_platforms=call.platform_id) | Q(officer_programs=call.stage.program_id))
        .values("pk")
    )


REVISABLE = ("scores", "comments", "comment_to_applicant", "comment_to_officer", "recommendation")


@transaction.atomic
def review_revise(*, review_id: int, actor, data: dict, note: str = "") -> Review:
    """Revise a submitted review during the discussion: the previous content is kept, one event is written."""
    review = _own_review_locked(review_id, actor)
    if review.status != ReviewStatus.SUBMITTED:
        raise ReviewStateError(_("提出済みの審査結果だけが改訂できます。"), code="not_submitted")
    if not isinstance(note, str) or len(note) > bounds.NOTE_MAX:
        raise invalid({"note": _("%(max)s文字以内で入力してください。") % {"max": bounds.NOTE_MAX}})
    criteria = _criteria(review)
    new = {name: getattr(review, name) for name in REVISABLE}
    new.update({k: v for k, v in data.items() if k in REVISABLE})
    errors = {}
    scores, score_errors = _score_errors(new["scores"] or {}, criteria, complete=True)
    if score_errors:
        errors["scores"] = score_errors
    comments, comment_errors = _comment_errors(new["comments"] or {}, criteria, complete=True)
    if comment_errors:
        errors["comments"] = comment_errors
    from .models import Recommendation

    if new["recommendation"] not in Recommendation.values:
        errors["recommendation"] = [_("総合判定を選んでください。")]
    for name in ("comment_to_applicant", "comment_to_officer"):
        new[name] = new[name] or ""
        if not isinstance(new[name], str) or len(new[name]) > bounds.COMMENT_MAX:
            errors[name] = [_("%(max)s文字以内で入力してください。") % {"max": bounds.COMMENT_MAX}]
    if errors:
        raise invalid(errors)
    new["scores"], new["comments"] = scores, comments
    if all(getattr(review, name) == new[name] for name in REVISABLE):
        return review  # nothing changed: no revision, no event
    ReviewRevision.objects.create(
        review=review, revised_by=actor, note=note, weighted_score=review.weighted_score,
        **{name: getattr(review, name) for name in REVISABLE},
    )  # fmt: skip
    for name in REVISABLE:
        setattr(review, name, new[name])
    review.weighted_score = weighted_score(review.scores, criteria) if criteria else None
    review.save()
    ReviewEvent.objects.create(
        review=review,
        actor=actor,
        action="revise",
        from_status=ReviewStatus.SUBMITTED,
        to_status=ReviewStatus.SUBMITTED,
        note=note,
    )
    return review


def is_pool_reviewer(user) -> bool:
    return ReviewerProfile.objects.filter(user=user, active=True).exists()
