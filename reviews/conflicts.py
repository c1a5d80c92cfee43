"""Conflicts of interest (利害関係): automatic detection, recording, and what follows from them.

Detected automatically for every (reviewer, application) pair when an
application is submitted, when a reviewer profile is added or activated, and
before any assignment is made:

- same institution: the reviewer's institution (profile or affiliation) is the
  application's institution, the PI's own affiliation, or a team member's
  (the member's stated institution or their account's affiliation);
- on the team: the reviewer is the PI or a team member;
- past collaboration: the reviewer and someone on the team were together on
  another application (PI or member) or award within the last five years;
- e-mail domain: the reviewer's address is in a team institution's domain.

Reviewers also declare conflicts (relative, same lab, mentor, competitor,
other), a bid of 「利害関係あり」 records one, and officers record them. A conflicted
pair is never assigned; an assignment found conflicted later is withdrawn and its
review discarded.

**The one rule** for seating someone on an application — a review assignment by
hand, an interview panel, an evaluator panel — is `refuse_if_conflicted`: every
kind detected now plus every recorded one, refused with one error code
(`CONFLICT_CODE`). Lists of candidates leave out `conflicted_ids`.
"""

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, MembershipStatus, Status, TeamMember
from applications.services import application_record_event
from applications.workflow import PENDING_STATES
from programs.models import Institution
from sangaku.bulk import among, bulk_insert
from sangaku.errors import Invalid, Problem

from .models import (
    Assignment,
    AssignmentStatus,
    ConflictKind,
    ConflictOfInterest,
    ConflictSource,
    Review,
    ReviewerProfile,
    ReviewStatus,
)
from .workflow import ASSIGNMENT_WORKFLOW, REVIEW_WORKFLOW

PAST_COLLABORATION_YEARS = 5
# Applications whose review is still ahead or under way.
LIVE_STATUSES = PENDING_STATES
ACTIVE_ASSIGNMENT_STATUSES = (AssignmentStatus.INVITED, AssignmentStatus.ACCEPTED, AssignmentStatus.COMPLETED)
DECLARABLE_KINDS = (
    ConflictKind.RELATIVE,
    ConflictKind.SAME_LAB,
    ConflictKind.MENTOR,
    ConflictKind.COMPETITOR,
    ConflictKind.OTHER,
)

Pair = tuple[int, int]  # (reviewer user id, application id)
# The one error code of a refusal because of a conflict of interest (reviews, interviews, evaluations).
CONFLICT_CODE = "conflict_of_interest"


def detect_conflicts(*, application_ids, reviewer_ids, now=None) -> dict[Pair, set[str]]:
    """Automatic conflict kinds for every pair, read-only, in a fixed number of queries."""
    application_ids, reviewer_ids = list(application_ids), list(reviewer_ids)
    if not application_ids or not reviewer_ids:
        return {}
    now = now or timezone.now()
    from accounts.models import User

    team_users: dict[int, set[int]] = defaultdict(set)
    team_insts: dict[int, set[int]] = defaultdict(set)
    # The application's institution and the PI's own affiliation (they may differ).
    for app_id, applicant_id, inst_id, pi_inst_id in Application.objects.filter(
        among("id", application_ids)
    ).values_list("id", "applicant_id", "institution_id", "applicant__affiliation_id"):
        team_users[app_id].add(applicant_id)
        team_insts[app_id].update(i for i in (inst_id, pi_inst_id) if i)
    # Only people who accepted their place on a team count: a pending or declined invitation is nothing.
    # A member's institution is the one stated on the team row and their account's affiliation.
    accepted = TeamMember.objects.filter(status=MembershipStatus.ACCEPTED)
    for app_id, user_id, inst_id, user_inst_id in accepted.filter(among("application_id", application_ids)).values_list(
        "application_id", "user_id", "institution_id", "user__affiliation_id"
    ):
        if user_id:
            team_users[app_id].add(user_id)
        team_insts[app_id].update(i for i in (inst_id, user_inst_id) if i)
    all_insts = set().union(*team_insts.values())
    domains = {
        pk: [d.lower().lstrip("@") for d in (doms or []) if d]
        for pk, doms in Institution.objects.filter(pk__in=all_insts).values_list("id", "email_domains")
    }

    reviewers = {}
    profile_inst = dict(
        ReviewerProfile.objects.filter(among("user_id", reviewer_ids)).values_list("user_id", "institution_id")
    )
    for pk, affiliation_id, email in User.objects.filter(among("id", reviewer_ids)).values_list(
        "id", "affiliation_id", "email"
    ):
        insts = {i for i in (affiliation_id, profile_inst.get(pk)) if i}
        domain = email.rsplit("@", 1)[1].lower() if email and "@" in email else ""
        reviewers[pk] = (insts, domain)

    # Projects (applications, with or without an award) each person was on in the last five years.
    persons = set(reviewers) | set().union(*team_users.values())
    cutoff = now - dt.timedelta(days=365 * PAST_COLLABORATION_YEARS + 1)
    # Withdrawn and never-submitted (draft) applications are no co-work.
    recent = Application.objects.exclude(status__in=(Status.DRAFT, Status.WITHDRAWN)).filter(
        Q(created_at__gte=cutoff) | Q(submitted_at__gte=cutoff) | Q(award__ends_on__gte=cutoff.date())
    )
    projects: dict[int, set[int]] = defaultdict(set)
    for app_id, person in recent.filter(applicant_id__in=persons).values_list("id", "applicant_id"):
        projects[person].add(app_id)
    for app_id, person in accepted.filter(application__in=recent, user_id__in=persons).values_list(
        "application_id", "user_id"
    ):
        projects[person].add(app_id)

    # Indexes, so each application meets only the reviewers it can conflict with (not all of them).
    by_institution: dict[int, list[int]] = defaultdict(list)
    by_domain_suffix: dict[str, list[int]] = defaultdict(list)
    by_project: dict[int, list[int]] = defaultdict(list)
    for reviewer_id, (r_insts, r_domain) in reviewers.items():
        for inst in r_insts:
            by_institution[inst].append(reviewer_id)
        labels = r_domain.split(".") if r_domain else []
        for i in range(len(labels)):  # a.b.ac.jp matches a.b.ac.jp, b.ac.jp, ac.jp and jp
            by_domain_suffix[".".join(labels[i:])].append(reviewer_id)
        for project in projects[reviewer_id]:
            by_project[project].append(reviewer_id)

    result: dict[Pair, set[str]] = {}

    def add(reviewer_id: int, app_id: int, kind: str) -> None:
        result.setdefault((reviewer_id, app_id), set()).add(kind)

    for app_id in application_ids:
        users, insts = team_users[app_id], team_insts[app_id]
        for inst in insts:
            for reviewer_id in by_institution.get(inst, ()):
                add(reviewer_id, app_id, ConflictKind.SAME_INSTITUTION)
        for reviewer_id in users & reviewers.keys():
            add(reviewer_id, app_id, ConflictKind.ON_TEAM)
        team_projects = set().union(*(projects[p] for p in users)) - {app_id}
        for project in team_projects:
            for reviewer_id in by_project.get(project, ()):
                add(reviewer_id, app_id, ConflictKind.PAST_COLLABORATION)
        for domain in {d for i in insts for d in domains.get(i, [])}:
            for reviewer_id in by_domain_suffix.get(domain, ()):
                add(reviewer_id, app_id, ConflictKind.EMAIL_DOMAIN)
    return result


