"""Batch decisions from the ranking: select rows, choose 採択 / 不採択, preview, confirm; each row on its own.

Each application goes through the workflow engine in its own transaction: one refusal
does not stop or undo the others, and the result page says what happened to each row.
Repeating the same batch changes nothing (the engine treats the same move by the same
officer with the same note as a replay). Letters can be sent in the same step.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.models import Application
from applications.selectors import applications_for_user
from applications.services import application_transition
from applications.workflow import TRANSITIONS
from programs.models import Call
from programs.permissions import is_officer_for_call
from reviews.forms import BatchDecideForm
from reviews.sheet import decision_needs_override
from sangaku.nplusone import repeated_on_purpose
from sangaku.web_errors import refusal

from . import services
from .selectors import letter_facts, template_for
from .wording import fill

BATCH_MAX = 500


class BatchForm(BatchDecideForm):
    confirm = forms.BooleanField(required=False)


def _selected(request, call) -> list[Application]:
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()][:BATCH_MAX]
    scoped = (
        applications_for_user(request.user)
        .filter(call=call, pk__in=ids)
        .select_related("applicant", "call__stage__rubric")
        .prefetch_related("call__stage__rubric__criteria")
    )
    return list(scoped.order_by("receipt_number", "id"))


def _letter_subject(application, outcome: str) -> str:
    language = "en" if application.applicant.preferred_language == "en" else "ja"
    subject, _body = template_for(application.call, outcome, language)
    return fill(subject, letter_facts(application, language=language, reason=""))


@login_required
@require_POST
def batch(request, call_id):
    call = get_object_or_404(Call, pk=call_id)
    if not is_officer_for_call(request.user, call):
        raise Http404
    form = BatchForm(request.POST)
    selected = _selected(request, call)
    if not form.is_valid() or not selected:
        if not selected:
            form.add_error(None, _("決定する申請を順位表で選んでください。"))
        return render(request, "letters/batch.html", {"call": call, "form": form, "rows": []}, status=400)
    action = form.cleaned_data["action"]
    outcome = TRANSITIONS[action].target
    if not form.cleaned_data["confirm"]:
        rows = [{"application": a, "subject": _letter_subject(a, outcome)} for a in selected]
        context = {"call": call, "form": form, "rows": rows, "label": TRANSITIONS[action].label, "preview": True}
        return render(request, "letters/batch.html", context)
    results = []
    with repeated_on_purpose():  # each row in its own transaction and lock: one refusal leaves the others done
        for application in selected:
            note, override = form.cleaned_data["note"], form.cleaned_data["override"]
            problem = decision_needs_override(application, action, override, note)
            if problem:
                results.append({"application": application, "ok": False, "texts": [str(problem)]})
                continue
            with refusal(request, flash=False) as refused, transaction.atomic():
                application_transition(
                    application_id=application.pk, action=action, actor=request.user, note=note, override=override
                )
                if form.cleaned_data["send_letters"]:
                    services.letter_send(application_id=application.pk, actor=request.user)
            results.append({"application": application, "ok": not refused, "texts": refused.texts})
    done = sum(1 for r in results if r["ok"])
    context = {
        "call": call,
        "results": results,
        "done": done,
        "failed": len(results) - done,
        "label": TRANSITIONS[action].label,
    }
    return render(request, "letters/batch_done.html", context)
