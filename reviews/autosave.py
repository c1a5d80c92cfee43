"""The scoring form's autosave (htmx): each change is saved as the draft and a small status fragment
says when. Nothing is submitted here; submitting stays an explicit button."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from sangaku.errors import DomainError

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
        try:
            review = services.review_save_draft(review_id=review.pk, actor=request.user, data=form.service_data())
        except DomainError as exc:
            errors = [exc.message] + [str(p.message) for p in exc.problems]
            status = 404 if exc.status_code == 404 else exc.status_code
        except ValidationError as exc:
            errors, status = exc.messages, 400
    else:
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        status = 400
    return render(request, "reviews/_autosave_status.html", {"review": review, "errors": errors}, status=status)
