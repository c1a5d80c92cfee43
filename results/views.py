"""採択一覧: the public pages (no sign-in) and the officer's publish page for a call."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.models import Call
from programs.permissions import is_officer_for_call
from sangaku.conditional import Page, public_page
from sangaku.web_errors import refusal

from . import exports, services
from .filters import ResultPageFilter
from .models import PublicationStatus
from .rows import result_row
from .selectors import adopted_by_call, adopted_preview, publication_of, published_calls, published_results

PAGE_SIZE = 100


@public_page
def index(request):
    """The public index: every published call's adopted projects, by program, platform and fiscal year."""
    flt = ResultPageFilter(request.GET or None, queryset=published_results())
    if request.GET and not flt.is_valid():
        return Page("results/index.html", {"filter": flt, "page": None, "calls": []}, status=400)
    page = Paginator(flt.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    calls = list(published_calls())
    adopted = adopted_by_call()
    for call in calls:
        call.adopted = adopted.get(call.pk, 0)
    context = {
        "filter": flt,
        "page": page,
        "rows": [result_row(a) for a in page],
        "calls": calls,
        "query": query.urlencode(),
    }
    return Page("results/index.html", context)


@public_page
def call_results(request, call_id):
    """One call's published results; a call that has not published (or withdrew) is not found."""
    call = get_object_or_404(published_calls(), pk=call_id)
    rows = [result_row(a) for a in published_results().filter(application__call=call)]
    return Page("results/call.html", {"call": call, "rows": rows})


def export(request, fmt):
    flt = ResultPageFilter(request.GET or None, queryset=published_results())
    if request.GET and not flt.is_valid():
        return HttpResponse(
            _("絞り込みの条件が正しくありません。"), status=400, content_type="text/plain; charset=utf-8"
        )
    rows = [result_row(a) for a in flt.qs]
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.to_xlsx(rows), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="results-{stamp}.{fmt}"'
    return response


class PublishForm(forms.Form):
    with_amounts = forms.BooleanField(label=gettext_lazy("採択額も公表する"), required=False)
    confirm = forms.BooleanField(
        label=gettext_lazy("公開すると、採択課題の課題名・研究代表者名・所属機関が誰でも見られるようになります。"),
        error_messages={"required": gettext_lazy("内容を確認したら、このチェックを入れてください。")},
    )


class WithdrawForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("公開を停止する理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("公開を停止すると、この公募の採択一覧は公開ページから消えます。"),
        error_messages={"required": gettext_lazy("内容を確認したら、このチェックを入れてください。")},
    )


@login_required
def manage(request, call_id):
    """The officer's page: what publishing would show, and publish / withdraw with the consequence stated."""
    call = get_object_or_404(Call.objects.select_related("stage__program", "platform"), pk=call_id)
    if not is_officer_for_call(request.user, call):
        raise Http404
    publication = publication_of(call)
    publish_form = PublishForm(prefix="publish")
    withdraw_form = WithdrawForm(prefix="withdraw")
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            withdraw_form = WithdrawForm(request.POST, prefix="withdraw")
            if withdraw_form.is_valid():
                with refusal(request, withdraw_form) as refused:
                    services.results_withdraw(
                        call_id=call.pk, actor=request.user, note=withdraw_form.cleaned_data["note"]
                    )
                if not refused:
                    return redirect("results:manage", call_id=call.pk)
                status = refused.status_code
            else:
                status = 400
        else:
            publish_form = PublishForm(request.POST, prefix="publish")
            if publish_form.is_valid():
                with refusal(request, publish_form) as refused:
                    services.results_publish(
                        call_id=call.pk, actor=request.user, with_amounts=publish_form.cleaned_data["with_amounts"]
                    )
                if not refused:
                    return redirect("results:manage", call_id=call.pk)
                status = refused.status_code
            else:
                status = 400
        publication = publication_of(call)
    context = {
        "call": call,
        "publication": publication,
        "published": publication is not None and publication.status == PublicationStatus.PUBLISHED,
        "events": publication.events.select_related("actor") if publication else [],
        "preview": [result_row(a) for a in adopted_preview(call)],
        "publish_form": publish_form,
        "withdraw_form": withdraw_form,
    }
    return render(request, "results/manage.html", context, status=status)
