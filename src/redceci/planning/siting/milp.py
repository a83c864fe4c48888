"""The siting model as a mixed-integer program: its arrays (whose LP relaxation certifies small
instances, ``certificate``) and one HiGHS run on it (``exact``, and the re-solves of
``search``)."""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt
from scipy import sparse

from redceci.errors import InfeasibleError
from redceci.planning.siting.assignment import assignment_lp, build_result, make_feasible
from redceci.planning.siting.bound import lagrangian_bound_details
from redceci.planning.siting.problem import FloatArray, IntArray, SitingProblem, SitingResult


@dataclass(frozen=True, eq=False)
class LinearModel:
    """A maximisation ``max c x : L <= A x <= U, l <= x <= u`` handed to HiGHS, with its
    arrays (infinite row sides are ``+-inf``) for bounds computed from duals."""

    lp: highspy.HighsLp
    cost: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    row_lower: FloatArray
    row_upper: FloatArray
    matrix: sparse.csc_matrix


@dataclass(frozen=True, eq=False)
class MilpModel(LinearModel):
    """The MILP of ``exact.solve_exact``: columns are the pair flows ``y_p`` then the counts
    ``n_jk`` at ``n_pairs + j * n_sizes + k``."""

    n_pairs: int
    nj_site: IntArray
    nj_size: IntArray


