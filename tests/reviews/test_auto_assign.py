"""Auto-assignment: optimal (min-cost flow), never conflicted, within load caps, k each when feasible."""

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.models import ApplicationEvent
from notifications.models import Notification
from programs.models import Institution
from reviews.affinity import affinity_matrix, tokenize
from reviews.models import Assignment, AssignmentStatus, ConflictOfInterest
from reviews.services import assignment_create, assignment_decline, reviewers_auto_assign
from reviews.solver import solve_greedy, solve_min_cost_flow
from tests.factories import CallFactory, PlatformFactory

from .factories import ReviewableApplicationFactory, ReviewerFactory


def brute_force(affinity, eligible, demand, capacity):
    """Independent optimum: (slots filled, total affinity in hundredths), lexicographically maximal."""
    n_apps, n_revs = affinity.shape
    options = []
    for a in range(n_apps):
        candidates = [r for r in range(n_revs) if eligible[a, r]]
        options.append(
            [c for size in range(demand[a] + 1) for c in itertools.combinations(candidates, min(size, len(candidates)))]
        )
    best = (0, 0)
    for choice in itertools.product(*options):
        load = [0] * n_revs
        for subset in choice:
            for r in subset:
                load[r] += 1
        if any(load[r] > capacity[r] for r in range(n_revs)):
            continue
        slots = sum(len(s) for s in choice)
        total = sum(round(affinity[a, r] * 100) for a, s in enumerate(choice) for r in s)
        best = max(best, (slots, total))
    return best


@st.composite
def small_pools(draw):
    n_apps = draw(st.integers(1, 3))
    n_revs = draw(st.integers(1, 4))
    affinity = (
        np.array(
            draw(st.lists(st.integers(0, 100), min_size=n_apps * n_revs, max_size=n_apps * n_revs)), dtype=float
        ).reshape(n_apps, n_revs)
        / 100
    )
    eligible = np.array(draw(st.lists(st.booleans(), min_size=n_apps * n_revs, max_size=n_apps * n_revs))).reshape(
        n_apps, n_revs
    )
    k = draw(st.integers(1, 2))
    capacity = draw(st.lists(st.integers(0, 3), min_size=n_revs, max_size=n_revs))
    return affinity, eligible, [k] * n_apps, capacity


@settings(max_examples=30, deadline=None)
@given(small_pools())
def test_solver_matches_brute_force_optimum_and_respects_constraints(pool):
    affinity, eligible, demand, capacity = pool
    solution = solve_min_cost_flow(affinity, eligible, demand, capacity)
    assert all(eligible[a, r] for a, r in solution.pairs)
    assert len(set(solution.pairs)) == len(solution.pairs)
    for r in range(affinity.shape[1]):
        assert sum(1 for _a, rr in solution.pairs if rr == r) <= capacity[r]
    for a in range(affinity.shape[0]):
        assert sum(1 for aa, _r in solution.pairs if aa == a) <= demand[a]
    slots, total = brute_force(affinity, eligible, demand, capacity)
    assert len(solution.pairs) == slots
    assert round(solution.total_affinity * 100) == total


def test_solver_beats_greedy_on_a_constructed_case():
    # Greedy grabs 0.9 first and is left with 0.1; the optimum swaps partners for 0.85 + 0.8.
    affinity = np.array([[0.9, 0.8], [0.85, 0.1]])
    eligible = np.ones((2, 2), dtype=bool)
    greedy = solve_greedy(affinity, eligible, [1, 1], [1, 1])
    optimal = solve_min_cost_flow(affinity, eligible, [1, 1], [1, 1])
    assert greedy.total_affinity == pytest.approx(1.0)
    assert optimal.total_affinity == pytest.approx(1.65)
    assert sorted(optimal.pairs) == [(0, 1), (1, 0)]


