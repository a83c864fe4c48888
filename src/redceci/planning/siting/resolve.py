"""Exact re-solves inside ``solve_greedy``: HiGHS on the sites reduced-cost fixing leaves
open (step 8), and for maximal covering on the covering LP's largest sites."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Final

import numpy as np

from redceci.errors import InfeasibleError
from redceci.planning.siting.assignment import assignment_lp, make_feasible
from redceci.planning.siting.bound import LagrangianDual
from redceci.planning.siting.milp import run_covering_milp, run_milp
from redceci.planning.siting.problem import FloatArray, IntArray, SitingProblem, sum_product

#: An LP value above which a site is in the covering LP's support.
LP_SUPPORT: Final = 1e-3


@dataclass(frozen=True)
class Resolved:
    """What the exact re-solve of the sites left open found."""

    plan: list[tuple[int, int]]
    flows: FloatArray
    objective: float
    bound: float
    sites: int
    nodes: int
    timed_out: bool


def resolve(
    problem: SitingProblem,
    dual: LagrangianDual,
    plan: list[tuple[int, int]],
    objective: float,
    max_sites: int,
    max_nodes: int,
    time_limit: float,
) -> Resolved | None:
    """Step 8 of ``solve_greedy``: HiGHS on the sites reduced-cost fixing leaves open."""
    keep = ~dual.closed_sites(objective)
    for j, _ in plan:
        keep[j] = True
    sites = np.nonzero(keep)[0]
    if sites.size > max_sites:
        return None
    if plain_covering(problem, dual):
        return resolve_covering(problem, dual, plan, sites, max_nodes, time_limit)
    new_id = np.full(problem.n_sites, -1, dtype=np.int64)
    new_id[sites] = np.arange(sites.size)
    pair_site = np.asarray(problem.pair_site, dtype=np.int64)
    pairs = np.nonzero(keep[pair_site])[0]
    reduced = dataclasses.replace(
        problem,
        pair_unit=np.asarray(problem.pair_unit)[pairs],
        pair_site=new_id[pair_site[pairs]].astype(np.int32),
        pair_minutes=np.asarray(problem.pair_minutes)[pairs],
        n_sites=int(sites.size),
        site_state=np.asarray(problem.site_state)[sites],
        site_max_centres=np.asarray(problem.site_max_centres)[sites],
        must_keep={int(new_id[j]): k for j, k in problem.must_keep.items()},
    )
    try:
        solved = run_milp(
            reduced,
            time_limit=time_limit,
            mip_rel_gap=1e-9,
            start=[(int(new_id[j]), k) for j, k in plan],
            strong=True,
            max_nodes=max_nodes,
        )
    except InfeasibleError:  # no plan on these sites at all: the incumbent is optimal
        return Resolved(plan, np.zeros(0), -math.inf, objective, int(sites.size), 0, False)
    if solved is None:
        return None
    back = [(int(sites[c.site]), c.size_index) for c in solved.centres]
    capacity = np.zeros(problem.n_sites)
    for j, k in back:
        capacity[j] += problem.sizes[k]
    flows = np.zeros(problem.n_pairs)
    key = np.asarray(solved.flow_unit) * max(sites.size, 1) + np.asarray(solved.flow_site)
    red_key = np.asarray(reduced.pair_unit, dtype=np.int64) * max(sites.size, 1) + np.asarray(
        reduced.pair_site, dtype=np.int64
    )
    order = np.argsort(red_key)
    flows[pairs[order[np.searchsorted(red_key[order], key)]]] = solved.flow_amount
    flows = make_feasible(problem, flows, capacity)
    weight = np.asarray(problem.weight, dtype=np.float64)
    value = sum_product(weight[np.asarray(problem.pair_unit, dtype=np.int64)], flows)
    return Resolved(
        back,
        flows,
        value,
        solved.bound,
        int(sites.size),
        int(solved.iterations.get("mip_nodes", 0)),
        solved.status == "time_limit" and solved.seconds >= time_limit,
    )


def lp_support(
    sites: IntArray, x: FloatArray, plan: list[tuple[int, int]], max_sites: int
) -> IntArray:
    """The plan's sites and, up to ``max_sites`` in all, the sites of largest LP value
    ``x`` (above ``LP_SUPPORT``; ties to the lower index), sorted."""
    opened = np.unique(np.array([j for j, _ in plan], dtype=np.int64))
    room = max_sites - opened.size
    if room <= 0:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(-x, kind="stable")
    order = order[x[order] > LP_SUPPORT]
    chosen = sites[order]
    chosen = chosen[~np.isin(chosen, opened)][:room]
    return np.union1d(opened, chosen).astype(np.int64)


def plain_covering(problem: SitingProblem, dual: LagrangianDual) -> bool:
    """Whether the model is maximal covering: one size whose centre holds all a site reaches,
    no approved sites, no state limits (any ``dual.data.count`` sites make a plan) and no
    occupancy rule (which the MILP does not model)."""
    return (
        dual.data.uncapacitated
        and problem.min_occupancy == 0
        and len(problem.sizes) == 1
        and not problem.must_keep
        and not problem.state_min
        and not problem.state_max
    )


def resolve_covering(
    problem: SitingProblem,
    dual: LagrangianDual,
    plan: list[tuple[int, int]],
    sites: IntArray,
    max_nodes: int,
    time_limit: float,
) -> Resolved | None:
    """Step 8 for maximal covering: the compact covering MILP on the sites left open (far
    smaller than the pair-flow model), its plan's flows from the assignment LP."""
    sites = sites[np.asarray(problem.site_max_centres)[sites] > 0]
    start = np.array(sorted({j for j, _ in plan}), dtype=np.int64)
    solved = run_covering_milp(
        problem,
        sites,
        start,
        count=dual.data.count,
        max_nodes=max_nodes,
        time_limit=time_limit,
    )
    if solved is None:
        return None
    back = [(int(j), 0) for j in solved.sites]
    capacity = np.zeros(problem.n_sites)
    capacity[solved.sites] = problem.sizes[0]
    assigned = assignment_lp(problem, capacity)
    if assigned is None:
        return None
    flows = make_feasible(problem, assigned[0], capacity)
    weight = np.asarray(problem.weight, dtype=np.float64)
    value = sum_product(weight[np.asarray(problem.pair_unit, dtype=np.int64)], flows)
    bound = solved.bound if math.isfinite(solved.bound) else math.inf
    return Resolved(back, flows, value, bound, int(sites.size), solved.nodes, solved.stopped_early)