def milp_model(
    problem: SitingProblem, *, occupancy: bool = False, strong: bool = False
) -> MilpModel:
    """Columns, rows and bounds of the siting MILP (see ``exact.solve_exact``); ``strong``
    adds ``y_p - u_i sum_k n_jk <= 0`` for every pair (a closed site serves nobody), valid
    for every plan and much tighter in LP when capacities are loose (maximal covering)."""
    n, m, n_k = problem.n_units, problem.n_sites, len(problem.sizes)
    n_pairs = problem.n_pairs
    unit = np.asarray(problem.pair_unit, dtype=np.int64)
    site = np.asarray(problem.pair_site, dtype=np.int64)
    demand = np.asarray(problem.demand, dtype=np.float64)
    weight = np.asarray(problem.weight, dtype=np.float64)
    sizes = np.asarray(problem.sizes, dtype=np.float64)
    costs = np.asarray(problem.costs, dtype=np.float64)
    site_max = np.asarray(problem.site_max_centres, dtype=np.int64)
    site_state = np.asarray(problem.site_state, dtype=np.int64)

    # Column layout: y (n_pairs), then n_jk at n_pairs + j * n_k + k.
    n_col = n_pairs + m * n_k
    nj_site = np.repeat(np.arange(m, dtype=np.int64), n_k)
    nj_size = np.tile(np.arange(n_k, dtype=np.int64), m)
    nj_col = n_pairs + np.arange(m * n_k, dtype=np.int64)
    col_lower = np.zeros(n_col)
    col_upper = np.concatenate([demand[unit], site_max[nj_site].astype(np.float64)])
    for j, k in problem.must_keep.items():
        col_lower[n_pairs + int(j) * n_k + int(k)] = 1.0
    col_cost = np.concatenate([weight[unit], np.zeros(m * n_k)])

    rows: list[npt.NDArray[np.int64]] = []
    cols: list[npt.NDArray[np.int64]] = []
    vals: list[FloatArray] = []
    lower: list[FloatArray] = []
    upper: list[FloatArray] = []
    n_row = 0

    def add(r: npt.NDArray[np.int64], c: npt.NDArray[np.int64], v: FloatArray) -> None:
        rows.append(r + n_row)
        cols.append(c)
        vals.append(v)

    pair_cols = np.arange(n_pairs, dtype=np.int64)
    add(unit, pair_cols, np.ones(n_pairs))  # demand
    lower.append(np.full(n, -np.inf))
    upper.append(demand)
    n_row += n
    add(site, pair_cols, np.ones(n_pairs))  # capacity
    add(nj_site, nj_col, -sizes[nj_size])
    lower.append(np.full(m, -np.inf))
    upper.append(np.zeros(m))
    n_row += m
    add(nj_site, nj_col, np.ones(m * n_k))  # site maximum
    lower.append(np.full(m, -np.inf))
    upper.append(site_max.astype(np.float64))
    n_row += m
    if strong and n_pairs:
        pair_rows = np.arange(n_pairs, dtype=np.int64)
        add(pair_rows, pair_cols, np.ones(n_pairs))
        add(
            np.repeat(pair_rows, n_k),
            n_pairs + np.repeat(site, n_k) * n_k + np.tile(np.arange(n_k, dtype=np.int64), n_pairs),
            -np.repeat(demand[unit], n_k),
        )
        lower.append(np.full(n_pairs, -np.inf))
        upper.append(np.zeros(n_pairs))
        n_row += n_pairs
    if occupancy and problem.min_occupancy > 0:
        add(site, pair_cols, np.ones(n_pairs))  # occupancy
        add(nj_site, nj_col, -problem.min_occupancy * sizes[nj_size])
        lower.append(np.zeros(m))
        upper.append(np.full(m, np.inf))
        n_row += m
    zeros = np.zeros(m * n_k, dtype=np.int64)
    for limit, coef in (
        (problem.max_centres, np.ones(m * n_k)),
        (problem.max_places, sizes[nj_size]),
        (problem.budget, costs[nj_size]),
    ):
        if limit is not None:
            add(zeros, nj_col, coef)
            lower.append(np.array([-np.inf]))
            upper.append(np.array([float(limit)]))
            n_row += 1
    for code in sorted(set(problem.state_min) | set(problem.state_max)):
        in_state = site_state[nj_site] == int(code)
        add(
            np.zeros(int(in_state.sum()), dtype=np.int64),
            nj_col[in_state],
            np.ones(int(in_state.sum())),
        )
        lower.append(np.array([float(problem.state_min.get(code, 0))]))
        hi = problem.state_max.get(code)
        upper.append(np.array([np.inf if hi is None else float(hi)]))
        n_row += 1

    matrix = sparse.csc_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n_row, n_col),
    )
    matrix.sort_indices()
    lp = highspy.HighsLp()
    lp.num_col_ = n_col
    lp.num_row_ = n_row
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = col_cost
    lp.col_lower_ = col_lower
    lp.col_upper_ = col_upper
    inf = highspy.kHighsInf
    lp.row_lower_ = np.nan_to_num(np.concatenate(lower), neginf=-inf, posinf=inf)
    lp.row_upper_ = np.nan_to_num(np.concatenate(upper), neginf=-inf, posinf=inf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data.astype(np.float64)
    lp.integrality_ = [highspy.HighsVarType.kContinuous] * n_pairs + [
        highspy.HighsVarType.kInteger
    ] * (m * n_k)

    return MilpModel(
        lp=lp,
        cost=col_cost,
        col_lower=col_lower,
        col_upper=col_upper,
        row_lower=np.concatenate(lower),
        row_upper=np.concatenate(upper),
        matrix=matrix,
        n_pairs=n_pairs,
        nj_site=nj_site,
        nj_size=nj_size,
    )


_STOPPED_EARLY = (
    highspy.HighsModelStatus.kTimeLimit,
    highspy.HighsModelStatus.kIterationLimit,
    highspy.HighsModelStatus.kSolutionLimit,
    highspy.HighsModelStatus.kInterrupt,
    highspy.HighsModelStatus.kMemoryLimit,
)


def run_milp(
    problem: SitingProblem,
    *,
    time_limit: float,
    mip_rel_gap: float,
    start: Sequence[tuple[int, int]] | None = None,
    occupancy: bool = False,
    strong: bool = False,
    max_nodes: int | None = None,
) -> SitingResult | None:
    """HiGHS on the MILP (``exact.solve_exact`` documents the options); None when it stops
    without a feasible plan. Raises InfeasibleError when HiGHS proves infeasibility."""
    t0 = time.perf_counter()
    model = milp_model(problem, occupancy=occupancy, strong=strong)
    n_pairs, nj_site, nj_size = model.n_pairs, model.nj_site, model.nj_size
    sizes = np.asarray(problem.sizes, dtype=np.float64)
    m = problem.n_sites
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    h.setOptionValue("mip_abs_gap", 1e-9)
    if max_nodes is not None:  # a work limit: the same answer on any machine
        h.setOptionValue("mip_max_nodes", int(max_nodes))
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
    if not has_solution:
        return None
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
    return build_result(
        problem,
        plan,
        flows,
        bound=dual_bound,
        status=status,
        method="milp[highs]",
        seconds=seconds,
        iterations=stats,
        timings={"total": seconds},
        bound_source="highs",
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


@dataclass(frozen=True, eq=False)
class CoveringModel(LinearModel):
    """``covering_model``'s LP: columns ``x_j`` (``n_x``, in the order of its ``sites``) then
    the rows' ``z``; each reach pair's row (``row_unit``) and ``x`` column (``x_of_pair``)."""

    n_x: int
    row_unit: IntArray
    x_of_pair: IntArray


@dataclass(frozen=True)
class CoveringSolve:
    """HiGHS on the maximal covering MILP of some sites: the sites it opens, its dual bound."""

    sites: IntArray
    bound: float
    nodes: int
    stopped_early: bool  # by the time limit (the safety net)


def covering_rows(problem: SitingProblem, sites: IntArray) -> tuple[IntArray, IntArray, FloatArray]:
    """The rows of the covering model on ``sites``: demand units reached by exactly the same
    sites share one row (one ``z``, their values summed), which changes no plan's value.
    Returns each pair's row and site, and each row's value ``sum w_i u_i``."""
    unit = np.asarray(problem.pair_unit, dtype=np.int64)
    site = np.asarray(problem.pair_site, dtype=np.int64)
    keep = np.zeros(problem.n_sites, dtype=bool)
    keep[sites] = True
    sel = keep[site]
    order = np.lexsort((site[sel], unit[sel]))
    p_unit, p_site = unit[sel][order], site[sel][order]
    units, first, counts = np.unique(p_unit, return_index=True, return_counts=True)
    row_of: dict[bytes, int] = {}
    unit_row = np.fromiter(
        (
            row_of.setdefault(p_site[f : f + c].tobytes(), len(row_of))
            for f, c in zip(first.tolist(), counts.tolist(), strict=True)
        ),
        dtype=np.int64,
        count=units.size,
    )
    worth = np.asarray(problem.weight, dtype=np.float64) * np.asarray(problem.demand)
    value = np.bincount(unit_row, weights=worth[units], minlength=len(row_of)).astype(np.float64)
    lead = np.zeros(units.size, dtype=bool)
    lead[np.unique(unit_row, return_index=True)[1]] = True  # each row's first unit
    pick = np.repeat(lead, counts)
    row_unit = np.repeat(unit_row, counts)[pick]
    return row_unit, p_site[pick], value


def covering_model(problem: SitingProblem, sites: IntArray, count: int) -> CoveringModel:
    """Maximal covering on ``sites`` only, rows merged (``covering_rows``): ``x_j`` then
    ``z_r`` in ``[0, 1]``, ``z_r <= sum_{j reaches r} x_j``, ``sum x_j <= count``,
    maximising ``sum value_r z_r``. The ``x_j`` are continuous: set integrality to solve the
    MILP."""
    row_unit, row_site, value = covering_rows(problem, sites)
    site_id = np.full(problem.n_sites, -1, dtype=np.int64)
    site_id[sites] = np.arange(sites.size)
    n_x, n_z = int(sites.size), int(value.size)
    rows = np.concatenate([row_unit, np.arange(n_z), np.full(n_x, n_z)])
    cols = np.concatenate([site_id[row_site], n_x + np.arange(n_z), np.arange(n_x)])
    vals = np.concatenate([-np.ones(row_unit.size), np.ones(n_z), np.ones(n_x)])
    matrix = sparse.csc_matrix((vals, (rows, cols)), shape=(n_z + 1, n_x + n_z))
    matrix.sort_indices()
    cost = np.concatenate([np.zeros(n_x), value])
    col_lower, col_upper = np.zeros(n_x + n_z), np.ones(n_x + n_z)
    row_lower = np.full(n_z + 1, -math.inf)
    row_upper = np.concatenate([np.zeros(n_z), [float(count)]])
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_x + n_z, n_z + 1
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = cost
    lp.col_lower_ = col_lower
    lp.col_upper_ = col_upper
    lp.row_lower_ = np.full(n_z + 1, -highspy.kHighsInf)
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data.astype(np.float64)
    return CoveringModel(
        lp=lp,
        cost=cost,
        col_lower=col_lower,
        col_upper=col_upper,
        row_lower=row_lower,
        row_upper=row_upper,
        matrix=matrix,
        n_x=n_x,
        row_unit=row_unit,
        x_of_pair=site_id[row_site],
    )


def run_covering_milp(
    problem: SitingProblem,
    sites: IntArray,
    start: IntArray,
    *,
    count: int,
    max_nodes: int,
    time_limit: float,
) -> CoveringSolve | None:
    """Maximal covering on ``sites`` only (``covering_model``) with ``x_j`` binary;
    ``start`` (sites opened by a feasible plan) is the MIP start. Equals the siting model
    restricted to ``sites`` when one centre holds all a site reaches (no capacity binds) and a
    plan is any ``count`` sites (one size, no state limits, no approved sites): the caller
    checks that. None when HiGHS stops without a plan."""
    model = covering_model(problem, sites, count)
    n_x, n_z = model.n_x, model.lp.num_col_ - model.n_x
    lp = model.lp
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_x + [
        highspy.HighsVarType.kContinuous
    ] * n_z
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("mip_max_nodes", int(max_nodes))
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", 1e-9)
    # The rows are already merged; HiGHS's presolve found little else and took 40 % of the
    # time (SYNTHETIC 20,000 x 5,000, p = 20: 7.2 s -> 4.2 s without it).
    h.setOptionValue("presolve", "off")
    h.passModel(lp)
    site_id = np.full(problem.n_sites, -1, dtype=np.int64)
    site_id[sites] = np.arange(n_x)
    x0 = np.zeros(n_x)
    x0[site_id[start]] = 1.0
    covered = np.zeros(n_z)
    np.maximum.at(covered, model.row_unit, x0[model.x_of_pair])
    solution = highspy.HighsSolution()
    solution.col_value = np.concatenate([x0, covered]).tolist()
    solution.value_valid = True
    h.setSolution(solution)
    h.run()
    info = h.getInfo()
    if int(info.primal_solution_status) != int(highspy.SolutionStatus.kSolutionStatusFeasible):
        return None
    x = np.asarray(h.getSolution().col_value)[:n_x]
    return CoveringSolve(
        sites=sites[np.rint(x) > 0].astype(np.int64),
        bound=float(info.mip_dual_bound),
        nodes=int(info.mip_node_count),
        stopped_early=h.getModelStatus() == highspy.HighsModelStatus.kTimeLimit,
    )
