"""The pages' half of the error model: a refusal becomes a flash message and errors beside the fields.

Views call a service inside ``refusal``; nothing else on the HTML side catches a
`sangaku.errors.DomainError` (or a Django ``ValidationError`` from a model)::

    form = NoteForm(request.POST)
    with refusal(request, form) as refused:
        services.report_transition(report_id=pk, action=action, actor=request.user, note=form.data.get("note", ""))
    if refused:
        return render(request, "awards/report.html", context, status=refused.status_code)
    return redirect("awards:report", pk=pk)

- 404 (out of scope) becomes Django's 404 page: nobody learns the object exists.
- Otherwise the message is flashed; each problem goes beside the form field of
  the same name, else onto the first form as a general error, else (no form)
  into the flash list with the field's label.

``DomainErrorMiddleware`` is the net under views that do not need a particular
page: a refusal escaping a view is flashed and the user is sent back to the page
they came from (same site only), or shown a short page with the refusal's status.
Either way nothing a user sends turns into a 500.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import FIELD_LABELS, DomainError, invalid_from_django


def _as_domain_error(exc) -> DomainError | None:
    if isinstance(exc, DomainError):
        return exc
    if isinstance(exc, ValidationError):
        return invalid_from_django(exc)
    return None


def _problem_text(problem) -> str:
    if problem.field in FIELD_LABELS and problem.field != "non_field_errors":
        return f"{problem.label}: {problem.message}"
    return str(problem.message)


def show(request, error: DomainError, *forms, prefix: str = "", flash_problems: bool = True) -> None:
    """Flash the refusal and put its problems beside the matching fields."""
    messages.error(request, f"{prefix}{error.message}")
    for problem in error.problems:
        target = next((f for f in forms if problem.field in f.fields), None)
        if target is not None:
            target.add_error(problem.field, problem.message)
        elif forms:
            forms[0].add_error(None, problem.message)
        elif flash_problems:
            messages.error(request, _problem_text(problem))


class refusal:
    """Catch a refusal of the service called inside the block (see the module docstring)."""

    def __init__(self, request, *forms, prefix: str = "", flash_problems: bool = True, flash: bool = True):
        self.request = request
        self.flash = flash  # False: the caller shows the refusal itself (e.g. an htmx fragment)
        self.forms = forms
        self.prefix = prefix
        self.flash_problems = flash_problems
        self.error: DomainError | None = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        error = _as_domain_error(exc) if exc is not None else None
        if error is None:
            return False
        if error.status_code == 404:
            raise Http404(error.message) from exc
        self.error = error
        if not self.flash:
            return True
        show(self.request, error, *self.forms, prefix=self.prefix, flash_problems=self.flash_problems)
        return True

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def status_code(self) -> int:
        return self.error.status_code if self.error is not None else 200

    @property
    def texts(self) -> list[str]:
        """The refusal as plain sentences: the message, then each problem."""
        if self.error is None:
            return []
        return [self.error.message] + [_problem_text(p) for p in self.error.problems]

    @property
    def problems(self):
        return self.error.problems if self.error is not None else []


class DomainErrorMiddleware:
    """A refusal no view handled: flash it and go back, or a short page with its status (never a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        if request.path.startswith("/api/"):
            return None  # the API maps errors in sangaku.api_errors
        error = _as_domain_error(exc)
        if error is None:
            return None
        if error.status_code == 404:
            raise Http404(error.message) from exc
        show(request, error)
        back = request.META.get("HTTP_REFERER", "")
        safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure())
        if back and safe and request.method == "POST":
            return redirect(back)
        return render(request, "errors/refused.html", {"back": back if safe else "/"}, status=error.status_code)
