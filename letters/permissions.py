"""Who may read and send decision letters: the application's own side (the applicant and accepted members) reads,
officers in scope send."""

from applications.permissions import is_officer_for
from applications.selectors import is_on_team


def may_read_letter(user, application) -> bool:
    if not user.is_authenticated:
        return False
    return is_on_team(user, application) or is_officer_for(user, application)


def may_send(user, letter, who: str) -> bool:
    return who == "officer" and is_officer_for(user, letter.application)
