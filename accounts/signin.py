"""Sign-in bookkeeping beside django-axes.

A successful sign-in forgets that person's own earlier wrong passwords, and nothing else. (axes'
AXES_RESET_ON_SUCCESS would also forget every wrong password from the same address, so anyone with an
account could clear the count of the account they are guessing by signing in to their own between guesses.)
"""

from axes.models import AccessAttempt


def forget_own_failures(sender, request, user, **kwargs):
    AccessAttempt.objects.filter(username=user.get_username()).delete()
