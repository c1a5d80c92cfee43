"""The reviewer side of an application's timeline (item: audit trail), read by `conversations`.

Every reviewer-side action is one entry with actor and time: assigned (the review request),
accepted, declined (with the reason), replaced, review submitted, review revised, conflict
recorded (declared, by an officer, or detected), and the chair's meta-review. A withdrawal for a
conflict is already an application event (`assignment_withdrawn`), and completing an assignment
or discarding a review follows from another action, so those rows are not shown twice.
Officers (and directors) see these entries; `conversations.selectors.timeline` asks
`reviewer_entries` (conversations ranks above reviews, so it imports this module).
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from .models import AssignmentEvent, ConflictKind, ConflictOfInterest, ConflictSource, MetaReview, ReviewEvent

ASSIGNMENT_ACTIONS = {
    "assign": lambda: _("審査委員の割当（審査依頼）"),
    "accept": lambda: _("審査の受諾"),
    "decline": lambda: _("審査の辞退"),
    "replace": lambda: _("審査委員の交代"),
}
REVIEW_ACTIONS = {
    "submit": lambda: _("審査結果の提出"),
    "revise": lambda: _("審査結果の改訂"),
}
CONFLICT_TITLES = {
    ConflictSource.DECLARED: lambda: _("利害関係の申告"),
    ConflictSource.OFFICER: lambda: _("利害関係の登録（担当者）"),
    ConflictSource.AUTO: lambda: _("利害関係の自動検出"),
}


@dataclass
class ReviewerEntry:
    at: datetime
    title: str
    actor: object
    body: str


def reviewer_entries(application) -> list[ReviewerEntry]:
    """The reviewer-side entries of one application, in time order (four queries)."""
    entries = []
    for e in AssignmentEvent.objects.filter(
        assignment__application=application, action__in=list(ASSIGNMENT_ACTIONS)
    ).select_related("actor", "assignment__reviewer"):
        body = _("審査委員: %(reviewer)s") % {"reviewer": e.assignment.reviewer}
        entries.append(ReviewerEntry(e.at, ASSIGNMENT_ACTIONS[e.action](), e.actor, _join(body, e.note)))
    for e in ReviewEvent.objects.filter(
        review__assignment__application=application, action__in=list(REVIEW_ACTIONS)
    ).select_related("actor", "review__assignment__reviewer"):
        body = _("審査委員: %(reviewer)s") % {"reviewer": e.review.assignment.reviewer}
        entries.append(ReviewerEntry(e.at, REVIEW_ACTIONS[e.action](), e.actor, _join(body, e.note)))
    for c in ConflictOfInterest.objects.filter(application=application).select_related("reviewer", "recorded_by"):
        body = _("審査委員: %(reviewer)s（%(kind)s）") % {"reviewer": c.reviewer, "kind": ConflictKind(c.kind).label}
        entries.append(ReviewerEntry(c.created_at, CONFLICT_TITLES[c.source](), c.recorded_by, _join(body, c.note)))
    for m in MetaReview.objects.filter(application=application).select_related("author"):
        entries.append(ReviewerEntry(m.created_at, _("メタレビューの記入"), m.author, m.get_recommendation_display()))
    return sorted(entries, key=lambda entry: entry.at)


def _join(head: str, note: str) -> str:
    return f"{head}\n{note}" if note else head
