from django.shortcuts import render

from .selectors import open_calls


def home(request):
    """Public landing page: the calls open right now."""
    return render(request, "programs/home.html", {"calls": open_calls()})
