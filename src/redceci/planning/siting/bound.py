"""A certified upper bound on the siting model's optimum, by Lagrangian relaxation of demand.

Derivation
----------
Relax the demand rows ``sum_j y_ij <= u_i`` with multipliers ``lambda_i >= 0``::

    L(lambda) = sum_i lambda_i u_i + max_{n, y} sum_ij (w_i - lambda_i) y_ij

over the remaining constraints. For ``lambda >= 0`` and any feasible (n, y) the added term
``lambda_i (u_i - sum_j y_ij)`` is >= 0, so ``L(lambda) >= OPT`` (weak duality). Every step
below only *enlarges* the inner feasible set or replaces a maximum by something at least as
large, so each keeps ``L`` an upper bound:

1. ``0 <= y_ij <= u_i`` is implied by the demand rows and kept. A site with capacity K is
   then worth ``g_j(K) = max sum_i (w_i - lambda_i)^+ y_ij, sum_i y_ij <= K, y_ij <= u_i``:
   a fractional knapsack, concave, piecewise linear and non-decreasing in K. By LP duality
   ``g_j(K) <= mu K + sum_i (v_i - mu)^+ u_i`` for *any* ``mu >= 0``; we evaluate it with
   ``mu`` = the value of the piece the capacity cut falls in, which is exact when the cut is
   located exactly and an upper bound when rounding misplaces it.
2. (Relaxation A, count.) A site with t centres has capacity at most ``s_max * t`` (or
   ``s_mk + s_max (t-1)`` at a must-keep site whose approved centre has size ``s_mk``);
   g is non-decreasing, so ``G_j(t) = g_j(cap_j(t))`` bounds the site's value. The outer
   constraints are replaced by valid consequences on counts: the total count is at most
   ``P' = min(max_centres, n_mk + floor((budget - cost_mk) / c_min),
   n_mk + floor((max_places - places_mk) / s_min), sum_j M_j)`` (each other centre costs at
   least c_min and holds at least s_min), per-site ``t_j <= M_j`` and per-state maxima are
   kept, must-keep centres are forced (they are in every feasible plan), state minima are
   dropped. Choosing the t-th centre of site j is an element with weight
   ``G_j(t) - G_j(t-1)``; the sets of elements allowed by a laminar family of count limits
   form a laminar matroid, and for any plan n the prefix set {(j, t): t <= n_j} is
   independent with weight ``sum_j G_j(n_j)``. The max-weight independent set, which the
   greedy on sorted weights finds exactly for any matroid, is therefore >= the best plan.
   Forced centres are handled by contracting the matroid (caps reduced by them).
3. (Relaxation B, places.) Alternatively keep capacities continuous: ``sum_j K_j <= Cap``
   with ``Cap = min(max_places, s_max P', budget * max_k s_k / c_k)`` (every peso buys at
   most ``max s/c`` places), ``K_j <= cap_j(M_j)`` and ``sum_{j in g} K_j <= s_max
   state_max[g]``, must-keep and state minima dropped. The value ``max sum_j g_j(K_j)`` is
   a separable concave problem over a laminar polymatroid, solved exactly by taking pieces
   in descending value subject to the site, state and total caps.

Both A and B bound the same inner maximum, so ``sum lambda u + min(A, B)`` is valid for each
lambda; we return the least value over projected subgradient steps (Polyak step on the
subgradient ``u_i - sum_j y_ij(lambda)``, scaled by ``1/u_i``, deflected as in Camerini,
Fratta & Maffioli (1975), lambda kept in ``[0, w]``: a larger lambda_i only adds
``lambda_i u_i``). A tiny floating-point margin (a bound on accumulated rounding of
the sums and of the sort key) is added to every value.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from redceci.planning.siting.problem import FloatArray, IntArray, SitingProblem, sum_product
from redceci.planning.siting.relaxation import Relaxations

#: The first step scale (theta of the Polyak step).
_THETA0: Final = 1.5
#: Steps without a better bound before the step scale is halved.
_PATIENCE: Final = 15
#: Weight of the previous direction in a deflected step.
_DEFLECTION: Final = 0.7
#: Step scale under which the steps stop (converged).
_THETA_MIN: Final = 1e-6
#: How many of the best multipliers' site choices are kept as heuristic starts.
_STARTS: Final = 4


@dataclass(frozen=True, eq=False)
class BoundDetails:
    """The bound, the multipliers that gave it and how many evaluations were made."""

    bound: float
    lam: FloatArray
    iterations: int
    relaxation: str
    #: Centres per site chosen by relaxation A at the best few multipliers, best first
    #: (distinct; starts for a Lagrangian heuristic).
    site_counts: tuple[IntArray, ...]
    #: Why the steps stopped: "target" (the bound met the target within the tolerance),
    #: "iterations" (the work limit), "converged" (steps too small to move), or
    #: "time_limit" (the wall-clock safety net).
    stopped: str = "iterations"


def lagrangian_bound(
    problem: SitingProblem,
    lam0: npt.NDArray[np.float64] | None = None,
    *,
    iterations: int = 60,
    time_limit: float = 10.0,
    target: float | None = None,
) -> float:
    """A certified upper bound on the optimum of the siting model (without min_occupancy).

    ``L(lambda) = sum_i lambda_i u_i + min(A(lambda), B(lambda))`` where A and B are the
    count and places relaxations of the site-selection problem described in the module
    docstring; every ``lambda >= 0`` gives a valid bound and the least one found is returned.

    Parameters
    ----------
    problem
        The instance (validated here).
    lam0
        Starting multipliers, e.g. the demand-row duals of an assignment LP; zeros if None.
    iterations
        Maximum number of evaluations of L (the work limit that stops the steps).
    time_limit
        Wall-clock safety net: seconds after which no new step is started.
    target
        A known feasible objective value, used as the step target and to stop early once
        the bound meets it.

    Returns
    -------
    float
        An upper bound on ``max sum_ij w_i y_ij`` over the model's feasible plans.
    """
    problem.validate()
    return lagrangian_bound_details(
        problem, lam0, iterations=iterations, time_limit=time_limit, target=target
    ).bound


def lagrangian_bound_details(
    problem: SitingProblem,
    lam0: npt.NDArray[np.float64] | None = None,
    *,
    iterations: int = 60,
    time_limit: float = 10.0,
    target: float | None = None,
    gap_tolerance: float = 1e-10,
) -> BoundDetails:
    """``lagrangian_bound`` without validation, returning the best multipliers too; stops
    once the bound is within ``gap_tolerance`` (relative) of ``target``."""
    dual = LagrangianDual(problem, lam0)
    dual.run(
        iterations - 1,
        target=target,
        gap_tolerance=gap_tolerance,
        deadline=time.perf_counter() + time_limit,
    )
    return dual.details()


class LagrangianDual:
    """The Lagrangian dual, minimised by deflected subgradient steps, resumable (warm starts).

    Steps (Held, Wolfe & Crowder 1974; Camerini, Fratta & Maffioli 1975): a Polyak step
    ``theta (L(lambda) - target) / |g|^2`` along the subgradient ``g = u - x`` in the
    metric ``diag(1 / u)`` (each ``lambda_i`` lives in ``[0, w_i]`` whatever ``u_i`` is, so
    the step on unit i is ``g_i / u_i``), deflected by part of the last direction when the
    new one turns back on it; ``theta`` halves after ``_PATIENCE`` steps without a better
    bound. Any ``lambda`` gives a valid bound, so the method only affects how fast the bound
    falls, never its validity. (A volume algorithm, Barahona & Anbil 2000, was measured
    too: on the national instance it needed about twice the steps for the same bound.)

    Each call of ``run`` continues from where the last stopped (multipliers, step scale,
    last direction), so a solver can alternate bound steps with heuristic restarts and give
    each round its new incumbent as target. The steps are a deterministic function of the
    input and the targets: they stop on a number of evaluations, the wall-clock deadline
    being only a safety net that is reported when it is hit.
    """

    def __init__(self, problem: SitingProblem, lam0: npt.NDArray[np.float64] | None) -> None:
        self.data = data = Relaxations(problem)
        lam = np.zeros(data.n) if lam0 is None else np.asarray(lam0, dtype=np.float64).copy()
        if lam.shape != (data.n,):
            from redceci.errors import InputError

            raise InputError(f"lam0 has shape {lam.shape}, expected ({data.n},)")
        lam = np.clip(np.nan_to_num(lam, nan=0.0), 0.0, data.w)
        value, subgrad, rel, counts = data.evaluate(lam)
        self.evaluations = 1
        self.best, self.best_lam, self.best_rel = value, lam, rel
        self.lam, self.value, self.subgrad = lam, value, subgrad
        self.theta = _THETA0
        self.stall = 0
        self.previous: FloatArray | None = None
        self.starts: list[tuple[float, IntArray]] = [(value, counts)]
        self.stopped = "iterations"

    def run(
        self,
        iterations: int,
        *,
        target: float | None,
        gap_tolerance: float,
        deadline: float,
    ) -> str:
        """Up to ``iterations`` more evaluations; returns (and records) why it stopped."""
        data = self.data
        stopped = "iterations"
        for _ in range(max(0, iterations)):
            if target is not None and self.best - target <= gap_tolerance * max(
                abs(self.best), 1e-12
            ):
                stopped = "target"
                break
            if time.perf_counter() > deadline:
                stopped = "time_limit"
                break
            goal = target if target is not None else self.best - 0.05 * abs(self.best)
            subgrad = self.subgrad
            direction = subgrad * data.inv_u
            # Deflection: when the new direction turns back on the last one, add part of the
            # last one to damp the zig-zag.
            previous = self.previous
            if previous is not None and sum_product(subgrad, previous) < 0.0:
                deflected = direction + _DEFLECTION * previous
                if sum_product(subgrad, deflected) > 0.0:
                    direction = deflected
            self.previous = direction
            norm2 = sum_product(subgrad, direction)
            if norm2 <= 0.0 or self.theta < _THETA_MIN:
                stopped = "converged"
                break
            step = self.theta * max(self.value - goal, 1e-9 * max(abs(self.value), 1.0)) / norm2
            lam = np.clip(self.lam - step * direction, 0.0, data.w)
            value, subgrad, rel, counts = data.evaluate(lam)
            self.evaluations += 1
            self.lam, self.value, self.subgrad = lam, value, subgrad
            if value < self.best - 1e-12 * abs(self.best):
                self.best, self.best_lam, self.best_rel, self.stall = value, lam, rel, 0
                if not any(np.array_equal(counts, c) for _, c in self.starts):
                    ranked = sorted([*self.starts, (value, counts)], key=lambda vc: vc[0])
                    self.starts = ranked[:_STARTS]
            else:
                self.stall += 1
                if self.stall >= _PATIENCE:
                    self.theta, self.stall = self.theta / 2, 0
        self.stopped = stopped
        return stopped

    def closed_sites(self, incumbent: float) -> npt.NDArray[np.bool_]:
        """Sites closed in every plan worth more than ``incumbent``, by reduced-cost fixing
        at the best multipliers (``Relaxations.closed_sites``)."""
        return self.data.closed_sites(self.best_lam, incumbent)

    def details(self) -> BoundDetails:
        """The best bound so far, its multipliers and the relaxation's site choices."""
        return BoundDetails(
            bound=self.best,
            lam=self.best_lam,
            iterations=self.evaluations,
            relaxation=self.best_rel,
            site_counts=tuple(c for _, c in self.starts),
            stopped=self.stopped,
        )
