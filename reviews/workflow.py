"""Assignment and review workflows as data: two `sangaku.workflow.Workflow` tables.

The reviewer accepts or declines an assignment; the review app completes it when the
review is submitted and withdraws it when a conflict of interest comes to light
(`SYSTEM` rows, run from code only). A review is submitted by its reviewer, or
discarded with its withdrawn or declined assignment.
"""

from django.utils.translation import gettext_lazy, pgettext_lazy

from sangaku.workflow import SYSTEM, Transition, Workflow

from .models import (
    Assignment,
    AssignmentEvent,
    AssignmentStatus,
    Review,
    ReviewerInvitation,
    ReviewerInvitationEvent,
    ReviewerInvitationStatus,
    ReviewEvent,
    ReviewStatus,
)


class Actor:
    REVIEWER = "reviewer"  # the reviewer the assignment names
    INVITEE = "invitee"  # the person whose account an external invitation created
    SYSTEM = SYSTEM


def _may_assignment(user, assignment, who: str) -> bool:
    return who == Actor.REVIEWER and bool(user and user.is_authenticated and assignment.reviewer_id == user.pk)


def _may_review(user, review, who: str) -> bool:
    return _may_assignment(user, review.assignment, who)


def _apply_assignment(assignment, transition, *, now, update_fields, **_context) -> None:
    if transition.action in ("accept", "decline") or (transition.action == "withdraw" and not assignment.responded_at):
        assignment.responded_at = now
        update_fields.append("responded_at")


def _apply_review(review, transition, *, now, update_fields, **_context) -> None:
    if transition.action == "submit":
        review.submitted_at = now
        update_fields.append("submitted_at")


ASSIGNMENT_WORKFLOW = Workflow(
    name="assignment",
    model=Assignment,
    event_model=AssignmentEvent,
    event_fk="assignment",
    states=AssignmentStatus,
    may=_may_assignment,
    related=("application__call__stage",),
    apply=_apply_assignment,
    messages={
        "not_found": gettext_lazy("見つかりません。"),
        "illegal": gettext_lazy("状態が「%(status)s」の審査割当では「%(label)s」はできません。"),
    },
    transitions=[
        Transition(
            "accept",
            (AssignmentStatus.INVITED,),
            AssignmentStatus.ACCEPTED,
            Actor.REVIEWER,
            label=pgettext_lazy("action", "受諾"),
        ),
        Transition(
            "decline",
            (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED),
            AssignmentStatus.DECLINED,
            Actor.REVIEWER,
            label=pgettext_lazy("action", "辞退"),
        ),
        Transition(
            "complete",
            (AssignmentStatus.ACCEPTED,),
            AssignmentStatus.COMPLETED,
            Actor.SYSTEM,
            label=pgettext_lazy("action", "審査完了"),
        ),
        Transition(
            "withdraw",
            (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED, AssignmentStatus.COMPLETED),
            AssignmentStatus.WITHDRAWN,
            Actor.SYSTEM,
            label=pgettext_lazy("action", "取消"),
        ),
    ],
)

REVIEW_WORKFLOW = Workflow(
    name="review",
    model=Review,
    event_model=ReviewEvent,
    event_fk="review",
    states=ReviewStatus,
    may=_may_review,
    related=("assignment",),
    apply=_apply_review,
    messages={"not_found": gettext_lazy("見つかりません。")},
    transitions=[
        Transition(
            "submit",
            (ReviewStatus.DRAFT,),
            ReviewStatus.SUBMITTED,
            Actor.REVIEWER,
            label=pgettext_lazy("action", "提出"),
        ),
        Transition(
            "discard",
            (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED),
            ReviewStatus.DISCARDED,
            Actor.SYSTEM,
            label=pgettext_lazy("action", "無効化"),
        ),
    ],
)


def _may_invitation(user, invitation, who: str) -> bool:
    return who == Actor.INVITEE and bool(user and user.is_authenticated and invitation.user_id == user.pk)


def _apply_invitation(invitation, transition, *, now, update_fields, **_context) -> None:
    field = {"join": "joined_at", "declare_conflicts": "conflicts_declared_at"}[transition.action]
    setattr(invitation, field, now)
    update_fields.append(field)


# An external reviewer's invitation (reviews.external): the link creates the account (`join`, run from code),
# then the person declares conflicts against the call's applications and joins its pool.
REVIEWER_INVITATION_WORKFLOW = Workflow(
    name="reviewer_invitation",
    model=ReviewerInvitation,
    event_model=ReviewerInvitationEvent,
    event_fk="invitation",
    states=ReviewerInvitationStatus,
    may=_may_invitation,
    related=("call",),
    apply=_apply_invitation,
    messages={"not_found": gettext_lazy("招待が見つかりません。")},
    transitions=[
        Transition(
            "join",
            (ReviewerInvitationStatus.INVITED,),
            ReviewerInvitationStatus.JOINED,
            Actor.SYSTEM,
            label=pgettext_lazy("action", "アカウント作成"),
        ),
        Transition(
            "declare_conflicts",
            (ReviewerInvitationStatus.JOINED,),
            ReviewerInvitationStatus.DECLARED,
            Actor.INVITEE,
            label=pgettext_lazy("action", "利害関係の申告"),
        ),
    ],
)
