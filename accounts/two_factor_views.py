"""Pages of the second factor: overview, set-up (secret + QR), verify at sign-in, new recovery codes."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import two_factor


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("確認コード"),
        max_length=32,
        help_text=gettext_lazy("認証アプリに表示される6桁の数字、またはリカバリーコード"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )


def _next(request, default="start"):
    """Where to go afterwards: the `next` the person came with (same site only), else the default page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default) if default else ""


@login_required
def overview(request):
    user = request.user
    context = {
        "enabled": two_factor.has_second_factor(user),
        "required": two_factor.must_have_second_factor(user),
        "codes_left": two_factor.recovery_codes_left(user),
    }
    return render(request, "registration/two_factor.html", context)


@login_required
def setup(request):
    if two_factor.has_second_factor(request.user) and not request.user.is_verified():
        return redirect("two_factor_verify")
    device = two_factor.start_setup(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_setup(request, device.pk, form.cleaned_data["token"])
        if codes is not None:
            context = {"codes": codes, "next": _next(request)}
            return render(request, "registration/two_factor_codes.html", context)
        form.add_error(
            "token", _("確認コードが正しくありません。認証アプリに表示されている最新のコードを入力してください。")
        )
    context = {
        "form": form,
        "secret": two_factor.setup_secret(device),
        "uri": device.config_url,
        "qr": two_factor.qr_svg(device.config_url),
        "required": two_factor.must_have_second_factor(request.user),
        "next": _next(request, ""),
    }
    return render(request, "registration/two_factor_setup.html", context, status=400 if form.errors else 200)


@login_required
def verify(request):
    if not two_factor.has_second_factor(request.user):
        return redirect("two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request, form.cleaned_data["token"]):
            return redirect(_next(request))
        form.add_error("token", _("確認コードが正しくありません。もう一度入力してください。"))
    context = {"form": form, "next": _next(request, "")}
    return render(request, "registration/two_factor_verify.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def recovery_codes(request):
    if not (two_factor.has_second_factor(request.user) and request.user.is_verified()):
        messages.error(request, _("リカバリーコードを作り直すには、先に確認コードを入力してください。"))
        return redirect("two_factor_verify")
    codes = two_factor.new_recovery_codes(request.user)
    return render(request, "registration/two_factor_codes.html", {"codes": codes, "next": reverse("two_factor")})
