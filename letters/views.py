"""Letter pages: the officer previews and sends; the applicant reads (HTML and PDF); officers edit a call's wording."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Application
from applications.permissions import is_officer_for
from programs.models import Call
from programs.permissions import is_officer_for_call
from sangaku.web_errors import refusal

from . import services
from .models import BODY_MAX, REASON_MAX, SUBJECT_MAX, Language, Outcome
from .pdf import letter_pdf
from .selectors import letters_for_user, template_for
from .wording import PLACEHOLDERS


class SendForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("申請者への理由・コメント（通知書に載ります）"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("送付すると通知書の内容は確定し、申請者にメールで届きます。後から修正できません。"),
        required=False,
    )


@login_required
def compose(request, application_id):
    """Preview the letter for a decided application, add a reason, and send it (with confirmation)."""
    application = get_object_or_404(Application.objects.select_related("call", "applicant"), pk=application_id)
    if not is_officer_for(request.user, application):
        raise Http404
    form = SendForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if request.POST.get("send") and form.cleaned_data["confirm"]:
            with refusal(request, form) as refused:
                letter = services.letter_send(application_id=application.pk, actor=request.user, reason=reason)
            if not refused:
                messages.success(request, _("通知書を送付しました。"))
                return redirect("letters:letter", pk=letter.pk)
            status = refused.status_code
        elif request.POST.get("send"):
            form.add_error("confirm", _("送付する前に、内容を確認してこのチェックを入れてください。"))
            status = 400
    elif request.method == "POST":
        status = 400
    preview = None
    with refusal(request, form) as refused:
        preview = services.letter_preview(
            application=application, reason=form.data.get("reason", "") if form.is_bound else ""
        )
    if refused:
        status = refused.status_code
    context = {"application": application, "form": form, "preview": preview}
    return render(request, "letters/compose.html", context, status=status)


@login_required
def letter(request, pk):
    sent = get_object_or_404(letters_for_user(request.user), pk=pk)
    return render(request, "letters/letter.html", {"letter": sent})


@login_required
def letter_download(request, pk):
    sent = get_object_or_404(letters_for_user(request.user), pk=pk)
    response = HttpResponse(letter_pdf(sent), content_type="application/pdf")
    number = sent.application.receipt_number or sent.application.pk
    response["Content-Disposition"] = f'attachment; filename="letter-{number}.pdf"'
    return response


class TemplateForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("結果"), choices=Outcome.choices)
    language = forms.ChoiceField(label=gettext_lazy("言語"), choices=Language.choices)
    subject = forms.CharField(label=gettext_lazy("件名"), max_length=SUBJECT_MAX)
    body = forms.CharField(label=gettext_lazy("本文"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 14}))


@login_required
def templates(request, call_id):
    """A call's letter wording per outcome and language (the defaults until an officer saves one)."""
    call = get_object_or_404(Call.objects.select_related("stage__program", "platform"), pk=call_id)
    if not is_officer_for_call(request.user, call):
        raise Http404
    outcome = request.GET.get("outcome") if request.GET.get("outcome") in Outcome.values else Outcome.ACCEPTED
    language = request.GET.get("language") if request.GET.get("language") in Language.values else Language.JA
    subject, body = template_for(call, outcome, language)
    form = TemplateForm(
        request.POST or None, initial={"outcome": outcome, "language": language, "subject": subject, "body": body}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with refusal(request, form) as refused:
                services.letter_template_save(call=call, actor=request.user, **form.cleaned_data)
            if not refused:
                messages.success(request, _("通知書のひな形を保存しました。"))
                query = f"?outcome={form.cleaned_data['outcome']}&language={form.cleaned_data['language']}"
                return redirect(request.path + query)
            status = refused.status_code
        else:
            status = 400
    context = {"call": call, "form": form, "placeholders": PLACEHOLDERS}
    return render(request, "letters/templates.html", context, status=status)
