"""Pages of team invitations: the invitee's panel on the home page, accept/decline, and the e-mailed link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sangaku.web_errors import refusal

from .invitations import invitation_answer, invitation_claim, invitation_member_from_token
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


@login_required
def join(request, token: str):
    """The e-mailed link: after sign-up or login, bind the invitation to this account (POST), then answer it."""
    with refusal(request) as refused:
        member = invitation_member_from_token(token)
    if refused:
        return render(request, "applications/invitation_join.html", {"member": None}, status=refused.status_code)
    if request.method == "POST":
        with refusal(request) as refused:
            invitation_claim(token=token, actor=request.user)
        if not refused:
            messages.success(request, _("招待を受け取りました。ホーム画面で承諾または辞退してください。"))
            return redirect("home")
    return render(request, "applications/invitation_join.html", {"member": member})
