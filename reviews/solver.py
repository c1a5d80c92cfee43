"""Optimal reviewer assignment as a min-cost flow (OR-Tools), plus a greedy baseline.

Pure functions over in-memory arrays; the service in `reviews.services` feeds
them from the database and `bench/assignment.py` from synthetic data.

Graph: source → application (capacity = reviewers still needed) → reviewer
(capacity 1, only for eligible pairs) → sink (capacity = remaining load).
`solve_max_flow_with_min_cost` first fills as many slots as possible, then,
among all such fillings, minimises Σ (SCALE − affinity·SCALE) — which, with the
flow fixed, is the same as maximising the total affinity. Costs must be
integers, hence the scaling.
"""

import time
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

SCALE = 1_000_000


@dataclass
class Solution:
    pairs: list[tuple[int, int]]  # (application index, reviewer index)
    total_affinity: float
    seconds: float
    filled: list[int] = field(default_factory=list)  # new reviewers per application


def _result(pairs, affinity, n_apps, started) -> Solution:
    filled = [0] * n_apps
    for a, _r in pairs:
        filled[a] += 1
    total = float(sum(affinity[a, r] for a, r in pairs))
    return Solution(pairs=pairs, total_affinity=total, seconds=time.perf_counter() - started, filled=filled)


def solve_min_cost_flow(
    affinity: np.ndarray, eligible: np.ndarray, demand, capacity, *, bonus=None, unwilling=None
) -> Solution:
    """Maximum number of filled slots, and among those the maximum total affinity.

    `affinity` and `eligible` have shape (applications, reviewers); `demand[a]`
    is how many more reviewers application a needs; `capacity[r]` how many more
    assignments reviewer r may take. `bonus` (bids: the stage's weight per pair) is added to
    the affinity in the cost; an `unwilling` pair costs more than any filling without it, so it
    is used only when the slots cannot be filled otherwise.
    """
    started = time.perf_counter()
    n_apps, n_revs = affinity.shape
    demand = np.asarray(demand, dtype=np.int64)
    capacity = np.asarray(capacity, dtype=np.int64)
    ok = eligible & (demand[:, None] > 0) & (capacity[None, :] > 0)
    app_idx, rev_idx = np.nonzero(ok)
    total = int(demand.sum())
    if total == 0 or len(app_idx) == 0:
        return _result([], affinity, n_apps, started)

    source, sink = 0, n_apps + n_revs + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    apps = np.arange(n_apps, dtype=np.int64)
    revs = np.arange(n_revs, dtype=np.int64)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.zeros(n_apps, dtype=np.int64), apps + 1, demand, np.zeros(n_apps, dtype=np.int64)
    )
    gain = affinity[app_idx, rev_idx] + (bonus[app_idx, rev_idx] if bonus is not None else 0.0)
    top = max(1.0, float(np.max(gain)) if len(gain) else 1.0)
    costs = np.rint((top - gain) * SCALE).astype(np.int64)
    if unwilling is not None:
        # More than the whole cost of any filling without unwilling pairs: minimise their number first.
        penalty = int(np.rint(top * SCALE)) * (total + 1) + 1
        costs = costs + unwilling[app_idx, rev_idx].astype(np.int64) * penalty
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        app_idx.astype(np.int64) + 1,
        rev_idx.astype(np.int64) + 1 + n_apps,
        np.ones(len(app_idx), dtype=np.int64),
        costs,
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        revs + 1 + n_apps, np.full(n_revs, sink, dtype=np.int64), capacity, np.zeros(n_revs, dtype=np.int64)
    )
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min cost flow failed: status {status}")
    used = flow.flows(pair_arcs) > 0
    pairs = list(zip(app_idx[used].tolist(), rev_idx[used].tolist(), strict=True))
    return _result(pairs, affinity, n_apps, started)


def solve_greedy(affinity: np.ndarray, eligible: np.ndarray, demand, capacity) -> Solution:
    """Baseline: take the best remaining eligible pair while both sides have room."""
    started = time.perf_counter()
    n_apps, _n_revs = affinity.shape
    need = list(demand)
    room = list(capacity)
    app_idx, rev_idx = np.nonzero(eligible)
    order = np.argsort(-affinity[app_idx, rev_idx], kind="stable")
    pairs = []
    remaining = sum(need)
    for a, r in zip(app_idx[order].tolist(), rev_idx[order].tolist(), strict=True):
        if need[a] > 0 and room[r] > 0:
            pairs.append((a, r))
            need[a] -= 1
            room[r] -= 1
            remaining -= 1
            if remaining == 0:
                break
    return _result(pairs, affinity, n_apps, started)
