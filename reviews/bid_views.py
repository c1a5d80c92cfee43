"""The reviewer's bidding page (審査希望): one choice per conflict-free application of a call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sangaku.web_errors import refusal

from . import bidding
from .models import BidChoice


@login_required
def bids(request, call_id):
    sheet = bidding.bids_for(call_id, request.user)  # outside the call's pool: 404
    status = 200
    if request.method == "POST":
        chosen = {
            str(row["application"].pk): request.POST.get(f"bid_{row['application'].pk}", "") for row in sheet["rows"]
        }
        with refusal(request) as refused:
            bidding.bids_save(call_id=call_id, reviewer=request.user, bids=chosen)
        if not refused:
            messages.success(request, _("審査希望を保存しました。"))
            return redirect("reviews:bids", call_id=call_id)
        status = refused.status_code
    context = {"sheet": sheet, "choices": BidChoice.choices}
    return render(request, "reviews/bids.html", context, status=status)
