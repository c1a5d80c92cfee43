"""The scoring form's autosave (htmx): each change is saved as the draft and a small status fragment
says when. Nothing is submitted here; submitting stays an explicit button."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from sangaku.web_errors import refusal

from . import services
from .forms import ReviewForm
from .selectors import reviews_for_user


@login_required
@require_POST
def review_autosave(request, pk):
    review = get_object_or_404(reviews_for_user(request.user).filter(assignment__reviewer=request.user), pk=pk)
    rubric = review.assignment.application.call.stage.rubric
    form = ReviewForm(request.POST, criteria=list(rubric.criteria.all()) if rubric else [])
    errors = []
    status = 200
    if form.is_valid():
        with refusal(request, flash=False) as refused:
            review = services.review_save_draft(review_id=review.pk, actor=request.user, data=form.service_data())
        errors, status = refused.texts, refused.status_code
    else:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        status = 400
    return render(request, "reviews/_autosave_status.html", {"review": review, "errors": errors}, status=status)
