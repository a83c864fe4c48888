"""The programme over time: which of a plan's centres opens in which year, so that the benefit
summed over the years is as high as possible, with a certified upper bound and its gap.

Model. Years ``t = 1..T``; the plan's centres ``c`` (site ``j_c``, size ``k_c``, cost
``cost_c``), each with an earliest year ``e_c`` (its land and building time); ``S_t`` is the set
of centres open at the end of year ``t`` (``S_1 ⊆ S_2 ⊆ ... ⊆ S_T``)::

    maximise    sum_t f(S_t)
    subject to  |S_t minus S_{t-1}| <= N_t                   (yearly pace; the last year: the rest)
                sum_{c in S_t minus S_{t-1}} cost_c <= B_t   (yearly capital, where given)
                c in S_t only if e_c <= t;  fixed centres open in their year e_c

where ``f(S)`` is the siting objective of ``S`` (``planning.siting``): the best assignment of
units' unmet demand to the open centres' places, weighted by mothers enabled per child.

Heuristic: year by year, a lazy greedy on marginal gains. A centre's gain is the weighted
demand it would take from the residual demand of its units, highest weight first (nearer first
on ties), up to its places: a lower bound on its true marginal value that never grows as others
open, so a stale heap entry is an upper bound (Minoux 1978). Each year's ``f(S_t)`` is then the
exact transport LP (HiGHS).

Bound: any programme has ``f(S_t) <= OPT_t``, the siting optimum over the sites available by
``t`` with at most ``N_1 + ... + N_t`` centres and the capital of years 1..t, without must-keep
sites or state minima (a relaxation); ``OPT_t`` is bounded by the Lagrangian bound of that
problem (``planning.siting.lagrangian_bound``). The last year's set must meet the plan's own
constraints, so the plan's certified bound serves for it. ``gap = 1 - sum_t f(S_t) /
sum_t UB_t``.
"""

from __future__ import annotations

import dataclasses
import heapq
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import linprog

from redceci.errors import InputError
from redceci.planning.siting import SitingProblem, lagrangian_bound

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Year of a centre the programme could not schedule by its last year.
UNSCHEDULED = 0


@dataclass(frozen=True)
class YearPace:
    """One year's limits: most centres opening (None: the rest) and capital (None: no limit)."""

    year: int
    centres: int | None
    capital: float | None


@dataclass(frozen=True)
class YearValue:
    """One year's outcome: centres open at its end, their exact value and served children, and
    the certified upper bound on the value any programme could reach that year."""

    year: int
    opened: int
    open_centres: int
    places_open: int
    capital: float
    value: float
    served: float
    bound: float


@dataclass(frozen=True, eq=False)
class Phasing:
    """A schedule of the plan's centres over the years with its certified gap."""

    years: IntArray  # per centre: its opening year, UNSCHEDULED if none
    by_year: tuple[YearValue, ...]
    served_by_unit: FloatArray  # (years, units): children served at each year's end
    value: float  # sum over years of f(S_t)
    bound: float  # sum over years of the upper bounds
    gap: float
    method: str
    seconds: float


def _site_order(problem: SitingProblem) -> tuple[IntArray, IntArray]:
    """Pairs grouped by site, highest weight first, nearer first: (order, site pointers)."""
    unit = np.asarray(problem.pair_unit, dtype=np.int64)
    site = np.asarray(problem.pair_site, dtype=np.int64)
    weight = np.asarray(problem.weight, dtype=float)[unit]
    minutes = np.asarray(problem.pair_minutes, dtype=float)
    order = np.lexsort((minutes, -weight, site)).astype(np.int64)
    ptr = np.searchsorted(site[order], np.arange(problem.n_sites + 1)).astype(np.int64)
    return order, ptr


class _Residual:
    """Residual demand and the greedy gain of a centre on it."""

    def __init__(self, problem: SitingProblem) -> None:
        self.unit = np.asarray(problem.pair_unit, dtype=np.int64)
        self.weight = np.asarray(problem.weight, dtype=float)
        self.left = np.asarray(problem.demand, dtype=float).copy()
        self.order, self.ptr = _site_order(problem)

    def _take(self, site: int, places: float) -> tuple[IntArray, FloatArray]:
        units = self.unit[self.order[self.ptr[site] : self.ptr[site + 1]]]
        r = self.left[units]
        before = np.cumsum(r) - r
        return units, np.clip(places - before, 0.0, r)

    def gain(self, site: int, places: float) -> float:
        units, take = self._take(site, places)
        return float(self.weight[units] @ take)

    def open(self, site: int, places: float) -> None:
        units, take = self._take(site, places)
        self.left[units] -= take


