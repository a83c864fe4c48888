"""Solve the siting model exactly as a MILP with HiGHS, started from the heuristic's plan.

Sizes it suits (measured 2026-12-05 on this 2-core machine, load 1-4): a state. Aguascalientes
(409 units x 129 sites, 20 centres) is proven optimal in seconds; Querétaro (2,238 x 301, 20
centres, 3,000 places) reaches 782.5 within 0.8 % of HiGHS's bound in 90 s, 2.6 % above the
heuristic's 762.8. On SYNTHETIC maximal covering of 5,000 units x 1,000 sites (70,658 pairs)
with p = 100, HiGHS does not leave the root node of this pair-flow model in 60 s, nor in 120 s
with ``strong`` rows: the answer is the heuristic's plan (216,820, gap 0.59 %), which
``solve_greedy`` gives in about 1 s. With p = 20 the heuristic proves its plan optimal and
HiGHS does not run. On national or 20,000 x 5,000 instances use ``solve_greedy``, whose
certificate states how far from optimal its plan can be. Started from the heuristic (its plan
is the MIP start, ``Highs.setSolution``, hence the cutoff), ``solve_exact`` never returns a
worse plan than it.

The result's status and gap are read from HiGHS's model status and dual bound, never assumed.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Sequence

import numpy as np

from redceci.errors import InfeasibleError, RedceciError
from redceci.planning.siting.assignment import build_result
from redceci.planning.siting.milp import run_milp
from redceci.planning.siting.problem import (
    OPTIMAL_GAP,
    SitingProblem,
    SitingResult,
    relative_gap,
)
from redceci.planning.siting.search import solve_greedy


def solve_exact(
    problem: SitingProblem,
    *,
    time_limit: float = 60.0,
    mip_rel_gap: float = 1e-6,
    start: Sequence[tuple[int, int]] | None = None,
    occupancy: bool = False,
    heuristic_start: bool = True,
    strong: bool = False,
    max_nodes: int | None = None,
) -> SitingResult:
    """Solve the siting model (see ``SitingProblem``) to proven optimality with HiGHS.

    Columns: flows ``y_p >= 0`` on every pair (``p`` links unit i to site j) and integers
    ``0 <= n_jk <= M_j`` (``n_{j, must_keep[j]} >= 1``). Rows::

        sum_{p of i} y_p                   <= u_i            demand
        sum_{p at j} y_p - sum_k s_k n_jk  <= 0              capacity
        sum_k n_jk                         <= M_j            site maximum
        sum_jk n_jk                        <= max_centres    (if given)
        sum_jk s_k n_jk                    <= max_places     (if given)
        sum_jk c_k n_jk                    <= budget         (if given)
        state_min[g] <= sum_{j in g, k} n_jk <= state_max[g]

    maximising ``sum_p w_i y_p``. ``min_occupancy`` (rho) is a rule of the heuristic and is
    not modelled unless ``occupancy`` is set, which adds the rows
    ``sum_{p at j} y_p - rho sum_k s_k n_jk >= 0`` (a site's centres are at least rho full).

    ``start`` is a feasible plan as centres ``(site, size index)``; its optimal assignment
    is given to HiGHS as the first incumbent (a MIP start), so a time-limited run returns
    a plan at least as good as the start. Without a ``start`` (and unless
    ``heuristic_start`` is False or ``occupancy`` is set), ``solve_greedy`` runs first (its
    time counts in ``time_limit``): its plan is the MIP start -- an incumbent, hence a
    cutoff that prunes every node whose bound is below it -- and the answer is the better
    of HiGHS's and the heuristic's plans, with the lesser of their bounds. So the result
    is never worse than the heuristic, however short the time limit.

    ``strong`` adds the rows ``y_p <= u_i sum_k n_jk`` (tight for maximal covering, where
    capacities are loose); ``max_nodes`` stops branch and bound after that many nodes (a
    work limit, unlike ``time_limit``).

    Status: ``"optimal"`` when HiGHS reports kOptimal and its ``mip_gap`` is within
    ``mip_rel_gap``; ``"time_limit"`` when it stopped early with an incumbent (bound = its
    dual bound, or our Lagrangian bound if HiGHS has none); ``"feasible"`` otherwise.

    Raises
    ------
    InputError
        The problem is malformed.
    InfeasibleError
        HiGHS proves the model infeasible (or the up-front checks do).
    RedceciError
        HiGHS stopped without any feasible plan, or failed.
    """
    problem.validate()
    t0 = time.perf_counter()
    if problem.n_sites == 0:
        if problem.must_keep or any(v > 0 for v in problem.state_min.values()):
            raise InfeasibleError("no candidate site can hold the required centres")
        empty = np.zeros(0)
        return build_result(
            problem,
            [],
            empty,
            bound=0.0,
            status="optimal",
            method="milp[highs]",
            seconds=time.perf_counter() - t0,
            iterations={},
            timings={},
        )
    heuristic: SitingResult | None = None
    if start is None and heuristic_start and not occupancy:
        try:
            heuristic = solve_greedy(problem, lp_max_pairs=0)
        except InfeasibleError:  # the heuristic may fail where HiGHS finds a plan
            heuristic = None
        else:
            start = [(c.site, c.size_index) for c in heuristic.centres]
            if heuristic.gap <= mip_rel_gap:  # already proven within the asked gap
                return dataclasses.replace(heuristic, seconds=time.perf_counter() - t0)
    if start is None and problem.must_keep:
        start = sorted(problem.must_keep.items())
    result = run_milp(
        problem,
        time_limit=max(float(time_limit) - (time.perf_counter() - t0), 0.0),
        mip_rel_gap=mip_rel_gap,
        start=start,
        occupancy=occupancy,
        strong=strong,
        max_nodes=max_nodes,
    )
    if result is None and heuristic is not None:
        return _heuristic_answer(heuristic, math.inf, t0)
    if result is None:
        raise RedceciError("HiGHS stopped without a feasible plan")
    seconds = time.perf_counter() - t0
    result = dataclasses.replace(
        result,
        seconds=seconds,
        method="milp[highs]" if heuristic is None else "milp[highs]+heuristic_start",
        timings={"total": seconds},
    )
    if heuristic is None:
        return result
    if heuristic.objective > result.objective:
        return _heuristic_answer(heuristic, result.bound, t0)
    if heuristic.bound < result.bound:  # the heuristic's certificate is tighter
        gap = relative_gap(problem, result.objective, heuristic.bound)
        return dataclasses.replace(
            result,
            bound=heuristic.bound,
            gap=gap,
            bound_source=heuristic.bound_source,
            status="optimal" if gap <= max(mip_rel_gap, OPTIMAL_GAP) else result.status,
        )
    return result


def _heuristic_answer(heuristic: SitingResult, highs_bound: float, t0: float) -> SitingResult:
    """The heuristic's plan when HiGHS found nothing better, with the lesser bound."""
    seconds = time.perf_counter() - t0
    if highs_bound >= heuristic.bound:
        return dataclasses.replace(heuristic, method="milp[highs]+heuristic_start", seconds=seconds)
    gap = max(0.0, (highs_bound - heuristic.objective) / max(abs(highs_bound), 1e-12))
    return dataclasses.replace(
        heuristic,
        method="milp[highs]+heuristic_start",
        seconds=seconds,
        bound=max(highs_bound, heuristic.objective),
        gap=gap,
        bound_source="highs",
        status="optimal" if gap <= OPTIMAL_GAP else heuristic.status,
    )
