"""Pages of team invitations: the invitee's panel on the home page, accept/decline, and the e-mailed link."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sangaku.web_errors import refusal

from .forms import InvitationJoinForm
from .invitations import (
    OTHER_ACCOUNT,
    invitation_answer,
    invitation_claim,
    invitation_join,
    invitation_member_from_token,
    is_invited_address,
)
from .models import MembershipStatus
from .selectors import invitations_for_user

DONE = {
    "accept": lambda: _("招待を承諾しました。実施体制に記載されます。"),
    "decline": lambda: _("招待を辞退しました。"),
}


def home_panel(request) -> dict | None:
    """The signed-in person's pending invitations, shown on the home page (registered with programs)."""
    if not request.user.is_authenticated:
        return None
    pending = list(invitations_for_user(request.user).filter(status=MembershipStatus.PENDING))
    if not pending:
        return None
    return {"template": "applications/_invitations_panel.html", "invitations": pending}


@login_required
@require_POST
def answer(request, member_id: int, action: str):
    member = get_object_or_404(invitations_for_user(request.user), pk=member_id)
    if action not in DONE:
        raise Http404
    with refusal(request) as refused:
        invitation_answer(member_id=member.pk, actor=request.user, action=action)
    if not refused:
        messages.success(request, DONE[action]())
    return redirect("home")


def join(request, token: str):
    """The e-mailed link. Signed in at the invited address: bind the invitation (POST), then answer it on the home
    page. Signed in as someone else: refused, saying so. Not signed in: create the account at the invited address
    (or sign in to the one that exists)."""
    with refusal(request) as refused:
        member = invitation_member_from_token(token)
    if refused:
        return render(request, "applications/invitation_join.html", {"member": None}, status=refused.status_code)
    if not request.user.is_authenticated:
        return _create_account(request, token, member)
    if not is_invited_address(member, request.user):
        context = {"member": member, "other_account": str(OTHER_ACCOUNT)}
        return render(request, "applications/invitation_join.html", context, status=403)
    if request.method == "POST":
        with refusal(request) as refused:
            invitation_claim(token=token, actor=request.user)
        if not refused:
            messages.success(request, _("招待を受け取りました。ホーム画面で承諾または辞退してください。"))
            return redirect("home")
    return render(request, "applications/invitation_join.html", {"member": member})


def _create_account(request, token: str, member):
    form = InvitationJoinForm(request.POST or None, initial={"display_name": member.name})
    status = 200
    if request.method == "POST" and form.is_valid():
        with refusal(request, form) as refused:
            joined = invitation_join(
                token=token, password=form.cleaned_data["password1"], display_name=form.cleaned_data["display_name"]
            )
        if not refused:
            login(request, joined.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("アカウントを作成し、招待を受け取りました。ホーム画面で承諾または辞退してください。")
            )
            return redirect("home")
        status = refused.status_code
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "applications/invitation_join.html",
        {"member": member, "form": form, "new_account": True},
        status=status,
    )
