"""Who may see or act on an application: one place, used by the selectors, the API, the pages and the workflow."""

from collections.abc import Callable

from django.db.models import Q

from .workflow import Actor


def is_officer_for(user, application) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_director:
        return True
    if not user.is_officer:
        return False
    from programs.permissions import is_officer_for_call

    return is_officer_for_call(user, application.call)


def is_application_staff(user) -> bool:
    """Officers and directors get the officer's list and the CSV export (scoped by the selector)."""
    return bool(user.is_authenticated and (user.is_officer or user.is_director))


def is_research_office_for(user, application) -> bool:
    """A research-office user of the applicant's institution (所属機関承認)."""
    return bool(
        user.is_authenticated
        and getattr(user, "is_research_office", False)
        and user.affiliation_id
        and user.affiliation_id == application.institution_id
    )


def accepted_member(user, application):
    """The accepted team row naming `user` on `application` (not the PI row), or None."""
    if not user.is_authenticated:
        return None
    from .selectors import accepted_team

    return accepted_team(application).filter(user=user).exclude(role="pi").order_by("id").first()


def may_edit_draft(user, application) -> bool:
    """The PI, or an accepted co-applicant with `edit` access: content, budget and files (never team or submit)."""
    if not user.is_authenticated:
        return False
    if application.applicant_id == user.pk:
        return True
    member = accepted_member(user, application)
    return member is not None and member.access == "edit"


def actor_may(user, application, who: str) -> bool:
    if who == Actor.APPLICANT:
        return user.is_authenticated and application.applicant_id == user.pk
    if who == Actor.OFFICER:
        return is_officer_for(user, application)
    if who == Actor.RESEARCH_OFFICE:
        return is_research_office_for(user, application)
    return False


def notes_visible(user, application) -> bool:
    """Notes in the history are for the applicant's side and officers; reviewers see the events without them."""
    if application.applicant_id == user.pk or is_officer_for(user, application):
        return True
    if is_research_office_for(user, application):
        return True
    from .selectors import is_on_team

    return is_on_team(user, application)


# Who else may read an application besides its applicant, its team and officers in scope. Later apps
# register a function user -> Q over Application in their AppConfig.ready() (reviews: the reviewer of a
# live assignment), so this app never reads their tables. With no hook registered, nobody else sees it.
VISIBILITY_HOOKS: list[Callable[..., Q]] = []


def register_visibility(func: Callable[..., Q]) -> None:
    if func not in VISIBILITY_HOOKS:
        VISIBILITY_HOOKS.append(func)


def visibility_hooks_q(user) -> Q:
    granted = Q(pk__in=[])
    for hook in VISIBILITY_HOOKS:
        granted |= hook(user)
    return granted
