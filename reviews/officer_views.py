"""Officer pages added for daily review work: the review sheet of one application (every review,
both comments, conflicts, reviewer status) with the decision form."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from applications.models import Application

from .forms import DecideForm
from .sheet import review_sheet


@login_required
def review_sheet_page(request, pk):
    try:
        sheet = review_sheet(request.user, pk)
    except Application.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "reviews/sheet.html", {**sheet, "decide_form": DecideForm()})
