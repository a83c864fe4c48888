"""Where to open childcare centres: the capacitated maximal-covering siting model and its heuristic.

Defines the problem/result types and ``solve_greedy`` (lazy greedy, local search, LP polish, bound).
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

import highspy
import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from redceci.errors import InfeasibleError, InputError
from redceci.planning.siting_bound import lagrangian_bound_details

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Relative gap under which a plan is reported as proven optimal.
OPTIMAL_GAP: Final = 1e-9
_RESOURCE_TOL: Final = 1e-9
_FLOW_TOL: Final = 1e-12
_REFRESH_BATCH: Final = 24


@dataclass(frozen=True, eq=False)
class SitingProblem:
    """A capacitated maximal-covering location problem with several centres per site.

    Demand units ``i = 0..n-1`` hold ``demand[i]`` unmet children, each worth ``weight[i]``
    (expected mothers enabled to work per child served). Candidate sites ``j = 0..m-1`` can
    host up to ``site_max_centres[j]`` centres; a centre of size ``k`` has ``sizes[k]``
    places and costs ``costs[k]`` pesos. Coverage is sparse: pair ``p`` links unit
    ``pair_unit[p]`` to site ``pair_site[p]`` at ``pair_minutes[p]`` minutes; a unit may only
    be served by a site it is paired with.

    With integers ``n_jk >= 0`` (centres of size ``k`` at site ``j``) and flows
    ``y_ij >= 0`` on pairs, the model is::

        maximise    sum_ij w_i y_ij
        subject to  sum_j y_ij <= u_i                              (demand)
                    sum_i y_ij <= sum_k s_k n_jk                   (capacity)
                    sum_k n_jk <= M_j                              (site maximum)
                    sum_jk n_jk <= max_centres                     (if given)
                    sum_jk s_k n_jk <= max_places                  (if given)
                    sum_jk c_k n_jk <= budget                      (if given)
                    state_min[g] <= sum_{j in g, k} n_jk <= state_max[g]
                    n_{j, must_keep[j]} >= 1                       (approved sites)

    ``min_occupancy`` (rho) is a rule of the *heuristic* only: it will not open a centre
    expected to serve fewer than ``rho * s_k`` children. It is not part of the model, so
    the bound and the exact MILP ignore it.
    """

    demand: npt.NDArray[np.float64]
    weight: npt.NDArray[np.float64]
    pair_unit: npt.NDArray[np.int32]
    pair_site: npt.NDArray[np.int32]
    pair_minutes: npt.NDArray[np.float32]
    n_sites: int
    site_state: npt.NDArray[np.int32]
    site_max_centres: npt.NDArray[np.int32]
    sizes: tuple[int, ...]
    costs: tuple[float, ...]
    max_centres: int | None = None
    max_places: int | None = None
    budget: float | None = None
    state_min: Mapping[int, int] = field(default_factory=dict)
    state_max: Mapping[int, int] = field(default_factory=dict)
    must_keep: Mapping[int, int] = field(default_factory=dict)
    min_occupancy: float = 0.0

    @property
    def n_units(self) -> int:
        """Number of demand units."""
        return int(np.asarray(self.demand).shape[0])

    @property
    def n_pairs(self) -> int:
        """Number of (unit, site) coverage pairs."""
        return int(np.asarray(self.pair_unit).shape[0])

    def validate(self) -> None:
        """Check shapes, ranges and obvious infeasibility.

        Raises
        ------
        InputError
            A field has the wrong shape, type or range (the message names it).
        InfeasibleError
            The must-keep sites or state minima cannot fit in the count, places, budget,
            state maxima or per-site maxima.
        """
        self._validate_inputs()
        self._check_obvious_infeasibility()

    def _validate_inputs(self) -> None:
        n_sites = _int_scalar("n_sites", self.n_sites)
        if n_sites < 0:
            raise InputError(f"n_sites must be >= 0, got {n_sites}")
        demand = _real_vector("demand", self.demand)
        n = demand.shape[0]
        _real_vector("weight", self.weight, n)
        unit = _int_vector("pair_unit", self.pair_unit)
        n_pairs = unit.shape[0]
        site = _int_vector("pair_site", self.pair_site, n_pairs)
        _real_vector("pair_minutes", self.pair_minutes, n_pairs)
        if n_pairs:
            if unit.min() < 0 or unit.max() >= n:
                raise InputError(f"pair_unit must lie in [0, {n}), got {unit.min()}..{unit.max()}")
            if site.min() < 0 or site.max() >= n_sites:
                raise InputError(
                    f"pair_site must lie in [0, {n_sites}), got {site.min()}..{site.max()}"
                )
            keys = np.sort(unit.astype(np.int64) * max(n_sites, 1) + site.astype(np.int64))
            if np.any(keys[1:] == keys[:-1]):
                raise InputError("pairs contain a duplicated (unit, site) pair")
        _int_vector("site_state", self.site_state, n_sites)
        site_max = _int_vector("site_max_centres", self.site_max_centres, n_sites)
        if n_sites and site_max.min() < 0:
            raise InputError("site_max_centres must be >= 0")
        if len(self.sizes) == 0:
            raise InputError("sizes must name at least one centre size")
        if len(self.costs) != len(self.sizes):
            raise InputError(f"costs has {len(self.costs)} entries but sizes has {len(self.sizes)}")
        for s in self.sizes:
            if _int_scalar("sizes", s) <= 0:
                raise InputError(f"every size must be a positive integer, got {s}")
        for c in self.costs:
            if not (math.isfinite(float(c)) and float(c) > 0):
                raise InputError(f"every cost must be finite and > 0, got {c}")
        if self.max_centres is not None and _int_scalar("max_centres", self.max_centres) < 0:
            raise InputError(f"max_centres must be >= 0, got {self.max_centres}")
        if self.max_places is not None and not (
            math.isfinite(float(self.max_places)) and float(self.max_places) >= 0
        ):
            raise InputError(f"max_places must be finite and >= 0, got {self.max_places}")
        if self.budget is not None and not (
            math.isfinite(float(self.budget)) and float(self.budget) >= 0
        ):
            raise InputError(f"budget must be finite and >= 0, got {self.budget}")
        if not (0.0 <= float(self.min_occupancy) <= 1.0):
            raise InputError(f"min_occupancy must lie in [0, 1], got {self.min_occupancy}")
        for name, bounds in (("state_min", self.state_min), ("state_max", self.state_max)):
            for code, value in bounds.items():
                _int_scalar(f"{name} key", code)
                if _int_scalar(f"{name}[{code}]", value) < 0:
                    raise InputError(f"{name}[{code}] must be >= 0, got {value}")
        for j, k in self.must_keep.items():
            if not 0 <= _int_scalar("must_keep site", j) < n_sites:
                raise InputError(f"must_keep site {j} is not in [0, {n_sites})")
            if not 0 <= _int_scalar("must_keep size index", k) < len(self.sizes):
                raise InputError(f"must_keep size index {k} (site {j}) is not a valid size")

    def _check_obvious_infeasibility(self) -> None:
        site_max = np.asarray(self.site_max_centres, dtype=np.int64)
        site_state = np.asarray(self.site_state, dtype=np.int64)
        mk_sites = np.array(sorted(self.must_keep), dtype=np.int64)
        mk_sizes = [self.must_keep[int(j)] for j in mk_sites]
        if mk_sites.size and site_max[mk_sites].min() < 1:
            bad = int(mk_sites[np.argmin(site_max[mk_sites])])
            raise InfeasibleError(f"must-keep site {bad} has site_max_centres 0")
        mk_count = len(mk_sizes)
        mk_cost = float(sum(self.costs[k] for k in mk_sizes))
        mk_places = float(sum(self.sizes[k] for k in mk_sizes))
        mk_by_state: dict[int, int] = {}
        for j in mk_sites:
            code = int(site_state[j])
            mk_by_state[code] = mk_by_state.get(code, 0) + 1
        for code, cap in self.state_max.items():
            if mk_by_state.get(int(code), 0) > cap:
                raise InfeasibleError(
                    f"state {code}: {mk_by_state[int(code)]} must-keep sites exceed state_max {cap}"
                )
        deficit = 0
        for code, lo in self.state_min.items():
            hi = self.state_max.get(code)
            if hi is not None and lo > hi:
                raise InfeasibleError(f"state {code}: state_min {lo} exceeds state_max {hi}")
            room = int(site_max[site_state == int(code)].sum())
            if lo > room:
                raise InfeasibleError(
                    f"state {code}: state_min {lo} exceeds the {room} centres its sites can hold"
                )
            deficit += max(0, int(lo) - mk_by_state.get(int(code), 0))
        if self.max_centres is not None and mk_count + deficit > self.max_centres:
            raise InfeasibleError(
                f"must-keep sites and state minima need {mk_count + deficit} centres, "
                f"max_centres is {self.max_centres}"
            )
        if self.budget is not None:
            need = mk_cost + deficit * min(self.costs)
            if need > float(self.budget) * (1 + _RESOURCE_TOL) + _RESOURCE_TOL:
                raise InfeasibleError(
                    f"must-keep sites and state minima cost at least {need:,.0f}, "
                    f"budget is {float(self.budget):,.0f}"
                )
        if self.max_places is not None:
            need = mk_places + deficit * min(self.sizes)
            if need > float(self.max_places) + _RESOURCE_TOL:
                raise InfeasibleError(
                    f"must-keep sites and state minima need at least {need:,.0f} places, "
                    f"max_places is {self.max_places}"
                )


@dataclass(frozen=True)
class OpenCentre:
    """One centre of a plan.

    ``served``/``served_weight`` are the children (and mothers) assigned to the centre's
    site, split between the site's centres in proportion to their places.
    """

    site: int
    size_index: int
    places: int
    served: float
    served_weight: float
    cost: float = 0.0


@dataclass(frozen=True, eq=False)
class SitingResult:
    """A siting plan with its assignment, its value and a certified upper bound.

    ``status`` is ``"optimal"`` only when optimality is proven (relative gap <= 1e-9 from
    our bound, or HiGHS proved the MILP optimal within its gap tolerance), ``"feasible"``
    for a plan with a certified gap, ``"time_limit"`` when the exact solver stopped early.
    """

    centres: tuple[OpenCentre, ...]
    flow_unit: npt.NDArray[np.int64]
    flow_site: npt.NDArray[np.int64]
    flow_amount: npt.NDArray[np.float64]
    objective: float
    bound: float
    gap: float
    status: str
    method: str
    seconds: float
    iterations: Mapping[str, int] = field(default_factory=dict)
    timings: Mapping[str, float] = field(default_factory=dict)

    @property
    def n_centres(self) -> int:
        """Number of centres opened."""
        return len(self.centres)

    @property
    def places(self) -> int:
        """Total places of the centres opened."""
        return sum(c.places for c in self.centres)

    @property
    def cost(self) -> float:
        """Total cost of the centres opened (pesos)."""
        return float(sum(c.cost for c in self.centres))

    @property
    def served(self) -> float:
        """Children assigned to a centre."""
        return float(self.flow_amount.sum())


# --------------------------------------------------------------------------- validation


def _int_scalar(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise InputError(f"{name} must be an integer, got {value!r}")
    return int(value)


def _real_vector(name: str, value: object, length: int | None = None) -> FloatArray:
    arr = np.asarray(value)
    if arr.ndim != 1:
        raise InputError(f"{name} must be a 1-D array, got shape {arr.shape}")
    if length is not None and arr.shape[0] != length:
        raise InputError(f"{name} has length {arr.shape[0]}, expected {length}")
    if not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
        raise InputError(f"{name} must be numeric, got dtype {arr.dtype}")
    out = arr.astype(np.float64)
    if out.size and (not np.all(np.isfinite(out)) or out.min() < 0):
        raise InputError(f"{name} must be finite and >= 0")
    return out


def _int_vector(name: str, value: object, length: int | None = None) -> IntArray:
    arr = np.asarray(value)
    if arr.ndim != 1:
        raise InputError(f"{name} must be a 1-D array, got shape {arr.shape}")
    if length is not None and arr.shape[0] != length:
        raise InputError(f"{name} has length {arr.shape[0]}, expected {length}")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise InputError(f"{name} must hold integers, got dtype {arr.dtype}")
    return arr.astype(np.int64)


# --------------------------------------------------------------------------- layout


def _ranges(starts: IntArray, ends: IntArray) -> IntArray:
    """Concatenate ``arange(starts[i], ends[i])`` for all i, vectorised."""
    lens = ends - starts
    total = int(lens.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offs = np.cumsum(lens) - lens
    return np.repeat(starts - offs, lens) + np.arange(total, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class _Layout:
    """Pairs in CSR form by site (weight desc, minutes asc inside a site) and by unit."""

    unit: IntArray  # unit of each pair, site order
    site: IntArray  # site of each pair, site order
    weight: FloatArray  # weight of the pair's unit, site order
    site_ptr: IntArray  # pairs of site j are site_ptr[j]:site_ptr[j+1]
    unit_ptr: IntArray  # pairs of unit i in unit order are unit_ptr[i]:unit_ptr[i+1]
    unit_site: IntArray  # site of each pair, unit order


def _layout(problem: SitingProblem) -> _Layout:
    n, m = problem.n_units, problem.n_sites
    unit = np.asarray(problem.pair_unit, dtype=np.int64)
    site = np.asarray(problem.pair_site, dtype=np.int64)
    minutes = np.asarray(problem.pair_minutes, dtype=np.float64)
    weight = np.asarray(problem.weight, dtype=np.float64)
    w_rank = np.unique(-weight, return_inverse=True)[1].astype(np.int64)
    t_rank = np.rint(minutes * 100.0).astype(np.int64)  # ties broken to 1/100 minute
    n_w = int(w_rank.max(initial=0)) + 1
    n_t = int(t_rank.max(initial=0)) + 1
    if max(m, 1) * n_w * n_t < 2**62:
        order = np.argsort((site * n_w + w_rank[unit]) * n_t + t_rank, kind="stable")
    else:  # pragma: no cover - needs > 4e18 distinct keys
        order = np.lexsort((t_rank, w_rank[unit], site))
    s_unit, s_site = unit[order], site[order]
    site_ptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(np.bincount(s_site, minlength=m), out=site_ptr[1:])
    by_unit = np.argsort(s_unit, kind="stable")
    unit_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(s_unit, minlength=n), out=unit_ptr[1:])
    return _Layout(
        unit=s_unit,
        site=s_site,
        weight=weight[s_unit],
        site_ptr=site_ptr,
        unit_ptr=unit_ptr,
        unit_site=s_site[by_unit],
    )


# --------------------------------------------------------------------------- greedy engine


class _Centre:
    """A centre opened by the heuristic, with the demand it took (greedy assignment)."""

    __slots__ = ("amounts", "is_open", "k", "must_keep", "served", "site", "units", "weight")

    def __init__(
        self,
        site: int,
        k: int,
        units: IntArray,
        amounts: FloatArray,
        weight: float,
        must_keep: bool,
    ) -> None:
        self.site = site
        self.k = k
        self.units = units
        self.amounts = amounts
        self.weight = weight
        self.served = float(amounts.sum())
        self.must_keep = must_keep
        self.is_open = True


def _key_rule(problem: SitingProblem) -> tuple[str, FloatArray]:
    """The greedy's ranking of options: gain per cost, gain per place or plain gain.

    Gain per peso when a budget is given and binds harder than the count (it cannot buy
    ``max_centres`` centres of the dearest size); else gain per place when ``max_places``
    binds harder than the count; else plain gain.
    """
    sizes = np.asarray(problem.sizes, dtype=np.float64)
    costs = np.asarray(problem.costs, dtype=np.float64)
    mc = problem.max_centres
    if problem.budget is not None and (mc is None or problem.budget < mc * costs.max()):
        return "gain_per_cost", costs
    if problem.max_places is not None and (mc is None or problem.max_places < mc * sizes.max()):
        return "gain_per_place", sizes
    return "gain", np.ones_like(sizes)


class _Engine:
    """Residual demand, open centres and a lazy max-heap of options per centre size.

    Heap invariant: for every option (site j, size k) that is "alive", the latest heap
    entry's key is >= the option's true current key (gain / denominator). Opening a centre
    only lowers residuals, so keys only fall and stale entries stay upper bounds (lazy
    evaluation, Minoux 1978). Closing a centre raises residuals: the sites covering the
    returned units are re-evaluated exactly and re-pushed.
    """

    def __init__(self, problem: SitingProblem, layout: _Layout, denom: FloatArray) -> None:
        self.lay = layout
        m = problem.n_sites
        self.m = m
        self.sizes = np.asarray(problem.sizes, dtype=np.float64)
        self.costs = np.asarray(problem.costs, dtype=np.float64)
        self.size_list = [float(s) for s in self.sizes]
        self.cost_list = [float(c) for c in self.costs]
        self.n_k = len(self.size_list)
        self.denom = [float(d) for d in denom]
        self.max_count = problem.max_centres if problem.max_centres is not None else 1 << 62
        self.max_places = math.inf if problem.max_places is None else float(problem.max_places)
        self.budget = math.inf if problem.budget is None else float(problem.budget)
        self.rho = float(problem.min_occupancy)
        self.site_max = np.asarray(problem.site_max_centres, dtype=np.int64)
        codes, inverse = np.unique(
            np.asarray(problem.site_state, dtype=np.int64), return_inverse=True
        )
        self.state_codes = codes
        self.state_idx = inverse.astype(np.int64)
        big = 1 << 62
        self.state_cap = np.array(
            [int(problem.state_max.get(int(c), big)) for c in codes], dtype=np.int64
        )
        self.state_floor = np.array(
            [int(problem.state_min.get(int(c), 0)) for c in codes], dtype=np.int64
        )
        self.state_count = np.zeros(len(codes), dtype=np.int64)
        self.resid = np.asarray(problem.demand, dtype=np.float64).copy()
        self.unit_weight = np.asarray(problem.weight, dtype=np.float64)
        total = float(self.unit_weight @ self.resid) if self.resid.size else 0.0
        self.tol_gain = 1e-12 * max(1.0, total)
        self.gain = np.zeros((m, self.n_k))
        self.served = np.zeros((m, self.n_k))
        self.exact_at = np.full((m, self.n_k), -1, dtype=np.int64)
        self.site_stamp = np.zeros(m, dtype=np.int64)
        self.latest = np.full((m, self.n_k), -1, dtype=np.int64)
        self.alive = np.zeros((m, self.n_k), dtype=bool)
        self.clock = 1
        self.pid = 0
        self.heaps: list[list[tuple[float, int, int]]] = [[] for _ in range(self.n_k)]
        self.parked: dict[int, list[tuple[int, int]]] = {}
        self.n_open = np.zeros(m, dtype=np.int64)
        self.count = 0
        self.places = 0.0
        self.cost = 0.0
        self.centres: list[_Centre] = []
        self.at_site: dict[int, list[_Centre]] = {}
        self.evaluations = 0

    # ----- evaluation

    def eval_sites(self, sites: IntArray) -> tuple[FloatArray, FloatArray]:
        """Exact gain and served children of every size at each site, vectorised."""
        lay = self.lay
        starts, ends = lay.site_ptr[sites], lay.site_ptr[sites + 1]
        lens = ends - starts
        idx = _ranges(starts, ends)
        gains = np.zeros((sites.size, self.n_k))
        served = np.zeros((sites.size, self.n_k))
        if idx.size == 0:
            return gains, served
        r = self.resid[lay.unit[idx]]
        wv = lay.weight[idx]
        seg = np.repeat(np.arange(sites.size), lens)
        csum = np.zeros(idx.size + 1)
        np.cumsum(r, out=csum[1:])
        first = np.cumsum(lens) - lens
        prev = csum[:-1] - np.repeat(csum[first], lens)
        for k, s in enumerate(self.size_list):
            take = np.minimum(np.maximum(s - prev, 0.0), r)
            gains[:, k] = np.bincount(seg, weights=take * wv, minlength=sites.size)
            served[:, k] = np.bincount(seg, weights=take, minlength=sites.size)
        self.evaluations += int(sites.size)
        return gains, served

    def refresh_sites(self, sites: IntArray) -> None:
        """Recompute the gains of ``sites`` for every size from the current residuals."""
        gains, served = self.eval_sites(sites)
        self.gain[sites] = gains
        self.served[sites] = served
        self.exact_at[sites] = self.clock

    def take(self, j: int, k: int) -> tuple[IntArray, FloatArray]:
        """Units and amounts a new size-k centre at j takes: by weight desc up to s_k."""
        lay = self.lay
        a, b = int(lay.site_ptr[j]), int(lay.site_ptr[j + 1])
        units = lay.unit[a:b]
        r = self.resid[units]
        prev = np.cumsum(r) - r
        amount = np.minimum(np.maximum(self.size_list[k] - prev, 0.0), r)
        nz = amount > _FLOW_TOL
        return units[nz], amount[nz]

    # ----- heap

    def key(self, j: int, k: int) -> float:
        return float(self.gain[j, k]) / self.denom[k]

    def push(self, j: int, k: int) -> None:
        self.pid += 1
        self.latest[j, k] = self.pid
        self.alive[j, k] = True
        heapq.heappush(self.heaps[k], (-self.key(j, k), j, self.pid))

    def build_heaps(self) -> None:
        """Evaluate every option exactly and rebuild the heaps (vectorised)."""
        self.clock += 1
        sites = np.nonzero(self.n_open < self.site_max)[0].astype(np.int64)
        gains, served = self.eval_sites(sites)
        self.gain[sites] = gains
        self.served[sites] = served
        self.exact_at[sites] = self.clock
        self.alive[:] = False
        for k in range(self.n_k):
            live = sites[gains[:, k] > self.tol_gain]
            ids = self.pid + 1 + np.arange(live.size, dtype=np.int64)
            self.pid += int(live.size)
            self.latest[live, k] = ids
            self.alive[live, k] = True
            keys = -(self.gain[live, k] / self.denom[k])
            heap = list(zip(keys.tolist(), live.tolist(), ids.tolist(), strict=True))
            heapq.heapify(heap)
            self.heaps[k] = heap
        self.parked.clear()

    def resources_allow(self, k: int) -> bool:
        return (
            self.count < self.max_count
            and self.places + self.size_list[k] <= self.max_places + _RESOURCE_TOL
            and self.cost + self.cost_list[k] <= self.budget * (1 + _RESOURCE_TOL) + _RESOURCE_TOL
        )

    def best_in_heap(self, k: int) -> tuple[float, int] | None:
        """The best feasible option of size k as (key, site), refreshing stale entries."""
        heap = self.heaps[k]
        latest, alive, gain, served = self.latest, self.alive, self.gain, self.served
        exact_at, site_stamp = self.exact_at, self.site_stamp
        n_open, site_max = self.n_open, self.site_max
        state_idx, state_count, state_cap = self.state_idx, self.state_count, self.state_cap
        min_served = self.rho * self.size_list[k] - 1e-9
        denom = self.denom[k]
        while heap:
            negkey, j, pid = heap[0]
            if pid != latest[j, k]:
                heapq.heappop(heap)
                continue
            if n_open[j] >= site_max[j]:
                heapq.heappop(heap)
                alive[j, k] = False
                continue
            g = int(state_idx[j])
            if state_count[g] >= state_cap[g]:
                heapq.heappop(heap)
                alive[j, k] = False
                self.parked.setdefault(g, []).append((j, k))
                continue
            if exact_at[j, k] >= site_stamp[j]:
                key = float(gain[j, k]) / denom
                if -negkey != key:
                    heapq.heappop(heap)
                    self.push(j, k)
                    continue
                if served[j, k] < min_served:
                    heapq.heappop(heap)
                    alive[j, k] = False
                    continue
                return key, j
            # Stale top: re-evaluate it with the next stale entries in one vectorised pass.
            batch = [j]
            heapq.heappop(heap)
            while heap and len(batch) < _REFRESH_BATCH:
                _, j2, pid2 = heap[0]
                if pid2 != latest[j2, k]:
                    heapq.heappop(heap)
                    continue
                if exact_at[j2, k] >= site_stamp[j2]:
                    break
                heapq.heappop(heap)
                batch.append(j2)
            self.refresh_sites(np.unique(np.array(batch, dtype=np.int64)))
            for j2 in batch:
                self.push(j2, k)
        return None

    def best_option(self) -> tuple[int, int, float] | None:
        """The best feasible (site, size, gain) over all sizes, or None."""
        best: tuple[float, float, int, int] | None = None
        for k in range(self.n_k):
            if not self.resources_allow(k):
                continue
            found = self.best_in_heap(k)
            if found is None:
                continue
            key, j = found
            cand = (key, -self.cost_list[k], j, k)
            if best is None or cand[:2] > best[:2]:
                best = cand
        if best is None:
            return None
        _, _, j, k = best
        return j, k, float(self.gain[j, k])

    # ----- moves

    def touch(self, units: IntArray) -> IntArray:
        """Mark the sites covering ``units`` as changed; return them (with repeats)."""
        self.clock += 1
        lay = self.lay
        sites = lay.unit_site[_ranges(lay.unit_ptr[units], lay.unit_ptr[units + 1])]
        self.site_stamp[sites] = self.clock
        return sites

    def open(self, j: int, k: int, *, must_keep: bool = False) -> _Centre:
        units, amounts = self.take(j, k)
        weight = 0.0
        if units.size:
            self.resid[units] = np.maximum(self.resid[units] - amounts, 0.0)
            weight = float(amounts @ self.unit_weight[units])
        centre = _Centre(j, k, units, amounts, weight, must_keep)
        self.centres.append(centre)
        self.at_site.setdefault(j, []).append(centre)
        self._count(centre, +1)
        self.touch(units)
        return centre

    def _count(self, c: _Centre, sign: int) -> None:
        self.n_open[c.site] += sign
        self.state_count[self.state_idx[c.site]] += sign
        self.count += sign
        self.places += sign * self.size_list[c.k]
        self.cost += sign * self.cost_list[c.k]

    def close(self, c: _Centre) -> None:
        """Close ``c``: return its demand and re-push the options it makes better."""
        c.is_open = False
        self._count(c, -1)
        if c.units.size:  # a unit may appear twice once the centre has absorbed demand
            np.add.at(self.resid, c.units, c.amounts)
        self._after_increase(c.units, c.site)

    def _after_increase(self, units: IntArray, site: int) -> None:
        """Residuals of ``units`` rose: re-evaluate the sites covering them (and ``site``)
        and re-push every option whose gain rose, so heap keys stay upper bounds."""
        touched = self.touch(units)
        sites = np.union1d(touched, np.array([site], dtype=np.int64))
        sites = sites[self.site_max[sites] > 0]
        old = self.gain[sites].copy()
        gains, served = self.eval_sites(sites)
        self.gain[sites] = gains
        self.served[sites] = served
        self.exact_at[sites] = self.clock
        push = (gains > self.tol_gain) & (~self.alive[sites] | (gains > old))
        for a, k in zip(*np.nonzero(push), strict=True):
            self.push(int(sites[a]), int(k))
        g = int(self.state_idx[site])
        for j, k in self.parked.pop(g, []):
            if not self.alive[j, k]:
                self.push(j, k)

    def reopen(self, c: _Centre) -> None:
        """Undo ``close(c)``: take back exactly the demand ``c`` had."""
        c.is_open = True
        self._count(c, +1)
        if c.units.size:
            np.subtract.at(self.resid, c.units, c.amounts)
            np.maximum(self.resid, 0.0, out=self.resid)
        self.touch(c.units)

    def absorb(self, units: IntArray) -> tuple[float, list[tuple[_Centre, int, IntArray]]]:
        """Let open centres with room take back residual demand near ``units``.

        Each open centre at a site covering ``units`` tops up from its site's units (weight
        order) to its places. Returns the weight taken and a log for ``undo_absorb``.
        """
        lay = self.lay
        sites = np.unique(lay.unit_site[_ranges(lay.unit_ptr[units], lay.unit_ptr[units + 1])])
        gained = 0.0
        log: list[tuple[_Centre, int, IntArray]] = []
        for j in sites.tolist():
            for c in self.at_site.get(j, ()):
                room = self.size_list[c.k] - c.served
                if not c.is_open or room <= _FLOW_TOL:
                    continue
                a, b = int(lay.site_ptr[j]), int(lay.site_ptr[j + 1])
                cover = lay.unit[a:b]
                r = self.resid[cover]
                prev = np.cumsum(r) - r
                amount = np.minimum(np.maximum(room - prev, 0.0), r)
                nz = amount > _FLOW_TOL
                if not nz.any():
                    continue
                took, amt = cover[nz], amount[nz]
                self.resid[took] = np.maximum(self.resid[took] - amt, 0.0)
                w = float(amt @ self.unit_weight[took])
                log.append((c, c.units.size, took))
                c.units = np.concatenate([c.units, took])
                c.amounts = np.concatenate([c.amounts, amt])
                c.served += float(amt.sum())
                c.weight += w
                gained += w
                self.touch(took)
        return gained, log

    def undo_absorb(self, log: list[tuple[_Centre, int, IntArray]]) -> None:
        """Give back what ``absorb`` took, newest first."""
        for c, n_before, took in reversed(log):
            amt = c.amounts[n_before:]
            self.resid[took] += amt
            c.served -= float(amt.sum())
            c.weight -= float(amt @ self.unit_weight[took])
            c.units, c.amounts = c.units[:n_before], c.amounts[:n_before]
            self._after_increase(took, c.site)

    def open_centres(self) -> list[_Centre]:
        return [c for c in self.centres if c.is_open]

    def seed(self, counts: IntArray) -> int:
        """Open ``counts[j]`` centres at each site j (beyond its must-keep one), strongest
        sites first, each of the size with the best key that fits every limit and the
        occupancy rule; sites where nothing fits are skipped. Returns centres opened."""
        sites = np.nonzero(counts > self.n_open)[0].astype(np.int64)
        if sites.size == 0:
            return 0
        gains, _ = self.eval_sites(sites)
        opened = 0
        for j in sites[np.argsort(-gains.max(axis=1), kind="stable")].tolist():
            for _ in range(int(counts[j] - self.n_open[j])):
                g = int(self.state_idx[j])
                if self.n_open[j] >= self.site_max[j] or self.state_count[g] >= self.state_cap[g]:
                    break
                gain, served = self.eval_sites(np.array([j], dtype=np.int64))
                options = [
                    (float(gain[0, k]) / self.denom[k], -self.cost_list[k], k)
                    for k in range(self.n_k)
                    if self.resources_allow(k)
                    and gain[0, k] > self.tol_gain
                    and served[0, k] >= self.rho * self.size_list[k] - 1e-9
                ]
                if not options:
                    break
                self.open(j, max(options)[2])
                opened += 1
        return opened

    def fill(self, progress: Callable[[int], None] | None = None) -> int:
        """Lazy greedy: add the best option while one fits and has a positive gain."""
        added = 0
        while self.count < self.max_count:
            best = self.best_option()
            if best is None or best[2] <= self.tol_gain:
                break
            self.open(best[0], best[1])
            added += 1
            if progress is not None and added % 50 == 0:
                progress(added)
        return added

    # ----- state minima

    def satisfy_state_min(self) -> int:
        """Add the best centres in states below their minimum, closing weak ones elsewhere."""
        added = downsized = 0
        while True:
            short = np.nonzero(self.state_count < self.state_floor)[0]
            if short.size == 0:
                return added
            g = int(short[0])
            code = int(self.state_codes[g])
            sites = np.nonzero((self.state_idx == g) & (self.n_open < self.site_max))[0]
            if sites.size == 0:
                raise InfeasibleError(f"state {code}: no site has room for another centre")
            gains, served = self.eval_sites(sites.astype(np.int64))
            best: tuple[bool, float, float, int, int] | None = None
            for k in range(self.n_k):
                if not self.resources_allow(k):
                    continue
                occ = served[:, k] >= self.rho * self.size_list[k] - 1e-9
                keys = gains[:, k] / self.denom[k]
                for ok in (True, False):
                    cand_idx = np.nonzero(occ == ok)[0]
                    if cand_idx.size:
                        a = int(cand_idx[np.argmax(keys[cand_idx])])
                        cand = (ok, float(keys[a]), -self.cost_list[k], int(sites[a]), k)
                        if best is None or cand[:3] > best[:3]:
                            best = cand
            if best is not None:
                self.open(best[3], best[4])
                added += 1
                continue
            removable = [
                c
                for c in self.open_centres()
                if not c.must_keep
                and int(self.state_idx[c.site]) != g
                and self.state_count[self.state_idx[c.site]]
                > self.state_floor[self.state_idx[c.site]]
            ]
            if not removable and downsized < 2 * self.count + 2 and self._downsize_one():
                downsized += 1
                continue
            if not removable:
                raise InfeasibleError(
                    f"state {code}: cannot reach state_min {int(self.state_floor[g])} within "
                    "the count, places and budget limits"
                )
            self.close(min(removable, key=lambda c: c.weight))

    def _downsize_one(self) -> bool:
        """Free what blocks another centre: reopen one non-approved centre at the size that
        frees most places (when places block the smallest size) or most pesos (otherwise).
        Returns False when no centre can free any."""
        k_small = min(range(self.n_k), key=lambda k: self.size_list[k])
        places_block = self.places + self.size_list[k_small] > self.max_places + _RESOURCE_TOL
        use = self.size_list if places_block else self.cost_list
        best: tuple[float, _Centre, int] | None = None
        for c in self.open_centres():
            if c.must_keep:
                continue
            for k in range(self.n_k):
                freed = use[c.k] - use[k]
                if freed > 0 and (best is None or freed > best[0]):
                    best = (freed, c, k)
        if best is None:
            return False
        _, c, k = best
        self.close(c)
        self.open(c.site, k)
        return True

    # ----- local search

    def resize(self) -> int:
        """Give each centre the cheapest size that still holds what it serves (and keeps the
        plan within the places limit)."""
        moves = 0
        for c in self.open_centres():
            if c.must_keep:
                continue
            best = c.k
            for k in range(self.n_k):
                extra = self.size_list[k] - self.size_list[c.k]
                fits = (
                    self.size_list[k] >= c.served - 1e-9
                    and self.places + extra <= self.max_places + _RESOURCE_TOL
                )
                cheaper = (self.cost_list[k], self.size_list[k]) < (
                    self.cost_list[best],
                    self.size_list[best],
                )
                if fits and cheaper:
                    best = k
            if best != c.k:
                self._count(c, -1)
                c.k = best
                self._count(c, +1)
                self.touch(c.units)
                moves += 1
        return moves

    def swap_pass(self, deadline: float) -> tuple[int, int]:
        """Try closing each centre (weakest first): nearby centres with room take back what
        they can of its demand, and the best other option opens if it gains more than the
        net loss; otherwise everything is undone."""
        tried = accepted = 0
        for c in sorted(self.open_centres(), key=lambda c: c.weight):
            if time.perf_counter() > deadline:
                break
            if c.must_keep or not c.is_open:
                continue
            g = int(self.state_idx[c.site])
            if self.state_count[g] - 1 < self.state_floor[g]:
                continue
            tried += 1
            self.close(c)
            # Closing c loses less than c took when centres nearby have room for its units.
            absorbed, log = self.absorb(c.units)
            loss = c.weight - absorbed
            best = self.best_option()
            tol = 1e-9 * max(1.0, c.weight)
            if best is not None and best[2] > loss + tol:
                self.open(best[0], best[1])
                accepted += 1
                self.fill()
            else:
                self.undo_absorb(log)
                self.reopen(c)
        return tried, accepted


# --------------------------------------------------------------------------- assignment LP


def assignment_lp(
    problem: SitingProblem, site_capacity: FloatArray
) -> tuple[FloatArray, FloatArray, int] | None:
    """Optimal assignment of demand to fixed site capacities (the transportation LP).

    ``maximise sum_p (w_i - eps t_p) y_p`` subject to ``sum_{p of i} y_p <= u_i`` and
    ``sum_{p at j} y_p <= site_capacity[j]``, over pairs whose site has capacity and whose
    unit has positive weight and demand. ``eps = 1e-7 * mean(w > 0) / max(t)`` only breaks
    ties towards nearer sites. The LP separates over the connected components of the
    unit-site graph (towns rarely share units), so each component is solved on its own.

    Returns per-pair flows (input pair order), the demand-row duals ``lambda_i`` clipped to
    ``[0, w_i]`` (0 for units not in the LP) and the simplex iteration count, or None when
    HiGHS does not reach an optimal solution for some component.
    """
    unit = np.asarray(problem.pair_unit, dtype=np.int64)
    site = np.asarray(problem.pair_site, dtype=np.int64)
    minutes = np.asarray(problem.pair_minutes, dtype=np.float64)
    demand = np.asarray(problem.demand, dtype=np.float64)
    weight = np.asarray(problem.weight, dtype=np.float64)
    n = demand.shape[0]
    flows = np.zeros(unit.shape[0])
    lam = np.zeros(n)
    cols = np.nonzero((site_capacity[site] > 0) & (weight[unit] > 0) & (demand[unit] > 0))[0]
    if cols.size == 0:
        return flows, lam, 0
    positive = weight[weight > 0]
    eps = 1e-7 * float(positive.mean()) / max(float(minutes[cols].max()), 1.0)
    graph = sparse.coo_matrix(
        (np.ones(cols.size), (unit[cols], n + site[cols])),
        shape=(n + problem.n_sites, n + problem.n_sites),
    ).tocsr()
    n_comp, label = connected_components(graph, directed=False)
    col_label = label[unit[cols]]
    order = np.argsort(col_label, kind="stable")
    bounds = np.searchsorted(col_label[order], np.arange(n_comp + 1))
    iterations = 0
    for c in np.nonzero(bounds[1:] > bounds[:-1])[0]:
        part = cols[order[bounds[c] : bounds[c + 1]]]
        solved = _transport_lp(
            unit[part], site[part], weight[unit[part]] - eps * minutes[part], demand, site_capacity
        )
        if solved is None:
            return None
        y, units, duals, its = solved
        flows[part] = y
        lam[units] = np.clip(duals, 0.0, weight[units])
        iterations += its
    return flows, lam, iterations


def _transport_lp(
    c_unit: IntArray,
    c_site: IntArray,
    c_cost: FloatArray,
    demand: FloatArray,
    site_capacity: FloatArray,
) -> tuple[FloatArray, IntArray, FloatArray, int] | None:
    """Solve one component: flows, its units, their demand-row duals, simplex iterations."""
    units, row_u = np.unique(c_unit, return_inverse=True)
    sites, row_s = np.unique(c_site, return_inverse=True)
    n_cols, n_rows = int(c_unit.size), int(units.size + sites.size)
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = n_rows
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = c_cost
    lp.col_lower_ = np.zeros(n_cols)
    lp.col_upper_ = demand[c_unit]
    lp.row_lower_ = np.full(n_rows, -highspy.kHighsInf)
    lp.row_upper_ = np.concatenate([demand[units], site_capacity[sites]])
    index = np.empty(2 * n_cols, dtype=np.int32)
    index[0::2] = row_u
    index[1::2] = units.size + row_s
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.arange(0, 2 * n_cols + 1, 2, dtype=np.int32)
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = np.ones(2 * n_cols)
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    sol = h.getSolution()
    duals = np.asarray(sol.row_dual, dtype=np.float64)[: units.size]
    y = np.asarray(sol.col_value, dtype=np.float64)
    return y, units.astype(np.int64), duals, int(h.getInfo().simplex_iteration_count)


def make_feasible(
    problem: SitingProblem, flows: FloatArray, site_capacity: FloatArray
) -> FloatArray:
    """Scale solver flows down so demand and capacity rows hold exactly (solver tolerance)."""
    unit = np.asarray(problem.pair_unit, dtype=np.int64)
    site = np.asarray(problem.pair_site, dtype=np.int64)
    demand = np.asarray(problem.demand, dtype=np.float64)
    y = np.where(flows > _FLOW_TOL, flows, 0.0)
    y = np.where(site_capacity[site] > 0, y, 0.0)
    per_unit = np.bincount(unit, weights=y, minlength=demand.shape[0])
    scale_u = np.where(per_unit > demand, demand / np.maximum(per_unit, 1e-300), 1.0)
    y = y * scale_u[unit]
    per_site = np.bincount(site, weights=y, minlength=problem.n_sites)
    scale_s = np.where(per_site > site_capacity, site_capacity / np.maximum(per_site, 1e-300), 1.0)
    return y * scale_s[site]


def relative_gap(problem: SitingProblem, objective: float, bound: float) -> float:
    """``(bound - objective) / bound``; 0 when the difference is below 1e-9 of the total
    weighted demand (the bound carries a rounding margin of ~1e-13 of it), e.g. when
    nothing can be opened at all."""
    scale = float(np.asarray(problem.weight) @ np.asarray(problem.demand))
    if bound - objective <= 1e-9 * max(scale, 1e-300):
        return 0.0
    return (bound - objective) / max(abs(bound), 1e-12)


def build_result(
    problem: SitingProblem,
    plan: Sequence[tuple[int, int]],
    flows: FloatArray,
    *,
    bound: float,
    status: str,
    method: str,
    seconds: float,
    iterations: Mapping[str, int],
    timings: Mapping[str, float],
) -> SitingResult:
    """Assemble a result from centres ``(site, size index)`` and per-pair flows (pair order)."""
    unit = np.asarray(problem.pair_unit, dtype=np.int64)
    site = np.asarray(problem.pair_site, dtype=np.int64)
    weight = np.asarray(problem.weight, dtype=np.float64)
    keep = np.nonzero(flows > 0)[0]
    f_unit, f_site, f_amount = unit[keep], site[keep], flows[keep].astype(np.float64)
    objective = float(weight[f_unit] @ f_amount) if keep.size else 0.0
    m = problem.n_sites
    site_served = np.bincount(f_site, weights=f_amount, minlength=m)
    site_weight = np.bincount(f_site, weights=f_amount * weight[f_unit], minlength=m)
    site_places = np.zeros(m)
    for j, k in plan:
        site_places[j] += problem.sizes[k]
    centres = []
    for j, k in sorted(plan):
        share = problem.sizes[k] / site_places[j]
        centres.append(
            OpenCentre(
                site=int(j),
                size_index=int(k),
                places=int(problem.sizes[k]),
                served=float(site_served[j] * share),
                served_weight=float(site_weight[j] * share),
                cost=float(problem.costs[k]),
            )
        )
    bound = max(float(bound), objective)
    return SitingResult(
        centres=tuple(centres),
        flow_unit=f_unit,
        flow_site=f_site,
        flow_amount=f_amount,
        objective=objective,
        bound=bound,
        gap=relative_gap(problem, objective, bound),
        status=status,
        method=method,
        seconds=seconds,
        iterations=dict(iterations),
        timings=dict(timings),
    )


# --------------------------------------------------------------------------- solver


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
    rule, denom = _key_rule(problem)
    layout = _layout(problem)
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
    layout: _Layout,
    denom: FloatArray,
    seed: IntArray | None,
    local_search: bool,
    deadline: float,
    stats: dict[str, int],
    report: Callable[[str, float], None] | None,
) -> _Engine:
    """Must-keep centres, the seed's centres (if any), lazy greedy, state minima, local search."""
    engine = _Engine(problem, layout, denom)
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
    problem: SitingProblem, layout: _Layout, engine: _Engine, stats: dict[str, int]
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


def _greedy_flows(problem: SitingProblem, layout: _Layout, engine: _Engine) -> FloatArray:
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
