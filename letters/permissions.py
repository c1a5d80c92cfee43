"""Who may read and send decision letters: the application's own side reads, officers in scope send."""

from applications.permissions import is_officer_for


def may_read_letter(user, application) -> bool:
    if not user.is_authenticated:
        return False
    if application.applicant_id == user.pk or is_officer_for(user, application):
        return True
    return application.members.filter(user=user).exists()


def may_send(user, letter, who: str) -> bool:
    return who == "officer" and is_officer_for(user, letter.application)
