"""Who sees and writes which messages of an application (the application itself is fetched through its selector).

- officers in scope and directors: every visibility (team, reviewers, internal);
- the applicant and accepted team members with an account: `team` (a pending or declined invitee: nothing);
- a reviewer with a live assignment and no conflict of interest: `reviewers`.
"""

from applications.models import Application
from applications.permissions import is_officer_for
from applications.selectors import is_on_team
from reviews.permissions import reviewer_visibility_q

from .models import Visibility

ALL = frozenset(Visibility.values)


def is_team(user, application) -> bool:
    return is_on_team(user, application)


def is_assigned_reviewer(user, application) -> bool:
    """A live assignment, never a draft, no conflict of interest (the review app's own rule)."""
    return Application.objects.filter(reviewer_visibility_q(user), pk=application.pk).exists()


def visibilities_for(user, application) -> frozenset[str]:
    """The visibilities `user` reads and may write on this application (empty: none)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if is_officer_for(user, application):
        return ALL
    found = set()
    if is_team(user, application):
        found.add(Visibility.TEAM.value)
    if is_assigned_reviewer(user, application):
        found.add(Visibility.REVIEWERS.value)
    return frozenset(found)
