"""Pages of external reviewers: the officer's invitation form, the e-mailed link, the conflict declaration."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sangaku.nplusone import repeated_on_purpose
from sangaku.web_errors import refusal

from .external import conflicts_declare as declare_service
from .external import (
    declaration_applications,
    external_reviewer_join,
    invitation_from_token,
    invitations_of_call,
    reviewer_invite,
)
from .forms import DeclarationForm, ExternalInvitationForm, JoinForm
from .models import ReviewerInvitation, ReviewerInvitationStatus
from .selectors import calls_for_officer


@login_required
def invitations(request, call_id):
    """The officer's list of a call's external invitations and the form to invite one more."""
    call = get_object_or_404(calls_for_officer(request.user), pk=call_id)
    form = ExternalInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal(request, form) as refused:
            reviewer_invite(call_id=call.pk, actor=request.user, data=form.cleaned_data)
        if not refused:
            messages.success(request, _("招待メールを送りました。"))
            return redirect("reviews:external_invitations", call_id=call.pk)
    return render(
        request,
        "reviews/external_invitations.html",
        {"call": call, "form": form, "invitations": invitations_of_call(call)[:200]},
    )


def join(request, token: str):
    """The e-mailed link: set a password, which creates the account once; then the declaration."""
    with refusal(request) as refused:
        invitation = invitation_from_token(token)
    if refused:
        return render(request, "reviews/external_join.html", {"invitation": None}, status=refused.status_code)
    if request.user.is_authenticated:
        return render(request, "reviews/external_join.html", {"invitation": invitation, "signed_in": True})
    form = JoinForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        with refusal(request, form) as refused:
            joined = external_reviewer_join(token=token, password=form.cleaned_data["password1"])
        if not refused:
            login(request, joined.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("アカウントを作成しました。続けて利害関係を申告してください。"))
            return redirect("reviews:external_declare", pk=joined.pk)
        status = refused.status_code
    return render(request, "reviews/external_join.html", {"invitation": invitation, "form": form}, status=status)


@login_required
def declare(request, pk):
    """Conflicts against the call's applications (titles only), before anything else is shown."""
    invitation = get_object_or_404(ReviewerInvitation.objects.select_related("call"), pk=pk, user=request.user)
    if invitation.status == ReviewerInvitationStatus.DECLARED:
        return redirect("reviews:workspace")
    form = DeclarationForm(request.POST or None, applications=declaration_applications(invitation.call))
    if request.method == "POST" and form.is_valid():
        # The service reads the call's titles again under its lock (the form's list may be stale by then).
        with refusal(request, form) as refused, repeated_on_purpose():
            declare_service(invitation_id=invitation.pk, actor=request.user, conflicts=form.conflicts())
        if not refused:
            messages.success(request, _("利害関係の申告を受け付けました。この公募の審査委員として登録されました。"))
            return redirect("reviews:workspace")
    return render(request, "reviews/external_declare.html", {"invitation": invitation, "form": form})
