"""Solve the siting model exactly as a MILP with HiGHS, started from the heuristic's plan.

Sizes it suits (measured on this 2-core machine, see ``bench/README.md``): a state, or
maximal covering up to about 5,000 units x 1,000 sites, where HiGHS proves the optimum in
seconds to a few minutes. On larger instances, or when the p centres can cover only part of
the demand (the LP bound is then weak), HiGHS rarely improves on the heuristic within
minutes: use ``solve_greedy``, whose certificate states how far from optimal its plan can
be. Started from the heuristic, ``solve_exact`` never returns a worse plan than it.

The result's status and gap are read from HiGHS's model status and dual bound, never assumed.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Sequence

import highspy
import numpy as np

from redceci.errors import InfeasibleError, RedceciError
from redceci.planning.siting.assignment import assignment_lp, build_result, make_feasible
from redceci.planning.siting.bound import lagrangian_bound_details
from redceci.planning.siting.milp import milp_model
from redceci.planning.siting.problem import (
    OPTIMAL_GAP,
    SitingProblem,
    SitingResult,
    relative_gap,
)
from redceci.planning.siting.search import solve_greedy

_STOPPED_EARLY = (
    highspy.HighsModelStatus.kTimeLimit,
    highspy.HighsModelStatus.kIterationLimit,
    highspy.HighsModelStatus.kSolutionLimit,
    highspy.HighsModelStatus.kInterrupt,
    highspy.HighsModelStatus.kMemoryLimit,
)


def solve_exact(
    problem: SitingProblem,
    *,
    time_limit: float = 60.0,
    mip_rel_gap: float = 1e-6,
    start: Sequence[tuple[int, int]] | None = None,
    occupancy: bool = False,
    heuristic_start: bool = True,
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
    model = milp_model(problem, occupancy=occupancy)
    n_pairs, nj_site, nj_size = model.n_pairs, model.nj_site, model.nj_size
    sizes = np.asarray(problem.sizes, dtype=np.float64)
    m = problem.n_sites
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", max(float(time_limit) - (time.perf_counter() - t0), 0.0))
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    h.setOptionValue("mip_abs_gap", 1e-9)
    h.passModel(model.lp)
    if start is not None:
        h.setSolution(_start_solution(problem, start))
    h.run()
    model_status = h.getModelStatus()
    info = h.getInfo()
    if model_status in (
        highspy.HighsModelStatus.kInfeasible,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    ):
        raise InfeasibleError("the siting MILP is infeasible (HiGHS proved it)")
    has_solution = int(info.primal_solution_status) == int(
        highspy.SolutionStatus.kSolutionStatusFeasible
    )
    if not has_solution and heuristic is not None:
        return _heuristic_answer(heuristic, math.inf, t0)
    if not has_solution:
        raise RedceciError(
            f"HiGHS stopped ({h.modelStatusToString(model_status)}) without a feasible plan"
        )
    x = np.asarray(h.getSolution().col_value)
    counts = np.rint(x[n_pairs:]).astype(np.int64)
    plan = [
        (int(nj_site[c]), int(nj_size[c]))
        for c in np.nonzero(counts > 0)[0]
        for _ in range(int(counts[c]))
    ]
    capacity = np.bincount(nj_site, weights=counts * sizes[nj_size], minlength=m).astype(np.float64)
    flows = make_feasible(problem, np.maximum(x[:n_pairs], 0.0), capacity)

    dual_bound = float(info.mip_dual_bound)
    stats = {
        "mip_nodes": int(info.mip_node_count),
        "lp_iterations": int(info.simplex_iteration_count),
    }
    if model_status == highspy.HighsModelStatus.kOptimal:
        proven = float(info.mip_gap) <= mip_rel_gap * (1 + 1e-9) + 1e-12
        status = "optimal" if proven else "feasible"
    elif model_status in _STOPPED_EARLY:
        status = "time_limit"
    else:
        status = "feasible"
    if not math.isfinite(dual_bound):
        details = lagrangian_bound_details(problem, time_limit=min(10.0, time_limit))
        dual_bound = details.bound
        stats["bound_iterations"] = details.iterations
    seconds = time.perf_counter() - t0
    result = build_result(
        problem,
        plan,
        flows,
        bound=dual_bound,
        status=status,
        method="milp[highs]" if heuristic is None else "milp[highs]+heuristic_start",
        seconds=seconds,
        iterations=stats,
        timings={"total": seconds},
        bound_source="highs",
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


def _start_solution(
    problem: SitingProblem, start: Sequence[tuple[int, int]]
) -> highspy.HighsSolution:
    """A full MIP start: the plan's counts and its optimal assignment as flows."""
    n_pairs, n_k = problem.n_pairs, len(problem.sizes)
    counts = np.zeros(problem.n_sites * n_k)
    capacity = np.zeros(problem.n_sites)
    for j, k in start:
        counts[int(j) * n_k + int(k)] += 1.0
        capacity[int(j)] += problem.sizes[int(k)]
    solved = assignment_lp(problem, capacity)
    flows = np.zeros(n_pairs) if solved is None else make_feasible(problem, solved[0], capacity)
    solution = highspy.HighsSolution()
    solution.col_value = np.concatenate([flows, counts]).tolist()
    solution.value_valid = True
    return solution
