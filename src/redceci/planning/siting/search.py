"""``solve_greedy``: lazy greedy, local search and LP polish, certified by the Lagrangian
bound, with restarts seeded from the bound's site choices."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from redceci.errors import InfeasibleError
from redceci.planning.siting.assignment import assignment_lp, build_result, make_feasible
from redceci.planning.siting.bound import lagrangian_bound_details
from redceci.planning.siting.engine import Engine, Layout, key_rule, layout_of
from redceci.planning.siting.problem import (
    OPTIMAL_GAP,
    FloatArray,
    IntArray,
    SitingProblem,
    SitingResult,
    relative_gap,
)


def solve_greedy(
    problem: SitingProblem,
    *,
    local_search: bool = True,
    time_limit: float = 30.0,
    progress: Callable[[str, float], None] | None = None,
    bound_iterations: int = 300,
    bound_time_limit: float = 20.0,
    restart_time_limit: float = 8.0,
    gap_tolerance: float = 1e-3,
) -> SitingResult:
    """Plan centres with a lazy greedy, local search and an LP polish; certify with a bound.

    Steps:

    1. Open the must-keep centres.
    2. Lazy greedy (Minoux 1978). The gain of a size-k centre at site j is the weighted
       demand it would take from the residuals ``r`` of its covered units, taking units in
       descending weight (ties: nearer first) until ``s_k`` places are used -- a fractional
       knapsack, non-decreasing in ``r``. Residuals only fall as centres open, so a heap
       entry computed earlier is an upper bound: pop, recompute if stale, re-push; accept an
       entry that is exact and on top. Options are ranked by gain per peso when the budget
       binds harder than the count, by gain per place when ``max_places`` does, else by
       gain (ties: the cheaper size). An option is skipped when it would break the count,
       places, budget, site maximum, state maximum or the occupancy rule
       (``min(s_k, covered residual) >= min_occupancy * s_k``).
    3. States below ``state_min`` get their best centre; when no resource is left, the
       weakest centre of a state above its minimum is closed to make room. Forced centres
       ignore the occupancy rule if no candidate in the state meets it.
    4. Local search (within ``time_limit`` seconds): resize each centre to the cheapest size
       that holds what it serves, refill, then swap passes -- close a centre (weakest
       first), let centres nearby with room take back what they can of its demand, open
       the best option if it gains more than the net loss, else undo -- until a pass
       brings nothing.
    5. Polish: the transportation LP gives the optimal assignment for the chosen centres;
       its weighted value (without the distance tie-break) is ``objective``.
    6. Bound: ``lagrangian_bound`` warm-started with the LP's demand duals and the
       objective as Polyak target.
    7. Lagrangian heuristic (within ``restart_time_limit`` seconds): steps 1-5 again,
       seeded with the centres the bound's relaxation chose at its best multipliers; the
       best plan is kept. ``status`` is "optimal" only when the gap <= 1e-9.

    Parameters
    ----------
    problem
        The instance; validated first.
    local_search
        Run step 4.
    time_limit
        Seconds allowed to the local search.
    progress
        Called as ``progress(stage, fraction)`` at stage boundaries.
    bound_iterations, bound_time_limit
        Subgradient iterations and seconds given to the bound.
    restart_time_limit
        Seconds after which no further Lagrangian restart starts (and their local search
        stops).
    gap_tolerance
        Relative gap at which the bound and the restarts stop early (the plan is then
        certified within it; it is still reported "optimal" only at a gap <= 1e-9).

    Raises
    ------
    InputError
        The problem is malformed.
    InfeasibleError
        Must-keep sites or state minima cannot be met.
    """
    problem.validate()
    t_start = time.perf_counter()

    def report(stage: str, fraction: float) -> None:
        if progress is not None:
            progress(stage, fraction)

    timings: dict[str, float] = {}
    stats: dict[str, int] = {}
    rule, denom = key_rule(problem)
    layout = layout_of(problem)
    report("greedy", 0.0)
    deadline = t_start + time_limit
    engine = _search(problem, layout, denom, None, local_search, deadline, stats, report)
    timings["greedy_and_local_search"] = time.perf_counter() - t_start

    t_lp = time.perf_counter()
    report("polish", 0.0)
    plan, flows, lam0, objective = _polish(problem, layout, engine, stats)
    timings["polish"] = time.perf_counter() - t_lp
    report("polish", 1.0)

    t_b = time.perf_counter()
    report("bound", 0.0)
    details = lagrangian_bound_details(
        problem,
        lam0,
        iterations=bound_iterations,
        time_limit=bound_time_limit,
        target=objective,
        gap_tolerance=gap_tolerance,
    )
    timings["bound"] = time.perf_counter() - t_b
    report("bound", 1.0)
    stats["bound_iterations"] = details.iterations

    # Lagrangian heuristic: restart the search from the sites the bound's relaxation chose
    # at its best multipliers; keep the best plan found.
    t_r = time.perf_counter()
    restart_deadline = t_r + restart_time_limit
    stats["restarts"] = stats["restart_improved"] = 0
    evaluations = engine.evaluations
    for seed in details.site_counts:
        if (
            time.perf_counter() > restart_deadline
            or relative_gap(problem, objective, details.bound) <= gap_tolerance
        ):
            break
        restart_stats: dict[str, int] = {}
        try:
            other = _search(
                problem, layout, denom, seed, local_search, restart_deadline, restart_stats, None
            )
        except InfeasibleError:  # the seed cannot be completed within the limits
            continue
        stats["restarts"] += 1
        evaluations += other.evaluations
        plan2, flows2, _, objective2 = _polish(problem, layout, other, restart_stats)
        if objective2 > objective * (1 + 1e-12):
            plan, flows, objective = plan2, flows2, objective2
            stats["restart_improved"] += 1
    timings["restart"] = time.perf_counter() - t_r
    stats["gain_evaluations"] = evaluations

    bound = max(details.bound, objective)
    gap = relative_gap(problem, objective, bound)
    status = "optimal" if gap <= OPTIMAL_GAP else "feasible"
    method = f"lazy_greedy[{rule}]" + ("+local_search" if local_search else "") + "+lp_polish"
    method += "+lagrangian_restart"
    seconds = time.perf_counter() - t_start
    timings["total"] = seconds
    return build_result(
        problem,
        plan,
        flows,
        bound=bound,
        status=status,
        method=method,
        seconds=seconds,
        iterations=stats,
        timings=timings,
    )


def _search(
    problem: SitingProblem,
    layout: Layout,
    denom: FloatArray,
    seed: IntArray | None,
    local_search: bool,
    deadline: float,
    stats: dict[str, int],
    report: Callable[[str, float], None] | None,
) -> Engine:
    """Must-keep centres, the seed's centres (if any), lazy greedy, state minima, local search."""
    engine = Engine(problem, layout, denom)
    for j, k in sorted(problem.must_keep.items()):
        engine.open(int(j), int(k), must_keep=True)
    engine.build_heaps()
    stats["seeded"] = engine.seed(seed) if seed is not None else 0
    target = problem.max_centres

    def greedy_progress(added: int) -> None:
        if target and report is not None:
            report("greedy", min(added / target, 1.0))

    stats["centres_added"] = engine.fill(greedy_progress)
    stats["state_min_added"] = engine.satisfy_state_min()
    if report is not None:
        report("greedy", 1.0)
    stats["resizes"] = stats["swaps_tried"] = stats["swaps_accepted"] = stats["passes"] = 0
    if local_search:
        if report is not None:
            report("local_search", 0.0)
        stats["resizes"] += engine.resize()
        stats["centres_added"] += engine.fill()
        while time.perf_counter() < deadline:
            tried, accepted = engine.swap_pass(deadline)
            stats["passes"] += 1
            stats["swaps_tried"] += tried
            stats["swaps_accepted"] += accepted
            if accepted == 0:
                break
            stats["resizes"] += engine.resize()
            stats["centres_added"] += engine.fill()
        if report is not None:
            report("local_search", 1.0)
    return engine


