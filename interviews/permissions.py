"""Who may do what with an interview: the one place (the workflow, the selectors, the API and the pages use it)."""

from django.db.models import Q

from applications.permissions import is_officer_for
from programs.selectors import officer_scope_q

from .workflow import Actor


def interview_actor_may(user, interview, who: str) -> bool:
    if not (user and user.is_authenticated):
        return False
    if who == Actor.APPLICANT:
        return interview.application.applicant_id == user.pk
    if who == Actor.OFFICER:
        return is_officer_for(user, interview.application)
    return False


def is_interview_staff(user) -> bool:
    return bool(user.is_authenticated and (user.is_officer or user.is_director))


def officer_q(user, prefix: str = "application__") -> Q:
    """Interviews (or, with another prefix, applications) inside an officer's scope."""
    if user.is_director:
        return Q()
    if not user.is_officer:
        return Q(pk__in=[])
    return officer_scope_q(user, platform_path=f"{prefix}call__platform", program_path=f"{prefix}call__stage__program")
