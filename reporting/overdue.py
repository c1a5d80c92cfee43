"""One definition of "overdue", shared by the officer's desk and the report dashboard.

- A review is overdue when its assignment is still open (invited or accepted), its due time has passed
  and no review has been submitted for it.
- A report is overdue when its due date has passed and it is neither submitted nor accepted
  (`awards.selectors.overdue_q`, pending or sent back for revision alike).
"""

from django.db.models import Q

from awards.selectors import overdue_q as overdue_reports_q
from reviews.models import AssignmentStatus, ReviewStatus

OPEN_ASSIGNMENTS = (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED)


def overdue_reviews_q(now, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": OPEN_ASSIGNMENTS, f"{prefix}due_at__lt": now}) & (
        Q(**{f"{prefix}review__isnull": True}) | ~Q(**{f"{prefix}review__status": ReviewStatus.SUBMITTED})
    )


__all__ = ["overdue_reports_q", "overdue_reviews_q"]
