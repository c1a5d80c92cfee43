"""Bidding (審査希望): before assignment, a reviewer in a call's pool marks each conflict-free
application eager / willing / not willing / conflict. A declared conflict becomes a
ConflictOfInterest (source: declared). Bids feed the auto-assignment costs (`bid_matrix`).

Bids are taken until the call's `bids_due_at` (no deadline: until assignment); a reminder goes
to pool reviewers who have not bid, once per call and reviewer (outbox dedup key).
"""

import datetime as dt

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import notify
from programs.models import Call
from sangaku.bulk import among
from sangaku.errors import Refused, invalid

from .assigning import ASSIGNABLE_STATUSES
from .conflicts import conflict_record, detect_conflicts, recorded_conflicts
from .errors import out_of_reach
from .models import Bid, BidChoice, ConflictKind, ConflictSource
from .selectors import reviewer_pool

REMIND_BEFORE = dt.timedelta(days=2)


def _call_for_bidder(call_id: int, reviewer) -> Call:
    """The call, if the reviewer is in its pool; otherwise out of reach (404)."""
    call = Call.objects.select_related("stage__program").filter(pk=call_id).first()
    if call is None or not reviewer.is_authenticated or not reviewer_pool(call).filter(user=reviewer).exists():
        raise out_of_reach()
    return call


def biddable_applications(call: Call, reviewer) -> list:
    """The call's applications still taking reviewers, minus any the reviewer has a conflict with."""
    apps = list(call.applications.filter(status__in=ASSIGNABLE_STATUSES).order_by("id"))
    ids = [a.pk for a in apps]
    conflicted = {a for _r, a in detect_conflicts(application_ids=ids, reviewer_ids=[reviewer.pk])}
    conflicted |= {a for _r, a, _kind in recorded_conflicts(application_ids=ids, reviewer_ids=[reviewer.pk])}
    return [a for a in apps if a.pk not in conflicted]


def bids_for(call_id: int, reviewer) -> dict:
    """The reviewer's bid sheet: the call, its deadline, and one row per conflict-free application."""
    call = _call_for_bidder(call_id, reviewer)
    apps = biddable_applications(call, reviewer)
    mine = dict(Bid.objects.filter(reviewer=reviewer, application__in=apps).values_list("application_id", "choice"))
    return {
        "call": call,
        "open": bids_open(call),
        "rows": [{"application": a, "bid": mine.get(a.pk, "")} for a in apps],
    }


def bids_open(call: Call, now=None) -> bool:
    return call.bids_due_at is None or (now or timezone.now()) < call.bids_due_at


@transaction.atomic
def bids_save(*, call_id: int, reviewer, bids: dict) -> dict:
    """Save the reviewer's bids ({application id: choice}; a blank choice removes the bid)."""
    call = _call_for_bidder(call_id, reviewer)
    if not bids_open(call):
        raise Refused(_("審査希望の締切を過ぎたため、変更できません。"), code="bids_closed")
    if not isinstance(bids, dict):
        raise invalid({"bids": _("審査希望は {申請ID: 希望} の形式で入力してください。")})
    by_id = {a.pk: a for a in biddable_applications(call, reviewer)}
    errors, clean = [], {}
    for key, choice in bids.items():
        app = by_id.get(int(key)) if str(key).isdigit() else None
        if app is None:
            errors.append(_("申請「%(id)s」はこの公募で審査希望を出せる申請ではありません。") % {"id": key})
        elif choice not in ("", None, *BidChoice.values):
            labels = "、".join(str(c.label) for c in BidChoice)
            errors.append(
                _("申請「%(number)s」の審査希望は次から選んでください: %(choices)s")
                % {"number": app.receipt_number or app.pk, "choices": labels}
            )
        else:
            clean[app] = choice or ""
    if errors:
        raise invalid({"bids": errors})
    # Two statements however many rows the reviewer sent: blanks removed, the rest inserted or updated.
    removed = [app.pk for app, choice in clean.items() if not choice]
    if removed:
        Bid.objects.filter(reviewer=reviewer, application_id__in=removed).delete()
    Bid.objects.bulk_create(
        [Bid(reviewer=reviewer, application=app, choice=choice) for app, choice in clean.items() if choice],
        update_conflicts=True,
        unique_fields=["reviewer", "application"],
        update_fields=["choice", "updated_at"],
    )
    for app, choice in clean.items():
        if choice == BidChoice.CONFLICT:
            conflict_record(
                reviewer=reviewer,
                application=app,
                kind=ConflictKind.OTHER,
                source=ConflictSource.DECLARED,
                note=_("審査希望で利害関係ありと申告"),
                actor=reviewer,
            )
    return bids_for(call_id, reviewer)


def bid_matrix(call: Call, apps, reviewer_ids) -> tuple[np.ndarray, np.ndarray]:
    """(bonus, unwilling): the stage's weight per pair from the bids, and the "not willing" pairs."""
    bonus = np.zeros((len(apps), len(reviewer_ids)))
    unwilling = np.zeros((len(apps), len(reviewer_ids)), dtype=bool)
    app_index = {a.pk: i for i, a in enumerate(apps)}
    reviewer_index = {r: j for j, r in enumerate(reviewer_ids)}
    weights = {BidChoice.EAGER: call.stage.bid_weight_eager, BidChoice.WILLING: call.stage.bid_weight_willing}
    for reviewer_id, app_id, choice in Bid.objects.filter(
        among("application_id", app_index), among("reviewer_id", reviewer_index)
    ).values_list("reviewer_id", "application_id", "choice"):
        i, j = app_index[app_id], reviewer_index[reviewer_id]
        bonus[i, j] = weights.get(choice, 0.0)
        unwilling[i, j] = choice == BidChoice.NOT_WILLING
    return bonus, unwilling


def bids_remind(now=None) -> int:
    """Remind pool reviewers who have bid on nothing, within REMIND_BEFORE of the deadline; never twice."""
    now = now or timezone.now()
    sent = 0
    for call in Call.objects.filter(bids_due_at__gt=now, bids_due_at__lte=now + REMIND_BEFORE).select_related(
        "stage__program"
    ):
        bidders = set(Bid.objects.filter(application__call=call).values_list("reviewer_id", flat=True))
        for profile in reviewer_pool(call):
            if profile.user_id in bidders:
                continue
            reviewer = profile.user
            sent += bool(
                notify(
                    recipient=reviewer,
                    kind="bids_reminder",
                    context={
                        "name": reviewer.display_name or reviewer.username,
                        "call": call.title,
                        "due": timezone.localtime(call.bids_due_at).strftime("%Y-%m-%d %H:%M"),
                        "link": "/review/",
                    },
                    dedup_key=f"bids_reminder:{call.pk}:{reviewer.pk}",
                    link="/review/",
                )
            )
    return sent