def recorded_conflicts(*, application_ids, reviewer_ids) -> set[tuple[int, int, str]]:
    """(reviewer, application, kind) of every recorded conflict among these applications and reviewers."""
    return set(
        ConflictOfInterest.objects.filter(
            among("application_id", application_ids), among("reviewer_id", reviewer_ids)
        ).values_list("reviewer_id", "application_id", "kind")
    )


def conflict_kinds(*, application_id: int, person_ids) -> dict[int, set[str]]:
    """The conflict kinds of each person with one application: detected now and recorded (declared, a bid of
    「利害関係あり」, recorded by an officer or by an earlier detection). People without a conflict are absent."""
    person_ids = list(person_ids)
    if not person_ids:
        return {}
    kinds: dict[int, set[str]] = defaultdict(set)
    for (person, _app), found in detect_conflicts(application_ids=[application_id], reviewer_ids=person_ids).items():
        kinds[person].update(found)
    for person, _app, kind in recorded_conflicts(application_ids=[application_id], reviewer_ids=person_ids):
        kinds[person].add(kind)
    return dict(kinds)


def conflicted_ids(*, application_id: int, person_ids) -> set[int]:
    """The people among `person_ids` who may not sit on this application (the candidate lists leave them out)."""
    return set(conflict_kinds(application_id=application_id, person_ids=person_ids))


def refuse_if_conflicted(*, application_id: int, person, field: str, seat: str) -> None:
    """The one conflict rule: refuse (400, `CONFLICT_CODE`, on `field`) to seat `person` on the application
    — as a reviewer, on an interview panel, as an evaluator (`seat` names it) — when they have any conflict."""
    kinds = conflict_kinds(application_id=application_id, person_ids=[person.pk]).get(person.pk)
    if not kinds:
        return
    labels = "・".join(str(ConflictKind(k).label) for k in sorted(kinds))
    reason = _(
        "この申請と利害関係（%(kinds)s）があるため、%(seat)sにできません。利害関係のない審査委員を選んでください。"
    ) % {"kinds": labels, "seat": seat}
    raise Invalid(
        _("%(name)s さんは%(seat)sにできません（利害関係）。") % {"name": str(person), "seat": seat},
        problems=[Problem(field, reason, CONFLICT_CODE)],
        code=CONFLICT_CODE,
    )


