"""Who may act on an award or a progress report: one place for the API, the pages and the services."""

from applications.permissions import is_officer_for

from .workflow import Actor


def is_officer_for_award(user, award) -> bool:
    return is_officer_for(user, award.application)


def is_award_staff(user) -> bool:
    """Officers and directors get the list of all awards in their scope; others see their own."""
    return bool(user.is_director or user.is_officer)


def is_holder(user, award) -> bool:
    return bool(user and user.is_authenticated and award.holder_id == user.pk)


def actor_may(user, award, who: str) -> bool:
    if who == Actor.HOLDER:
        return is_holder(user, award)
    if who == Actor.OFFICER:
        return is_officer_for_award(user, award)
    return False
