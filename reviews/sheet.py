"""The officer's review sheet of one application: every assignment with its reviewer's status, each
review's scores per criterion, weighted score, recommendation and both comments, and the conflicts.

A read (selector) over `applications_for_officer`: an application out of the officer's scope is absent.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .models import Assignment, AssignmentStatus, ConflictOfInterest, ReviewStatus
from .scoring import RANKED_STATUSES, application_scores, counted_review_count
from .selectors import applications_for_officer


@dataclass
class SheetRow:
    assignment: Assignment
    review: object | None
    scores: list[dict] = field(default_factory=list)  # one per criterion: {"criterion", "score", "comment"}
    conflicts: list[ConflictOfInterest] = field(default_factory=list)

    @property
    def counted(self) -> bool:
        """A submitted review whose assignment still stands: it counts in the ranking."""
        return bool(
            self.review
            and self.review.status == ReviewStatus.SUBMITTED
            and self.assignment.status != AssignmentStatus.WITHDRAWN
        )


def review_sheet(user, application_id: int) -> dict:
    """Everything the officer reads before deciding. Raises Application.DoesNotExist out of scope."""
    application = (
        applications_for_officer(user)
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("reviewer", "review").order_by("id"),
            ),
            Prefetch("conflicts", queryset=ConflictOfInterest.objects.select_related("reviewer").order_by("id")),
        )
        .get(pk=application_id)
    )
    rubric = application.call.stage.rubric
    criteria = list(rubric.criteria.all()) if rubric else []
    conflicts_by_reviewer: dict[int, list] = {}
    for conflict in application.conflicts.all():
        conflicts_by_reviewer.setdefault(conflict.reviewer_id, []).append(conflict)
    rows = []
    for assignment in application.assignments.all():
        review = getattr(assignment, "review", None)
        scores = [
            {
                "criterion": c,
                "score": (review.scores or {}).get(c.code) if review else None,
                "comment": (review.comments or {}).get(c.code, "") if review else "",
            }
            for c in criteria
        ]
        rows.append(
            SheetRow(
                assignment=assignment,
                review=review,
                scores=scores,
                conflicts=conflicts_by_reviewer.pop(assignment.reviewer_id, []),
            )
        )
    required = application.call.stage.reviewers_per_application
    counted = sum(1 for r in rows if r.counted)
    summary = application_scores(application) if application.status in RANKED_STATUSES else None
    return {
        "application": application,
        "criteria": criteria,
        "rows": rows,
        # Conflicts of reviewers with no assignment (declared before or instead of one).
        "other_conflicts": [c for items in conflicts_by_reviewer.values() for c in items],
        "required": required,
        "counted": counted,
        "short": counted < required,
        "summary": summary,
    }


def decision_needs_override(application, action: str, override: bool, note: str) -> str | None:
    """Rejecting with fewer counted reviews than the stage requires needs the officer's override
    with a note (accepting is held by the `can_accept` guard); returns why it is refused, or None."""
    if action != "reject" or (override and (note or "").strip()):
        return None
    k = application.call.stage.reviewers_per_application
    n = counted_review_count(application)
    if n >= k:
        return None
    return _(
        "提出された審査結果が%(n)s件です（この段階では%(k)s件必要）。理由を記入して担当者判断で決定してください。"
    ) % {"n": n, "k": k}