_AUTO_NOTES = {
    ConflictKind.SAME_INSTITUTION: "審査委員の所属機関が申請者・実施体制の機関と同一",
    ConflictKind.ON_TEAM: "審査委員が実施体制に参加",
    ConflictKind.PAST_COLLABORATION: "過去5年以内に同じ申請・採択課題の体制に参加",
    ConflictKind.EMAIL_DOMAIN: "審査委員のメールドメインが実施体制の機関のドメインと一致",
}


def withdraw_conflicted_assignments(*, pairs, actor=None) -> list[Assignment]:
    """Withdraw live assignments of conflicted pairs, discard their reviews, and leave an event on each application."""
    pairs = set(pairs)
    if not pairs:
        return []
    # Narrow by both id lists, then keep the exact pairs: one OR per pair would not scale (50,000 pairs).
    candidates = Assignment.objects.filter(
        among("reviewer_id", {r for r, _a in pairs}),
        among("application_id", {a for _r, a in pairs}),
        status__in=ACTIVE_ASSIGNMENT_STATUSES,
    ).values_list("id", "reviewer_id", "application_id")
    ids = [pk for pk, reviewer_id, application_id in candidates if (reviewer_id, application_id) in pairs]
    assignments = list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, status__in=ACTIVE_ASSIGNMENT_STATUSES)
        .select_related("application")
        .order_by("id")
    )
    for assignment in assignments:
        note = _("利害関係が判明したため審査割当 #%(id)s を取り消しました。") % {"id": assignment.pk}
        ASSIGNMENT_WORKFLOW.run(pk=assignment.pk, action="withdraw", actor=actor, note=note, system=True)
        discarded = 0
        for review in Review.objects.filter(assignment=assignment).exclude(status=ReviewStatus.DISCARDED):
            REVIEW_WORKFLOW.run(pk=review.pk, action="discard", actor=actor, note=note, system=True)
            discarded += 1
        if discarded:
            note += _("その審査結果は無効とし、集計から除外します。")
        application_record_event(
            application=assignment.application, actor=actor, action="assignment_withdrawn", note=note
        )
    return assignments


def _insert_auto_conflicts(rows: list[tuple[int, int, str]]) -> None:
    """Store detected conflicts in one statement (`sangaku.bulk`), skipping any recorded meanwhile."""
    bulk_insert(
        ConflictOfInterest,
        per_row={
            "reviewer_id": ("bigint", [r for r, _a, _k in rows]),
            "application_id": ("bigint", [a for _r, a, _k in rows]),
            "kind": ("text", [str(k) for _r, _a, k in rows]),
            "note": ("text", [str(_AUTO_NOTES.get(k, "")) for _r, _a, k in rows]),
        },
        same={"source": str(ConflictSource.AUTO), "created_at": timezone.now()},
        skip_duplicates=True,
    )


def conflicts_detect(*, application_ids, reviewer_ids) -> tuple[set[Pair], list[tuple[int, int, str]]]:
    """Every conflicted pair among these applications and reviewers (detected now or recorded), and the
    detected (reviewer, application, kind) rows not recorded yet. Reads only."""
    found = detect_conflicts(application_ids=application_ids, reviewer_ids=reviewer_ids)
    # What submission and the reviewer profile already recorded is not written again (usually all of it).
    recorded = recorded_conflicts(application_ids=application_ids, reviewer_ids=reviewer_ids)
    new_rows = [(*pair, kind) for pair, kinds in found.items() for kind in kinds if (*pair, kind) not in recorded]
    pairs = set(found)
    pairs.update((reviewer_id, application_id) for reviewer_id, application_id, _kind in recorded)
    return pairs, new_rows


@transaction.atomic
def conflicts_store(*, new_rows: list[tuple[int, int, str]], pairs: set[Pair], actor=None) -> None:
    """Record the new rows of `conflicts_detect` and withdraw any live assignment of a conflicted pair."""
    _insert_auto_conflicts(new_rows)
    withdraw_conflicted_assignments(pairs=pairs, actor=actor)


@transaction.atomic
def conflicts_detect_and_record(*, application_ids, reviewer_ids, actor=None) -> set[Pair]:
    """Detect automatic conflicts, store new ones, withdraw any assignment they hit. Returns all conflicted pairs."""
    pairs, new_rows = conflicts_detect(application_ids=list(application_ids), reviewer_ids=list(reviewer_ids))
    conflicts_store(new_rows=new_rows, pairs=pairs, actor=actor)
    return pairs


@transaction.atomic
def conflict_record(*, reviewer, application, kind: str, source: str, note: str = "", actor=None) -> ConflictOfInterest:
    """Record a declared or officer-recorded conflict and withdraw the pair's live assignment."""
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        reviewer=reviewer,
        application=application,
        kind=kind,
        defaults={"source": source, "note": note, "recorded_by": actor},
    )
    withdraw_conflicted_assignments(pairs={(reviewer.pk, application.pk)}, actor=actor)
    return conflict


def live_application_ids():
    return Application.objects.filter(status__in=LIVE_STATUSES).values_list("id", flat=True)


def active_reviewer_ids():
    return ReviewerProfile.objects.filter(active=True).values_list("user_id", flat=True)