def schedule(
    problem: SitingProblem,
    centres: Sequence[tuple[int, int]],
    earliest: Sequence[int],
    pace: Sequence[YearPace],
    *,
    fixed: Sequence[bool] | None = None,
) -> IntArray:
    """Opening year of each centre ``(site, size index)`` by the year-by-year lazy greedy.

    Fixed centres open in their earliest year (counting against its pace); a centre whose
    earliest year is after the last, or that the pace and capital never reach, is
    ``UNSCHEDULED``.
    """
    n = len(centres)
    if len(earliest) != n or (fixed is not None and len(fixed) != n):
        raise InputError("earliest (and fixed) need one entry per centre")
    years = np.full(n, UNSCHEDULED, dtype=np.int64)
    is_fixed = np.zeros(n, dtype=bool) if fixed is None else np.asarray(fixed, dtype=bool)
    sizes, costs = problem.sizes, problem.costs
    residual = _Residual(problem)
    heap: list[tuple[float, int]] = []
    waiting = sorted((int(earliest[c]), c) for c in range(n) if not is_fixed[c])
    w = 0
    for p in pace:
        count, spent = 0, 0.0
        for c in np.flatnonzero(is_fixed & (np.asarray(earliest) == p.year)).tolist():
            site, k = centres[c]
            residual.open(site, sizes[k])
            years[c], count, spent = p.year, count + 1, spent + costs[k]
        while w < len(waiting) and waiting[w][0] <= p.year:
            c = waiting[w][1]
            site, k = centres[c]
            heapq.heappush(heap, (-residual.gain(site, sizes[k]), c))
            w += 1
        deferred: list[tuple[float, int]] = []
        while heap and (p.centres is None or count < p.centres):
            _, c = heapq.heappop(heap)
            site, k = centres[c]
            fresh = residual.gain(site, sizes[k])
            if heap and fresh < -heap[0][0] - 1e-12 * max(1.0, fresh):
                heapq.heappush(heap, (-fresh, c))
                continue
            if p.capital is not None and spent + costs[k] > p.capital * (1 + 1e-9):
                deferred.append((-fresh, c))
                continue
            residual.open(site, sizes[k])
            years[c], count, spent = p.year, count + 1, spent + costs[k]
        for item in deferred:
            heapq.heappush(heap, item)
    return years


def assignment_value(
    problem: SitingProblem, capacity: FloatArray
) -> tuple[float, FloatArray, FloatArray]:
    """The exact siting objective of centres with ``capacity`` places per site: the transport
    LP (HiGHS). Returns (value, children served per unit, demand duals per unit)."""
    unit = np.asarray(problem.pair_unit, dtype=np.int64)
    site = np.asarray(problem.pair_site, dtype=np.int64)
    demand = np.asarray(problem.demand, dtype=float)
    weight = np.asarray(problem.weight, dtype=float)
    n_units = problem.n_units
    active = (capacity[site] > 0) & (demand[unit] > 0) & (weight[unit] > 0)
    served = np.zeros(n_units)
    duals = np.zeros(n_units)
    if not active.any():
        return 0.0, served, duals
    u, s = unit[active], site[active]
    rows_u, u_idx = np.unique(u, return_inverse=True)
    rows_s, s_idx = np.unique(s, return_inverse=True)
    n_var = int(active.sum())
    cols = np.arange(n_var)
    a = sp.vstack(
        [
            sp.csr_matrix((np.ones(n_var), (u_idx, cols)), shape=(len(rows_u), n_var)),
            sp.csr_matrix((np.ones(n_var), (s_idx, cols)), shape=(len(rows_s), n_var)),
        ]
    ).tocsr()
    b = np.concatenate([demand[rows_u], capacity[rows_s]])
    res = linprog(-weight[u], A_ub=a, b_ub=b, bounds=(0, None), method="highs")
    if res.status != 0 or res.x is None:
        raise InputError(f"the assignment LP did not solve: {res.message}")
    x = np.asarray(res.x, dtype=float)
    served = np.asarray(np.bincount(u, weights=x, minlength=n_units), dtype=np.float64)
    marg = np.asarray(res.ineqlin.marginals, dtype=float)
    duals[rows_u] = np.clip(-marg[: len(rows_u)], 0.0, weight[rows_u])
    return float(weight[u] @ x), served, duals


