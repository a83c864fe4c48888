"""``solve_greedy``: lazy greedy, local search and LP polish, certified by the least of
several bounds, with restarts seeded from the Lagrangian bound's site choices; every stage
stops on work, so the plan is the same on any machine."""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np

from redceci.errors import InfeasibleError
from redceci.planning.siting.assignment import assignment_lp, build_result, make_feasible
from redceci.planning.siting.bound import LagrangianDual
from redceci.planning.siting.certificate import (
    certify,
    coverable_bound,
    covering_lp_bound,
    lp_bound,
)
from redceci.planning.siting.engine import Engine, Layout, key_rule, layout_of
from redceci.planning.siting.milp import run_covering_milp, run_milp
from redceci.planning.siting.problem import (
    OPTIMAL_GAP,
    FloatArray,
    IntArray,
    SitingProblem,
    SitingResult,
    relative_gap,
    sum_product,
)

#: An LP value above which a site is in the covering LP's support.
_LP_SUPPORT: Final = 1e-3


def solve_greedy(
    problem: SitingProblem,
    *,
    local_search: bool = True,
    progress: Callable[[str, float], None] | None = None,
    swap_passes: int = 8,
    bound_iterations: int = 300,
    restarts: int = 2,
    covering_bound_iterations: int = 600,
    covering_restarts: int = 3,
    restart_bound_iterations: int = 30,
    restart_swap_passes: int = 2,
    lp_max_pairs: int = 20_000,
    exact_max_sites: int = 0,
    exact_max_nodes: int = 2_000,
    covering_exact_max_sites: int = 800,
    covering_lp_max_pairs: int = 400_000,
    covering_lp_resolve_max_sites: int = 300,
    covering_lp_resolve_max_nodes: int = 1,
    optimal_gap: float = OPTIMAL_GAP,
    gap_tolerance: float = 1e-4,
    time_limit: float = 40.0,
    bound_time_limit: float = 60.0,
    restart_time_limit: float = 40.0,
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
       gain (ties: the cheaper size); when the ranking is per place or per peso and
       ``max_centres`` is set, steps 1-5 also run ranked by plain gain (fewer, larger
       centres) and the better polished plan is kept. An option is skipped when it would break the count,
       places, budget, site maximum, state maximum or the occupancy rule
       (``min(s_k, covered residual) >= min_occupancy * s_k``).
    3. States below ``state_min`` get their best centre; when no resource is left, the
       weakest centre of a state above its minimum is closed to make room. Forced centres
       ignore the occupancy rule if no candidate in the state meets it.
    4. Local search (at most ``swap_passes`` passes): resize each centre to the cheapest
       size that holds what it serves, refill, enlarge centres with the places and budget
       left (``Engine.enlarge``: a larger size tops up from its site's residual demand,
       best weight per added place or peso first; the count is unchanged, so a plan whose
       count binds before its places still uses them), then swap passes -- close a centre
       (weakest first), let centres nearby with room take back what they can of its
       demand, open the best option if it gains more than the net loss, else roll back
       (an exact journal, nothing re-evaluated) -- until a pass brings nothing.
    5. Polish: the transportation LP gives the optimal assignment for the chosen centres;
       its weighted value (without the distance tie-break) is ``objective``.
    6. Bound: ``bound_iterations`` deflected subgradient steps on the Lagrangian dual
       (``bound.LagrangianDual``), warm-started with the LP's demand duals, the objective
       as target.
    7. Lagrangian heuristic: ``restarts`` times, steps 1-5 again (at most
       ``restart_swap_passes`` swap passes) seeded with the centres the bound's relaxation
       chose at its best multipliers (a seed not tried before), the best plan kept; after each, ``restart_bound_iterations`` more bound steps resume
       from where the last stopped, with the new incumbent as target.
    8. Exact re-solve: reduced-cost fixing (``LagrangianDual.closed_sites``) closes the
       sites no plan better than the incumbent can open; when at most ``exact_max_sites``
       sites remain (with the incumbent's), HiGHS solves the MILP restricted to them
       (strong rows, the incumbent as MIP start, at most ``exact_max_nodes`` nodes). Its
       plan replaces the incumbent if better, and ``max(incumbent, its dual bound)`` is a
       valid bound: a plan opening a closed site is worth less than the incumbent. For
       maximal covering (``covering_exact_max_sites``, on by default) the MILP is the
       compact covering model (``milp.run_covering_milp``).
    9. Certificate (``certificate``): the least of the coverable demand, the best
       standalone sites, the Lagrangian bound, the re-solve's bound, with at most
       ``lp_max_pairs`` pairs the LP relaxation, and for maximal covering with at most
       ``covering_lp_max_pairs`` pairs the compact covering model's LP (whose largest sites
       are then re-solved exactly for a better plan: ``covering_lp_resolve_max_sites``).
       ``status`` is "optimal" when the gap is at most ``optimal_gap``.

    Every stage stops on work (passes, steps, restarts), so the same instance gives the
    same plan and bound on any machine. The wall-clock limits are safety nets only; a
    stage that hits one is named in ``SitingResult.limits_hit`` (its result then depends
    on the machine's speed).

    Parameters
    ----------
    problem
        The instance; validated first.
    local_search
        Run step 4.
    progress
        Called as ``progress(stage, fraction)`` at stage boundaries.
    swap_passes, bound_iterations, restarts, restart_bound_iterations
        The work limits of steps 4, 6 and 7.
    restart_swap_passes
        The local search's work limit in each restart (step 7): at most this many swap
        passes (and never more than ``swap_passes``; maximal covering restarts, which are
        cheap, use ``swap_passes``). A restart from the relaxation's sites gains most in
        its first passes.
    covering_bound_iterations, covering_restarts
        ``bound_iterations`` and ``restarts`` when no capacity can bind (maximal covering):
        the bound's evaluations then need no sorting and cost about a fifth.
    lp_max_pairs
        Solve the LP relaxation for the certificate when the instance has at most this many
        pairs (0: never).
    exact_max_sites, exact_max_nodes
        Step 8 runs when at most ``exact_max_sites`` sites remain open (0: never), with
        this node limit (a work limit; ``bound_time_limit`` is its safety net).
    covering_exact_max_sites
        ``exact_max_sites`` for maximal covering (one size, no capacity binds, no approved
        sites or state limits), where step 8 solves the compact covering MILP
        (``milp.run_covering_milp``): x_j and z_i only, no pair flows. HiGHS's root LP
        is not bounded by the node limit, so the size decides: SYNTHETIC 20,000 x 5,000,
        p = 20 leaves 656 sites (proven optimal in 5 s at load 3, merged rows without
        presolve; the whole solve 6.5 s at load 0.5); 5,000 x 1,000, p = 100
        leaves all 1,000 and ran into the 60 s safety net, hence 800.
    covering_lp_max_pairs
        For maximal covering, solve the compact covering LP (``certificate.covering_lp_bound``,
        interior point) when the gap is still open and the instance has at most this many
        pairs (0: never). SYNTHETIC 20,000 x 5,000, p = 100 (338,939 pairs, 15,825 merged
        rows): 3.6 s, the bound 494,980 -> 492,924 (gap 1.9 % -> 1.5 %).
    covering_lp_resolve_max_sites, covering_lp_resolve_max_nodes
        For maximal covering with the covering LP solved, HiGHS then solves the covering MILP
        on the incumbent's sites and, up to ``covering_lp_resolve_max_sites`` in all, the
        sites of largest LP value (at most ``covering_lp_resolve_max_nodes`` nodes, the
        incumbent as MIP start); a better plan replaces the incumbent (its bound holds on
        those sites only, so it is not a certificate; 0 sites: never). SYNTHETIC, load 1:
        5,000 x 1,000, p = 100: the support is 279 sites, 216,820 -> 217,464 (optimum
        217,513) in 3 s; 20,000 x 5,000, p = 100: 300 sites, 485,600 -> 488,222 in 1.5 s
        (400 sites: 488,950 in 5.6 s; 170 nodes instead of 1 gained nothing more).
    optimal_gap
        Relative gap at or under which the plan is reported "optimal".
    gap_tolerance
        Relative gap at which bound steps and restarts stop early (work saved once the plan
        is certified within it).
    time_limit, bound_time_limit, restart_time_limit
        Wall-clock safety nets (seconds) of the local search, the bound and the restarts.

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
    limits_hit: list[str] = []
    rule, denom = key_rule(problem)
    layout = layout_of(problem)
    report("greedy", 0.0)
    effort = _Effort(swap_passes, t_start + time_limit)
    engine = _search(problem, layout, denom, None, local_search, effort, stats, report)
    timings["greedy_and_local_search"] = time.perf_counter() - t_start

    t_lp = time.perf_counter()
    report("polish", 0.0)
    plan, flows, lam0, objective = _polish(problem, layout, engine, stats)
    timings["polish"] = time.perf_counter() - t_lp
    if rule != "gain" and problem.max_centres is not None:
        # The count limits too: the plain-gain ranking (fewer, larger centres) may do better.
        t_g = time.perf_counter()
        gain_stats: dict[str, int] = {}
        denom_g = np.ones_like(denom)
        other = _search(problem, layout, denom_g, None, local_search, effort, gain_stats, None)
        polished = _polish(problem, layout, other, gain_stats)
        stats["gain_ranking_evaluations"] = other.evaluations
        if polished[3] > objective * (1 + 1e-12):
            plan, flows, lam0, objective = polished
            rule, denom, engine = "gain", denom_g, other
            stats.update(gain_stats)
        timings["gain_ranking"] = time.perf_counter() - t_g
    if effort.hit:
        limits_hit.append("local_search")
    report("polish", 1.0)

    t_b = time.perf_counter()
    report("bound", 0.0)
    dual = LagrangianDual(problem, lam0)
    if dual.data.uncapacitated:
        bound_iterations, restarts = covering_bound_iterations, covering_restarts
        restart_swap_passes = swap_passes
    if _plain_covering(problem, dual):
        exact_max_sites = covering_exact_max_sites
    dual.run(
        bound_iterations - 1,
        target=objective,
        gap_tolerance=gap_tolerance,
        deadline=t_b + bound_time_limit,
    )
    timings["bound"] = time.perf_counter() - t_b
    report("bound", 1.0)

    # Lagrangian heuristic: restart the search from the sites the bound's relaxation chose
    # at its best multipliers; keep the best plan found; resume the bound after each.
    t_r = time.perf_counter()
    restart_effort = _Effort(min(swap_passes, restart_swap_passes), t_r + restart_time_limit)
    stats["restarts"] = stats["restart_improved"] = 0
    evaluations = engine.evaluations
    tried: list[IntArray] = []
    for _ in range(max(0, restarts)):
        if relative_gap(problem, objective, dual.best) <= gap_tolerance:
            break
        if time.perf_counter() > restart_effort.deadline:
            limits_hit.append("restarts")
            break
        seed = next(
            (c for c in dual.details().site_counts if not any(np.array_equal(c, t) for t in tried)),
            None,
        )
        if seed is None:
            break
        tried.append(seed)
        restart_stats: dict[str, int] = {}
        try:
            other = _search(
                problem, layout, denom, seed, local_search, restart_effort, restart_stats, None
            )
        except InfeasibleError:  # the seed cannot be completed within the limits
            continue
        stats["restarts"] += 1
        evaluations += other.evaluations
        plan2, flows2, _, objective2 = _polish(problem, layout, other, restart_stats)
        if objective2 > objective * (1 + 1e-12):
            plan, flows, objective = plan2, flows2, objective2
            stats["restart_improved"] += 1
        t_rb = time.perf_counter()
        dual.run(
            restart_bound_iterations,
            target=objective,
            gap_tolerance=gap_tolerance,
            deadline=t_rb + max(bound_time_limit - timings["bound"], 0.0),
        )
        timings["bound"] += time.perf_counter() - t_rb
    if restart_effort.hit and "restarts" not in limits_hit:
        limits_hit.append("restarts")
    timings["restart"] = time.perf_counter() - t_r
    stats["gain_evaluations"] = evaluations
    details = dual.details()
    stats["bound_iterations"] = details.iterations
    if details.stopped == "time_limit":
        limits_hit.append("bound")

    t_c = time.perf_counter()
    bounds = {
        "lagrangian": details.bound,
        "coverable": coverable_bound(problem),
        "standalone": dual.data.evaluate(np.zeros(problem.n_units))[0],
    }
    if exact_max_sites > 0 and relative_gap(problem, objective, min(bounds.values())) > optimal_gap:
        t_e = time.perf_counter()
        resolved = _resolve(
            problem, dual, plan, objective, exact_max_sites, exact_max_nodes, bound_time_limit
        )
        if resolved is not None:
            stats["exact_sites"], stats["exact_nodes"] = resolved.sites, resolved.nodes
            bounds["exact"] = max(resolved.bound, objective)
            if resolved.timed_out:
                limits_hit.append("exact")
            if resolved.objective > objective * (1 + 1e-12):
                plan, flows, objective = resolved.plan, resolved.flows, resolved.objective
                bounds["exact"] = max(resolved.bound, objective)
                stats["exact_improved"] = 1
        timings["exact"] = time.perf_counter() - t_e
    if (
        0 < problem.n_pairs <= lp_max_pairs
        and relative_gap(problem, objective, min(bounds.values())) > optimal_gap
    ):
        lp = lp_bound(problem, time_limit=bound_time_limit)
        if lp is None:
            limits_hit.append("lp_bound")
        else:
            bounds["lp"] = lp
    if (
        0 < problem.n_pairs <= covering_lp_max_pairs
        and _plain_covering(problem, dual)
        and relative_gap(problem, objective, min(bounds.values())) > optimal_gap
    ):
        open_sites = np.nonzero(np.asarray(problem.site_max_centres) > 0)[0]
        covering_lp = covering_lp_bound(
            problem, open_sites, dual.data.count, time_limit=bound_time_limit
        )
        if covering_lp is None:
            limits_hit.append("covering_lp")
        else:
            bounds["covering_lp"] = covering_lp.bound
            keep = _lp_support(open_sites, covering_lp.x, plan, covering_lp_resolve_max_sites)
            if keep.size > 0 and (
                relative_gap(problem, objective, min(bounds.values())) > optimal_gap
            ):
                resolved = _resolve_covering(
                    problem, dual, plan, keep, covering_lp_resolve_max_nodes, bound_time_limit
                )
                stats["lp_support_sites"] = int(keep.size)
                if resolved is not None:
                    stats["lp_support_nodes"] = resolved.nodes
                    if resolved.timed_out:
                        limits_hit.append("lp_support")
                    # Its dual bound holds on these sites only: the plan is kept, not it.
                    if resolved.objective > objective * (1 + 1e-12):
                        plan, flows, objective = resolved.plan, resolved.flows, resolved.objective
                        stats["lp_support_improved"] = 1
    cert = certify(bounds)
    timings["certificate"] = time.perf_counter() - t_c
    bound = max(cert.bound, objective)
    gap = relative_gap(problem, objective, bound)
    status = "optimal" if gap <= optimal_gap else "feasible"
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
        bound_source=cert.source if cert.bound >= objective else "objective",
        bounds=cert.bounds,
        limits_hit=tuple(limits_hit),
    )


@dataclass(frozen=True)
class _Resolved:
    """What the exact re-solve of the sites left open found."""

    plan: list[tuple[int, int]]
    flows: FloatArray
    objective: float
    bound: float
    sites: int
    nodes: int
    timed_out: bool


def _resolve(
    problem: SitingProblem,
    dual: LagrangianDual,
    plan: list[tuple[int, int]],
    objective: float,
    max_sites: int,
    max_nodes: int,
    time_limit: float,
) -> _Resolved | None:
    """Step 8 of ``solve_greedy``: HiGHS on the sites reduced-cost fixing leaves open."""
    keep = ~dual.closed_sites(objective)
    for j, _ in plan:
        keep[j] = True
    sites = np.nonzero(keep)[0]
    if sites.size > max_sites:
        return None
    if _plain_covering(problem, dual):
        return _resolve_covering(problem, dual, plan, sites, max_nodes, time_limit)
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
        return _Resolved(plan, np.zeros(0), -math.inf, objective, int(sites.size), 0, False)
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
    return _Resolved(
        back,
        flows,
        value,
        solved.bound,
        int(sites.size),
        int(solved.iterations.get("mip_nodes", 0)),
        solved.status == "time_limit" and solved.seconds >= time_limit,
    )


def _lp_support(
    sites: IntArray, x: FloatArray, plan: list[tuple[int, int]], max_sites: int
) -> IntArray:
    """The plan's sites and, up to ``max_sites`` in all, the sites of largest LP value
    ``x`` (above ``_LP_SUPPORT``; ties to the lower index), sorted."""
    opened = np.unique(np.array([j for j, _ in plan], dtype=np.int64))
    room = max_sites - opened.size
    if room <= 0:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(-x, kind="stable")
    order = order[x[order] > _LP_SUPPORT]
    chosen = sites[order]
    chosen = chosen[~np.isin(chosen, opened)][:room]
    return np.union1d(opened, chosen).astype(np.int64)


def _plain_covering(problem: SitingProblem, dual: LagrangianDual) -> bool:
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


def _resolve_covering(
    problem: SitingProblem,
    dual: LagrangianDual,
    plan: list[tuple[int, int]],
    sites: IntArray,
    max_nodes: int,
    time_limit: float,
) -> _Resolved | None:
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
    return _Resolved(back, flows, value, bound, int(sites.size), solved.nodes, solved.stopped_early)


class _Effort:
    """The local search's work limit (swap passes) and its wall-clock safety net."""

    def __init__(self, passes: int, deadline: float) -> None:
        self.passes = passes
        self.deadline = deadline
        self.hit = False


def _search(
    problem: SitingProblem,
    layout: Layout,
    denom: FloatArray,
    seed: IntArray | None,
    local_search: bool,
    effort: _Effort,
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
    stats["enlarged"] = 0
    if local_search:
        if report is not None:
            report("local_search", 0.0)
        stats["resizes"] += engine.resize()
        stats["centres_added"] += engine.fill()
        stats["enlarged"] += engine.enlarge()
        while stats["passes"] < effort.passes:
            if time.perf_counter() > effort.deadline:
                effort.hit = True
                break
            tried, accepted = engine.swap_pass(effort.deadline)
            effort.hit |= time.perf_counter() > effort.deadline
            stats["passes"] += 1
            stats["swaps_tried"] += tried
            stats["swaps_accepted"] += accepted
            if accepted == 0:
                break
            stats["resizes"] += engine.resize()
            stats["centres_added"] += engine.fill()
            stats["enlarged"] += engine.enlarge()
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
    objective = sum_product(weight[np.asarray(problem.pair_unit, dtype=np.int64)], flows)
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
