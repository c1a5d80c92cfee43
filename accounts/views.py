"""After signing in, each role lands on its own home: applicants on their applications, reviewers on their
workspace, officers and directors on the officer's desk."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from .models import Role
from .signin import forget_failures_of

HOMES = {
    Role.REVIEWER: "reviews:workspace",
    Role.OFFICER: "reporting:office",
    Role.DIRECTOR: "reporting:office",
}


@login_required
def start(request):
    user = request.user
    if user.is_director:
        return redirect(HOMES[Role.DIRECTOR])
    return redirect(HOMES.get(user.role, "applications:mine"))


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the reset mail also unlocks the account (its wrong passwords are forgotten):
    the way back in that needs no operator."""

    def form_valid(self, form):
        response = super().form_valid(form)
        forget_failures_of(form.user.get_username())
        return response
