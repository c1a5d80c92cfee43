"""Workflow guards owned by the review app, registered in `ReviewsConfig.ready()`.

- `can_start_review`: at least k (`Stage.reviewers_per_application`) accepted,
  conflict-free assignments — or an officer override with a note.
- `can_accept`: every live assignment (not withdrawn or declined) has a
  submitted review, and at least k reviews count — or an officer override with a note.
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from sangaku.errors import Problem

from .models import Assignment, AssignmentStatus, ConflictOfInterest, ReviewStatus


def _override(override: bool, note: str) -> list[Problem] | None:
    """None when there is no override; [] when it is valid; a problem when the note is missing."""
    if not override:
        return None
    if (note or "").strip():
        return []
    return [Problem("note", _("担当者判断で進める場合は理由（メモ）を入力してください。"))]


def _conflict_free(application):
    conflicted = ConflictOfInterest.objects.filter(reviewer_id=OuterRef("reviewer_id"), application=application)
    return Assignment.objects.filter(application=application).annotate(c=Exists(conflicted)).filter(c=False)


def can_start_review(application, *, actor=None, note: str = "", override: bool = False, now=None) -> list[Problem]:
    overridden = _override(override, note)
    if overridden is not None:
        return overridden
    k = application.call.stage.reviewers_per_application
    ready = (
        _conflict_free(application).filter(status__in=(AssignmentStatus.ACCEPTED, AssignmentStatus.COMPLETED)).count()
    )
    if ready >= k:
        return []
    return [
        Problem(
            "assignments",
            _(
                "審査を受諾した利害関係のない審査委員が%(n)s名です（必要%(k)s名）。"
                "審査委員を割り当てて受諾を待つか、理由を記入して担当者判断で開始してください。"
            )
            % {"n": ready, "k": k},
        )
    ]


def can_accept(application, *, actor=None, note: str = "", override: bool = False, now=None) -> list[Problem]:
    overridden = _override(override, note)
    if overridden is not None:
        return overridden
    pending = (
        Assignment.objects.filter(application=application)
        .exclude(status__in=(AssignmentStatus.WITHDRAWN, AssignmentStatus.DECLINED))
        .exclude(status=AssignmentStatus.COMPLETED, review__status=ReviewStatus.SUBMITTED)
        .count()
    )
    if not pending:
        return _too_few_reviews(application)
    return [
        Problem(
            "reviews",
            _(
                "未提出の審査が%(n)s件あります。すべての審査結果の提出を待つか、理由を記入して担当者判断で採択してください。"
            )
            % {"n": pending},
        )
    ]


def _too_few_reviews(application) -> list[Problem]:
    from .scoring import counted_review_count

    k = application.call.stage.reviewers_per_application
    n = counted_review_count(application)
    if n >= k:
        return []
    return [
        Problem(
            "reviews",
            _(
                "提出された審査結果が%(n)s件です（この段階では%(k)s件必要）。"
                "理由を記入して担当者判断で決定してください。"
            )
            % {"n": n, "k": k},
        )
    ]