def test_tokenize_uses_character_bigrams_for_japanese_and_words_for_latin():
    assert tokenize("全固体電池 AI") == ["全固", "固体", "体電", "電池", "ai"]
    matrix = affinity_matrix(["全固体電池の材料開発", "がん免疫療法"], ["電池 材料", "免疫 創薬"])
    assert matrix[0, 0] > matrix[0, 1] and matrix[1, 1] > matrix[1, 0]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    n_apps=st.integers(1, 4),
    caps=st.lists(st.integers(0, 3), min_size=1, max_size=5),
    conflict_bits=st.lists(st.booleans(), min_size=20, max_size=20),
    k=st.integers(1, 3),
)
def test_auto_assign_never_conflicted_never_over_cap_k_when_feasible(setup, n_apps, caps, conflict_bits, k):
    # Hypothesis examples share one test transaction: a fresh platform keeps each example's pool apart.
    platform = PlatformFactory()
    setup["officer"].officer_platforms.add(platform)
    call = CallFactory(stage=setup["stage"], platform=platform)
    call.stage.reviewers_per_application = k
    call.stage.save(update_fields=["reviewers_per_application"])
    apps = [ReviewableApplicationFactory(call=call) for _ in range(n_apps)]
    reviewers = []
    for j, cap in enumerate(caps):
        reviewers.append(ReviewerFactory(profile__cap=cap, profile__expertise="材料 電池"))
        reviewers[-1].reviewer_profile.platforms.add(platform)
        for i, app in enumerate(apps):
            if conflict_bits[(i * len(caps) + j) % 20]:
                # Same institution as the PI: detected automatically by the service.
                inst = Institution.objects.get(pk=app.institution_id)
                type(reviewers[-1]).objects.filter(pk=reviewers[-1].pk).update(affiliation=inst)
                break
    result = reviewers_auto_assign(call_id=call.pk, actor=setup["officer"])
    assigned = list(Assignment.objects.filter(application__call=call).values_list("reviewer_id", "application_id"))
    conflicted = set(ConflictOfInterest.objects.values_list("reviewer_id", "application_id"))
    assert not set(assigned) & conflicted
    for reviewer, cap in zip(reviewers, caps, strict=True):
        assert sum(1 for r, _a in assigned if r == reviewer.pk) <= cap
    # Feasibility, independently: brute force over the same eligibility.
    eligible = np.array([[(r.pk, a.pk) not in conflicted for r in reviewers] for a in apps])
    affinity = np.zeros(eligible.shape)
    slots, _total = brute_force(affinity, eligible, [k] * n_apps, caps) if n_apps * len(caps) <= 12 else (None, None)
    if slots is not None:
        assert len(assigned) == slots
        if slots == k * n_apps:
            assert result.unfilled == []
        else:
            assert result.unfilled, "a shortfall must be reported, not dropped"


def test_infeasible_demand_is_reported_with_the_reason(setup, api_client):
    app = ReviewableApplicationFactory(call=setup["call"])
    ReviewerFactory()  # one free reviewer; k = 2
    ReviewerFactory(affiliation=app.institution)  # conflicted
    api_client.force_authenticate(setup["officer"])
    response = api_client.post(f"/api/v1/calls/{setup['call'].pk}/auto-assign/?dry_run=true")
    assert response.status_code == 200
    body = response.json()
    assert len(body["proposal"]) == 1
    [unfilled] = body["unfilled"]
    assert unfilled["application"] == app.pk and unfilled["needed"] == 2 and unfilled["assigned"] == 1
    assert "利害関係のない審査委員が不足" in unfilled["reason"]


def test_load_cap_shortage_is_reported_as_such(setup):
    apps = [ReviewableApplicationFactory(call=setup["call"]) for _ in range(2)]
    ReviewerFactory(profile__cap=1)
    ReviewerFactory(profile__cap=1)
    result = reviewers_auto_assign(call_id=setup["call"].pk, actor=setup["officer"], dry_run=True)
    assert len(result.proposal) == 2
    assert {u["application"].pk for u in result.unfilled} <= {a.pk for a in apps}
    assert sum(u["needed"] - u["assigned"] for u in result.unfilled) == 2
    assert all("上限" in u["reason"] for u in result.unfilled)


