"""Who may act on an application: one place, used by the API, the pages and the workflow."""

from programs.selectors import officer_scope_q

from .workflow import Actor


def is_officer_for(user, application) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_director:
        return True
    if not user.is_officer:
        return False
    from .models import Application

    scope = officer_scope_q(user, platform_path="call__platform", program_path="call__stage__program")
    return Application.objects.filter(scope, pk=application.pk).exists()


def actor_may(user, application, who: str) -> bool:
    if who == Actor.APPLICANT:
        return user.is_authenticated and application.applicant_id == user.pk
    if who == Actor.OFFICER:
        return is_officer_for(user, application)
    return False


def notes_visible(user, application) -> bool:
    """Notes in the history are for the applicant's side and officers; reviewers see the events without them."""
    if application.applicant_id == user.pk or is_officer_for(user, application):
        return True
    return application.members.filter(user=user).exists()
