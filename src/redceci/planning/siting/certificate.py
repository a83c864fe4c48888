"""Every valid upper bound we can afford, and the least of them: the plan's certificate.

Bounds, each valid on its own (so their minimum is too):

* ``coverable``: the weighted demand of units that some site can serve, the children taken
  in descending weight up to the most places any plan can hold (``min(max_places, s_max x
  most centres, budget x max s/c)``). A plan that serves every coverable child meets it.
* ``standalone``: the count and places relaxations of ``bound`` at zero multipliers -- each
  site valued alone, the best ``p`` of them (for maximal covering: the sum of the ``p``
  largest standalone coverages).
* ``lagrangian``: the best Lagrangian bound found by deflected subgradient steps.
* ``lp``: the LP relaxation of the MILP of ``exact`` when it has at most
  ``lp_max_pairs`` pairs, certified by a dual bound computed from HiGHS's row duals (any
  duals give a valid bound because every column is bounded; see ``dual_bound``), so
  solver tolerances cannot make it invalid.
* ``covering_lp``: for maximal covering, the LP relaxation of the compact covering model
  (``milp.covering_model``: site and merged-row variables, no pair flows), when it has at
  most ``covering_lp_max_pairs`` reach pairs; solved by HiGHS's interior point without
  crossover and certified by the same dual bound. The Lagrangian bound converges to this
  value; the LP reaches it directly (SYNTHETIC 20,000 x 5,000, p = 100: 1.9 % -> 1.5 %).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Final

import highspy
import numpy as np

from redceci.planning.siting.milp import LinearModel, covering_model, milp_model
from redceci.planning.siting.problem import FloatArray, IntArray, SitingProblem, sum_product

#: Relative margin added to a bound computed from floating-point sums.
_MARGIN: Final = 1e-12


@dataclass(frozen=True)
class Certificate:
    """The least valid bound, which one it was, and every bound computed."""

    bound: float
    source: str
    bounds: dict[str, float] = field(default_factory=dict)


def certify(bounds: dict[str, float]) -> Certificate:
    """The minimum of ``bounds`` (name -> valid upper bound), ties to the first named."""
    finite = {k: v for k, v in bounds.items() if math.isfinite(v)}
    if not finite:
        return Certificate(math.inf, "none", dict(bounds))
    source = min(finite, key=lambda k: finite[k])
    return Certificate(finite[source], source, dict(bounds))


def coverable_bound(problem: SitingProblem) -> float:
    """Weighted demand of the coverable units, in descending weight up to the most places
    any feasible plan can hold."""
    demand = np.asarray(problem.demand, dtype=np.float64)
    weight = np.asarray(problem.weight, dtype=np.float64)
    unit = np.asarray(problem.pair_unit, dtype=np.int64)
    site = np.asarray(problem.pair_site, dtype=np.int64)
    site_max = np.asarray(problem.site_max_centres, dtype=np.int64)
    if unit.size == 0:
        return 0.0
    reach = np.zeros(problem.n_units, dtype=bool)
    reach[unit[site_max[site] > 0]] = True
    sizes = np.asarray(problem.sizes, dtype=np.float64)
    costs = np.asarray(problem.costs, dtype=np.float64)
    places = float(sizes.max()) * float(site_max.sum())
    if problem.max_centres is not None:
        places = min(places, float(sizes.max()) * problem.max_centres)
    if problem.max_places is not None:
        places = min(places, float(problem.max_places))
    if problem.budget is not None:
        places = min(places, float(problem.budget) * float((sizes / costs).max()))
    units = np.nonzero(reach & (weight > 0) & (demand > 0))[0]
    units = units[np.argsort(-weight[units], kind="stable")]
    taken = np.cumsum(demand[units]) - demand[units]
    amount = np.minimum(np.maximum(places * (1 + _MARGIN) - taken, 0.0), demand[units])
    value = sum_product(weight[units], amount)
    return float(value * (1 + 1e-12) + 4 * np.finfo(np.float64).eps * units.size * value)


def lp_bound(problem: SitingProblem, *, time_limit: float) -> float | None:
    """The LP relaxation's value, certified by a dual bound; None if HiGHS does not solve
    it to optimality within ``time_limit`` seconds (a safety net)."""
    model = milp_model(problem)
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("threads", 1)
    lp = model.lp
    lp.integrality_ = []
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    duals = np.asarray(h.getSolution().row_dual, dtype=np.float64)
    # Whatever HiGHS's sign convention, both signs give valid bounds: keep the smaller.
    return min(dual_bound(model, duals), dual_bound(model, -duals))


@dataclass(frozen=True)
class CoveringLp:
    """The compact covering LP: its certified bound and each site's value ``x_j``."""

    bound: float
    x: FloatArray


def covering_lp_bound(
    problem: SitingProblem, sites: IntArray, count: int, *, time_limit: float
) -> CoveringLp | None:
    """The LP relaxation of maximal covering on ``sites`` with at most ``count`` of them
    (``milp.covering_model``), certified by a dual bound; None if HiGHS's interior point
    returns no duals within ``time_limit`` seconds (a safety net). Valid for the siting problem
    only when it is maximal covering (the caller checks, as for ``run_covering_milp``)."""
    model = covering_model(problem, sites, count)
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("threads", 1)
    h.setOptionValue("solver", "ipm")
    # Any duals give a valid bound (``dual_bound``): the interior point's are enough.
    h.setOptionValue("run_crossover", "off")
    h.passModel(model.lp)
    h.run()
    solution = h.getSolution()
    # Without crossover HiGHS reports the status "unknown"; any duals still bound.
    if not solution.dual_valid:
        return None
    duals = np.asarray(solution.row_dual, dtype=np.float64)
    if duals.size != model.row_upper.size or not np.isfinite(duals).all():
        return None
    bound = min(dual_bound(model, duals), dual_bound(model, -duals))
    x = np.asarray(solution.col_value, dtype=np.float64)[: model.n_x]
    return CoveringLp(bound, x if x.size == model.n_x else np.zeros(model.n_x))


def dual_bound(model: LinearModel, duals: FloatArray) -> float:
    """A valid upper bound on ``max c x : L <= A x <= U, l <= x <= u`` from any row
    multipliers ``duals`` (weak Lagrangian duality; every column is bounded).

    A positive multiplier prices the row's upper side, a negative one its lower side; a
    multiplier whose side is infinite is dropped (set to 0). Then
    ``c x = (c - A' y) x + y' A x <= sum_j max((c - A' y)_j l_j, (c - A' y)_j u_j)
    + sum_r max(y_r U_r, y_r L_r)``.
    """
    y = np.where(np.isfinite(model.row_upper) & (duals > 0), duals, 0.0)
    y = np.where(np.isfinite(model.row_lower) & (duals < 0), duals, y)
    reduced = model.cost - model.matrix.T @ y
    cols = np.maximum(reduced * model.col_lower, reduced * model.col_upper)
    rows = np.where(y > 0, y * np.nan_to_num(model.row_upper, posinf=0.0), 0.0) + np.where(
        y < 0, y * np.nan_to_num(model.row_lower, neginf=0.0), 0.0
    )
    value = float(cols.sum() + rows.sum())
    scale = float(np.abs(cols).sum() + np.abs(rows).sum())
    return float(value + 64 * np.finfo(np.float64).eps * (cols.size + rows.size) * scale)