def test_dry_run_saves_nothing_and_apply_saves_notifies_and_keeps_existing(setup, api_client):
    battery = ReviewableApplicationFactory(call=setup["call"], title="全固体電池の量産技術", keywords="電池、材料")
    drug = ReviewableApplicationFactory(call=setup["call"], title="がん免疫療法の新規抗体", keywords="創薬、抗体")
    r_battery = ReviewerFactory(profile__expertise="電池 材料 固体")
    r_drug = ReviewerFactory(profile__expertise="創薬 抗体 免疫")
    r_general = ReviewerFactory(profile__expertise="経営 事業化")
    declined = ReviewerFactory(profile__expertise="電池 材料")
    kept = assignment_create(application_id=battery.pk, reviewer=r_general, actor=setup["officer"])
    gone = assignment_create(application_id=drug.pk, reviewer=declined, actor=setup["officer"])
    assignment_decline(assignment_id=gone.pk, actor=declined)

    api_client.force_authenticate(setup["officer"])
    url = f"/api/v1/calls/{setup['call'].pk}/auto-assign/"
    preview = api_client.post(url + "?dry_run=true").json()
    assert Assignment.objects.count() == 2
    proposed = {(p["application"], p["reviewer"]) for p in preview["proposal"]}
    assert (battery.pk, r_battery.pk) in proposed and (drug.pk, r_drug.pk) in proposed
    assert (drug.pk, declined.pk) not in proposed  # a declined pair is never proposed again
    assert len([p for p in proposed if p[0] == battery.pk]) == 1  # the kept assignment counts

    response = api_client.post(url, {"due_at": "2030-01-31T17:00:00+09:00"})
    assert response.status_code == 201
    assert {(p["application"], p["reviewer"]) for p in response.json()["proposal"]} == proposed
    kept.refresh_from_db()
    assert kept.status == AssignmentStatus.INVITED
    new = Assignment.objects.filter(pk__in=response.json()["assignments"])
    assert new.count() == len(proposed)
    assert all(a.due_at.isoformat().startswith("2030-01-31T08:00") for a in new)
    # One invitation per reviewer of this run, naming every application it gave them (with its number).
    for a in new:
        invitation = Notification.objects.get(recipient=a.reviewer, kind="assignment_invitations")
        assert f"{a.application.receipt_number}「{a.application.title}」" in invitation.body
        assert "2030年1月31日 17:00" in invitation.body
    assert Notification.objects.filter(kind="assignment_invitations").count() == len({a.reviewer_id for a in new})
    assert ApplicationEvent.objects.filter(action="reviewers_assigned").exists()
    # A second run finds nothing left to do.
    again = api_client.post(url).json()
    assert again["proposal"] == []


def test_manual_assignment_respects_the_load_cap(setup, api_client):
    first, second = ReviewableApplicationFactory(call=setup["call"]), ReviewableApplicationFactory(call=setup["call"])
    reviewer = ReviewerFactory(profile__cap=1)
    api_client.force_authenticate(setup["officer"])
    assert (
        api_client.post("/api/v1/assignments/", {"application": first.pk, "reviewer": reviewer.pk}).status_code == 201
    )
    response = api_client.post("/api/v1/assignments/", {"application": second.pk, "reviewer": reviewer.pk})
    assert response.status_code == 400
    assert "上限" in response.json()["errors"]["reviewer"][0]


def test_reviewer_cannot_create_assignments(setup, api_client):
    app = ReviewableApplicationFactory(call=setup["call"])
    reviewer = ReviewerFactory()
    api_client.force_authenticate(reviewer)
    response = api_client.post("/api/v1/assignments/", {"application": app.pk, "reviewer": reviewer.pk})
    assert response.status_code == 400
    assert not Assignment.objects.exists()


def test_a_reviewer_given_several_applications_gets_one_invitation_listing_them(setup, api_client):
    apps = [ReviewableApplicationFactory(call=setup["call"], title=f"申請{i}の題目") for i in range(3)]
    reviewers = [ReviewerFactory(profile__expertise="電池"), ReviewerFactory(profile__expertise="材料")]
    api_client.force_authenticate(setup["officer"])
    url = f"/api/v1/calls/{setup['call'].pk}/auto-assign/"
    assert api_client.post(url).status_code == 201
    for reviewer in reviewers:  # k = 2 and two reviewers: each has all three applications
        (invitation,) = Notification.objects.filter(recipient=reviewer, kind="assignment_invitations")
        assert "3件" in invitation.subject
        for app in apps:
            assert f"{app.receipt_number}「{app.title}」" in invitation.body
    api_client.post(url)  # a second click: nothing left to assign, nothing sent again
    assert Notification.objects.filter(kind="assignment_invitations").count() == 2
