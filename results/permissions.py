"""Who may publish or withdraw a call's results: an officer whose scope holds the call, or a director."""

from programs.permissions import is_officer_for_call


def may_publish(user, publication, who: str) -> bool:
    return who == "officer" and is_officer_for_call(user, publication.call)