def phase(
    problem: SitingProblem,
    centres: Sequence[tuple[int, int]],
    earliest: Sequence[int],
    pace: Sequence[YearPace],
    *,
    site_year: Sequence[int] | npt.NDArray[np.int64],
    last_year_bound: float | None,
    fixed: Sequence[bool] | None = None,
    bound_seconds: float = 10.0,
    progress: Callable[[str, float], None] | None = None,
) -> Phasing:
    """Schedule the plan's ``centres`` over the years of ``pace`` and certify the schedule.

    Parameters
    ----------
    problem
        The plan's siting problem (``plan.build_problem``).
    centres
        The plan's centres as (site, size index).
    earliest
        Each centre's earliest opening year.
    pace
        The years in order, each with its limits; the last year should take the rest.
    site_year
        Each candidate site's earliest year (for the yearly bounds).
    last_year_bound
        The plan's certified bound, valid for the last year's set when every centre can open
        by then (None: the last year is bounded like the others).
    fixed
        Centres that open in their earliest year whatever their gain (registered ones).
    bound_seconds
        Time for each year's Lagrangian bound (the last year's is given).
    """
    t0 = time.perf_counter()
    report = progress or (lambda _s, _f: None)
    years = schedule(problem, centres, earliest, pace, fixed=fixed)
    sizes, costs = problem.sizes, problem.costs
    site_of = np.array([c[0] for c in centres], dtype=np.int64)
    places_of = np.array([sizes[c[1]] for c in centres], dtype=float)
    cost_of = np.array([costs[c[1]] for c in centres], dtype=float)
    site_year_arr = np.asarray(site_year, dtype=np.int64)
    values: list[YearValue] = []
    served_rows: list[FloatArray] = []
    duals: FloatArray | None = None
    solved: list[tuple[int, float, float, int, int, float]] = []
    for i, p in enumerate(pace):
        report("programme", i / (2 * len(pace)))
        open_ = (years != UNSCHEDULED) & (years <= p.year)
        capacity = np.asarray(
            np.bincount(site_of[open_], weights=places_of[open_], minlength=problem.n_sites),
            dtype=np.float64,
        )
        value, served, duals = assignment_value(problem, capacity)
        served_rows.append(served)
        opened = int((years == p.year).sum())
        capital = float(cost_of[years == p.year].sum())
        solved.append(
            (
                int(open_.sum()),
                value,
                float(served.sum()),
                opened,
                int(places_of[open_].sum()),
                capital,
            )
        )
    # The most centres any programme can have open by year t: last year's most plus this
    # year's pace (or its fixed centres, if more), and no more than the sites available hold.
    site_max = np.asarray(problem.site_max_centres, dtype=np.int64)
    fixed_arr = np.zeros(len(centres), dtype=bool) if fixed is None else np.asarray(fixed, bool)
    earliest_arr = np.asarray(earliest, dtype=np.int64)
    cum_centres: int | None = 0
    cum_capital: float | None = 0.0
    for i, p in enumerate(pace):
        report("programme", 0.5 + i / (2 * len(pace)))
        n_open, value, served_total, opened, places_open, capital = solved[i]
        available = site_year_arr <= p.year
        room = int(site_max[available].sum())
        n_fixed = int((fixed_arr & (earliest_arr == p.year)).sum())
        if p.centres is None or cum_centres is None:
            cum_centres = None
        else:
            cum_centres = min(cum_centres + max(p.centres, n_fixed), room)
        cum_capital = None if p.capital is None or cum_capital is None else cum_capital + p.capital
        if i == len(pace) - 1 and last_year_bound is not None:
            bound = max(float(last_year_bound), value)
        elif room == 0 or cum_centres == 0:
            bound = value  # nothing can be open: the value (0) is the optimum
        else:
            relaxed = dataclasses.replace(
                problem,
                site_max_centres=np.where(available, site_max, 0).astype(np.int32),
                max_centres=cum_centres,
                budget=cum_capital,
                must_keep={},
                state_min={},
            )
            bound = max(
                lagrangian_bound(
                    relaxed, duals, iterations=300, time_limit=bound_seconds, target=value
                ),
                value,
            )
        values.append(
            YearValue(p.year, opened, n_open, places_open, capital, value, served_total, bound)
        )
    total = sum(v.value for v in values)
    total_bound = sum(v.bound for v in values)
    gap = 0.0 if total_bound <= 0 else max(0.0, 1.0 - total / total_bound)
    return Phasing(
        years=years,
        by_year=tuple(values),
        served_by_unit=np.vstack(served_rows) if served_rows else np.zeros((0, problem.n_units)),
        value=total,
        bound=total_bound,
        gap=gap,
        method="yearly lazy greedy on marginal gains + exact LP per year + Lagrangian bounds",
        seconds=time.perf_counter() - t0,
    )


def pace_from(
    years: Sequence[int],
    centres_per_year: Mapping[int, int],
    capital_per_year: Mapping[int, float],
) -> list[YearPace]:
    """Yearly limits: given years as set, the last year open (the rest, any capital)."""
    out = []
    for i, y in enumerate(years):
        last = i == len(years) - 1
        out.append(
            YearPace(
                y,
                None if last else centres_per_year.get(y),
                None if last else capital_per_year.get(y),
            )
        )
    return out
