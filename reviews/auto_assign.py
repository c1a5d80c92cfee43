"""Automatic assignment (自動割当): k reviewers per application, load caps, no conflicts, maximum affinity."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import ApplicationEvent
from programs.models import Call

from .affinity import affinity_matrix
from .assigning import (
    ASSIGNABLE_STATUSES,
    application_text,
    call_load,
    default_due_at,
    notify_assignments,
    record_assigned,
)
from .bidding import bid_matrix
from .conflicts import (
    ACTIVE_ASSIGNMENT_STATUSES,
    conflicts_detect_and_record,
    detect_conflicts,
    recorded_conflict_pairs,
)
from .errors import out_of_reach
from .models import Assignment, AssignmentStatus
from .ranking_store import ranking_changed
from .replacements import replacements_record
from .selectors import calls_for_officer, reviewer_pool
from .solver import solve_min_cost_flow


@dataclass
class AutoAssignResult:
    proposal: list[dict] = field(default_factory=list)  # application, reviewer, affinity
    unfilled: list[dict] = field(default_factory=list)  # application, needed, proposed, reason
    total_affinity: float = 0.0
    saved: bool = False
    assignments: list[Assignment] = field(default_factory=list)


@transaction.atomic
def reviewers_auto_assign(*, call_id: int, actor, dry_run: bool = False, due_at: dt.datetime | None = None):
    """Assign reviewers to every application of a call that still needs them, optimally.

    Maximises total affinity subject to k reviewers per application
    (`Stage.reviewers_per_application`), each reviewer's `max_load_per_call`
    (existing assignments in the call count), and no conflicted pair. Existing
    live assignments are kept; a pair that was ever assigned (declined,
    withdrawn) is not proposed again. Applications that cannot get k reviewers
    are reported with the reason. `dry_run` writes nothing.
    """
    if not calls_for_officer(actor).filter(pk=call_id).exists():
        raise out_of_reach()
    call = Call.objects.select_for_update(of=("self",)).select_related("stage__program").get(pk=call_id)
    k = call.stage.reviewers_per_application
    apps = list(call.applications.filter(status__in=ASSIGNABLE_STATUSES).order_by("id"))
    profiles = list(reviewer_pool(call))
    result = AutoAssignResult()
    if not apps:
        return result
    app_ids = [a.pk for a in apps]
    reviewer_ids = [p.user_id for p in profiles]

    if dry_run:
        conflicted = set(detect_conflicts(application_ids=app_ids, reviewer_ids=reviewer_ids))
        conflicted |= recorded_conflict_pairs(application_ids=app_ids, reviewer_ids=reviewer_ids)
    else:
        conflicted = conflicts_detect_and_record(application_ids=app_ids, reviewer_ids=reviewer_ids, actor=actor)

    existing = list(
        Assignment.objects.filter(application_id__in=app_ids).values_list("reviewer_id", "application_id", "status")
    )
    ever_paired = {(r, a) for r, a, _s in existing}
    have = dict.fromkeys(app_ids, 0)
    for _r, a, status in existing:
        if status in ACTIVE_ASSIGNMENT_STATUSES and (_r, a) not in conflicted:
            have[a] += 1
    load = call_load(call.pk, reviewer_ids)

    demand = [max(0, k - have[a.pk]) for a in apps]
    capacity = [max(0, p.max_load_per_call - load[p.user_id]) for p in profiles]
    eligible = np.ones((len(apps), len(profiles)), dtype=bool)
    app_index = {a.pk: i for i, a in enumerate(apps)}
    reviewer_index = {p.user_id: j for j, p in enumerate(profiles)}
    for reviewer_id, app_id in conflicted | ever_paired:
        if reviewer_id in reviewer_index and app_id in app_index:
            eligible[app_index[app_id], reviewer_index[reviewer_id]] = False
    affinity = affinity_matrix([application_text(a) for a in apps], [p.expertise for p in profiles])
    bonus, unwilling = bid_matrix(call, apps, reviewer_ids)
    solution = solve_min_cost_flow(affinity, eligible, demand, capacity, bonus=bonus, unwilling=unwilling)
    filled = solution.filled or [0] * len(apps)
    result.total_affinity = round(solution.total_affinity, 6)
    for i, j in sorted(solution.pairs):
        result.proposal.append(
            {
                "application": apps[i],
                "reviewer": profiles[j].user,
                "affinity": round(float(affinity[i, j]), 6),
                # A "not willing" bid used because nothing else filled the slots (the preview says so).
                "unwilling": bool(unwilling[i, j]),
            }
        )
    for i, app in enumerate(apps):
        if filled[i] >= demand[i]:
            continue
        candidates = int(eligible[i].sum())
        if have[app.pk] + candidates < k:
            reason = _("利害関係のない審査委員が不足しています（候補%(n)s名、必要%(k)s名）。") % {
                "n": have[app.pk] + candidates,
                "k": k,
            }
        else:
            reason = _("候補の審査委員が担当上限に達しているため不足しています。")
        result.unfilled.append(
            {
                "application": app,
                "needed": k,
                "assigned": have[app.pk] + filled[i],
                "reason": reason,
            }
        )
    if dry_run:
        return result

    due = due_at or default_due_at()
    rows = [
        Assignment(
            reviewer=item["reviewer"],
            application=item["application"],
            due_at=due,
            affinity=item["affinity"],
            assigned_by=actor,
        )
        for item in result.proposal
    ]
    created = Assignment.objects.bulk_create(rows)
    if created and created[0].pk is None:  # backends without RETURNING
        created = list(
            Assignment.objects.filter(
                application_id__in=app_ids, assigned_by=actor, status=AssignmentStatus.INVITED, due_at=due
            ).select_related("application", "reviewer")
        )
    ranking_changed(call.pk)  # bulk_create sends no post_save
    record_assigned(created, actor, note=_("自動割当"))
    replacements_record(created, actor)
    notify_assignments(created)
    per_application = Counter(a.application_id for a in created)
    applications_by_id = {a.application_id: a.application for a in created}
    ApplicationEvent.objects.bulk_create(
        [
            ApplicationEvent(
                application=applications_by_id[app_id],
                actor=actor,
                action="reviewers_assigned",
                from_status=applications_by_id[app_id].status,
                to_status=applications_by_id[app_id].status,
                note=_("審査委員を自動割当しました（%(n)s名）。") % {"n": n},
            )
            for app_id, n in per_application.items()
        ]
    )
    result.saved = True
    result.assignments = created
    return result
