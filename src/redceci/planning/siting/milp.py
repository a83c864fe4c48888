"""The siting model as a mixed-integer program: the arrays HiGHS solves (``exact``) and whose
LP relaxation certifies small instances (``certificate``)."""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt
from scipy import sparse

from redceci.planning.siting.problem import FloatArray, IntArray, SitingProblem


@dataclass(frozen=True, eq=False)
class MilpModel:
    """The MILP of ``exact.solve_exact``: columns are the pair flows ``y_p`` then the counts
    ``n_jk`` at ``n_pairs + j * n_sizes + k``; infinite row sides are ``+-inf``."""

    lp: highspy.HighsLp
    cost: FloatArray
    col_lower: FloatArray
    col_upper: FloatArray
    row_lower: FloatArray
    row_upper: FloatArray
    matrix: sparse.csc_matrix
    n_pairs: int
    nj_site: IntArray
    nj_size: IntArray


def milp_model(problem: SitingProblem, *, occupancy: bool = False) -> MilpModel:
    """Columns, rows and bounds of the siting MILP (see ``exact.solve_exact``)."""
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