def _polish(
    problem: SitingProblem, layout: Layout, engine: Engine, stats: dict[str, int]
) -> tuple[list[tuple[int, int]], FloatArray, FloatArray | None, float]:
    """The engine's plan with its optimal assignment: plan, flows, demand duals, value."""
    plan = [(c.site, c.k) for c in engine.open_centres()]
    capacity = np.zeros(problem.n_sites)
    for j, k in plan:
        capacity[j] += problem.sizes[k]
    solved = assignment_lp(problem, capacity)
    lam0: FloatArray | None
    if solved is None:  # fall back on the greedy's own assignment
        flows = _greedy_flows(problem, layout, engine)
        lam0 = None
        stats["lp_iterations"] = -1
    else:
        flows, lam0, stats["lp_iterations"] = solved
    flows = make_feasible(problem, flows, capacity)
    weight = np.asarray(problem.weight, dtype=np.float64)
    objective = float(weight[np.asarray(problem.pair_unit, dtype=np.int64)] @ flows)
    return plan, flows, lam0, objective


def _greedy_flows(problem: SitingProblem, layout: Layout, engine: Engine) -> FloatArray:
    """Per-pair flows (input pair order) of the greedy's own assignment."""
    m = problem.n_sites
    unit = np.asarray(problem.pair_unit, dtype=np.int64)
    site = np.asarray(problem.pair_site, dtype=np.int64)
    key = unit * max(m, 1) + site
    order = np.argsort(key)
    flows = np.zeros(unit.shape[0])
    for c in engine.open_centres():
        if c.units.size:
            pos = order[np.searchsorted(key[order], c.units * max(m, 1) + c.site)]
            np.add.at(flows, pos, c.amounts)
    return flows
