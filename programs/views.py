from django.http import Http404
from django.shortcuts import render

from .call_page import call_page_context
from .models import Call
from .selectors import open_calls


def home(request):
    """Public landing page: the calls open right now."""
    return render(request, "programs/home.html", {"calls": open_calls()})


def call_detail(request, pk):
    """The call page (公募要領): description, eligibility, stage rules, rubric, deadline, apply button."""
    try:
        context = call_page_context(request.user, pk)
    except Call.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "programs/call.html", context)
