"""After signing in, each role lands on its own home: applicants on their applications, reviewers on their
workspace, officers and directors on the officer's desk."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from .models import Role

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
