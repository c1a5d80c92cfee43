"""Automatic assignment (自動割当): k reviewers per application, load caps, no conflicts, maximum affinity."""

import datetime as dt
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import ApplicationEvent
from programs.models import Call
from sangaku.bulk import among, bulk_insert

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
from .conflicts import ACTIVE_ASSIGNMENT_STATUSES, conflicts_detect, conflicts_store
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
    # The arithmetic (TF-IDF, then the min-cost flow) runs on a second thread while this one reads and
    # writes the database: it touches no database and no request state, and the two overlap only where
    # this thread waits for PostgreSQL (recording 50,000 conflicts on a call's first assignment, say).
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="auto-assign") as arithmetic:
        affinity_job = arithmetic.submit(
            affinity_matrix, [application_text(a) for a in apps], [p.expertise for p in profiles]
        )
        conflicted, new_conflicts = conflicts_detect(application_ids=app_ids, reviewer_ids=reviewer_ids)
        existing = list(
            Assignment.objects.filter(among("application_id", app_ids)).values_list(
                "reviewer_id", "application_id", "status"
            )
        )
        load = call_load(call.pk, reviewer_ids)
        ever_paired = {(r, a) for r, a, _s in existing}
        have = dict.fromkeys(app_ids, 0)
        for r, a, status in existing:
            if status not in ACTIVE_ASSIGNMENT_STATUSES:
                continue
            if (r, a) not in conflicted:
                have[a] += 1
            elif r in load:  # withdrawn below (conflicts_store): no longer counts against the reviewer's cap
                load[r] -= 1
        demand = [max(0, k - have[a.pk]) for a in apps]
        capacity = [max(0, p.max_load_per_call - load[p.user_id]) for p in profiles]
        eligible = np.ones((len(apps), len(profiles)), dtype=bool)
        app_index = {a.pk: i for i, a in enumerate(apps)}
        reviewer_index = {p.user_id: j for j, p in enumerate(profiles)}
        for pairs in (conflicted, ever_paired):
            cells = [(app_index[a], reviewer_index[r]) for r, a in pairs if r in reviewer_index and a in app_index]
            if cells:
                eligible[tuple(np.array(cells).T)] = False
        bonus, unwilling = bid_matrix(call, apps, reviewer_ids)
        solve_job = arithmetic.submit(
            lambda: solve_min_cost_flow(
                affinity_job.result(), eligible, demand, capacity, bonus=bonus, unwilling=unwilling
            )
        )
        if not dry_run:
            conflicts_store(new_rows=new_conflicts, pairs=conflicted, actor=actor)
        affinity, solution = affinity_job.result(), solve_job.result()
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
    created = _save_assignments(result.proposal, due, actor)
    ranking_changed(call.pk)  # a bulk insert sends no post_save
    record_assigned(created, actor, note=_("自動割当"))
    replacements_record(created, actor)
    notify_assignments(created, call)
    per_application = Counter(a.application_id for a in created)
    statuses = {a.pk: a.status for a in apps}
    bulk_insert(
        ApplicationEvent,
        per_row={
            "application_id": ("bigint", list(per_application)),
            "from_status": ("text", [statuses[pk] for pk in per_application]),
            "to_status": ("text", [statuses[pk] for pk in per_application]),
            "note": (
                "text",
                [_("審査委員を自動割当しました（%(n)s名）。") % {"n": n} for n in per_application.values()],
            ),
        },
        same={"actor_id": getattr(actor, "pk", None), "action": "reviewers_assigned", "at": timezone.now()},
    )
    result.saved = True
    result.assignments = created
    return result


def _save_assignments(proposal: list[dict], due: dt.datetime, actor) -> list[Assignment]:
    """The proposal's Assignment rows in one statement (`sangaku.bulk`: thousands of rows, no model instance
    built to insert them); returned as instances with their reviewer and application attached."""
    now = timezone.now()
    rows = bulk_insert(
        Assignment,
        per_row={
            "reviewer_id": ("bigint", [item["reviewer"].pk for item in proposal]),
            "application_id": ("bigint", [item["application"].pk for item in proposal]),
            "affinity": ("float8", [item["affinity"] for item in proposal]),
        },
        same={
            "status": str(AssignmentStatus.INVITED),
            "due_at": due,
            "assigned_by_id": getattr(actor, "pk", None),
            "created_at": now,
        },
        returning=("id", "reviewer_id", "application_id"),
    )
    by_pair = {(item["reviewer"].pk, item["application"].pk): item for item in proposal}
    created = []
    for pk, reviewer_id, application_id in rows:
        item = by_pair[(reviewer_id, application_id)]
        assignment = Assignment(
            id=pk,
            reviewer_id=reviewer_id,
            application_id=application_id,
            status=AssignmentStatus.INVITED,
            due_at=due,
            affinity=item["affinity"],
            assigned_by_id=getattr(actor, "pk", None),
            created_at=now,
        )
        assignment._state.adding, assignment._state.db = False, Assignment.objects.db
        Assignment.reviewer.field.set_cached_value(assignment, item["reviewer"])
        Assignment.application.field.set_cached_value(assignment, item["application"])
        created.append(assignment)
    return created
