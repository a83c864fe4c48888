"""The siting model's types: the problem (arrays, limits, checks) and the frozen result.

Every other siting module imports these; none of them is imported here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import numpy.typing as npt

from redceci.errors import InfeasibleError, InputError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Relative gap under which a plan is reported as proven optimal by default (the default
#: ``mip_rel_gap`` of ``solve_exact`` too; HiGHS's own default is 1e-4).
OPTIMAL_GAP: Final = 1e-6
#: Relative slack allowed on budget and places limits (floating-point sums).
RESOURCE_TOL: Final = 1e-9
#: Flows below this are zero.
FLOW_TOL: Final = 1e-12


@dataclass(frozen=True, eq=False)
class SitingProblem:
    """A capacitated maximal-covering location problem with several centres per site.

    Demand units ``i = 0..n-1`` hold ``demand[i]`` unmet children, each worth ``weight[i]``
    (expected mothers enabled to work per child served). Candidate sites ``j = 0..m-1`` can
    host up to ``site_max_centres[j]`` centres; a centre of size ``k`` has ``sizes[k]``
    places and costs ``costs[k]`` (in the country's currency). Coverage is sparse: pair ``p``
    links unit ``pair_unit[p]`` to site ``pair_site[p]`` at ``pair_minutes[p]`` minutes; a unit
    may only be served by a site it is paired with.

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
            if need > float(self.budget) * (1 + RESOURCE_TOL) + RESOURCE_TOL:
                raise InfeasibleError(
                    f"must-keep sites and state minima cost at least {need:,.0f}, "
                    f"budget is {float(self.budget):,.0f}"
                )
        if self.max_places is not None:
            need = mk_places + deficit * min(self.sizes)
            if need > float(self.max_places) + RESOURCE_TOL:
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

    ``status`` is ``"optimal"`` only when optimality is proven within a tolerance (relative
    gap <= ``optimal_gap`` of ``solve_greedy``, 1e-6 by default, or HiGHS proved the MILP
    optimal within its gap tolerance), ``"feasible"`` for a plan with a certified gap,
    ``"time_limit"`` when the exact solver stopped early.

    ``bound_source`` names the least valid bound (``"lagrangian"``, ``"coverable"``,
    ``"standalone"``, ``"lp"``, ``"highs"`` or ``"objective"`` when the plan meets it);
    ``bounds`` holds every bound computed. ``limits_hit`` names the stages stopped by a
    wall-clock safety net instead of their work limit (empty in a normal run, whose plan
    is then the same on any machine).
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
    bound_source: str = "lagrangian"
    bounds: Mapping[str, float] = field(default_factory=dict)
    limits_hit: tuple[str, ...] = ()

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
        """Total cost of the centres opened (in the country's currency)."""
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


def index_ranges(starts: IntArray, ends: IntArray) -> IntArray:
    """Concatenate ``arange(starts[i], ends[i])`` for all i, vectorised."""
    lens = ends - starts
    total = int(lens.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offs = np.cumsum(lens) - lens
    return np.repeat(starts - offs, lens) + np.arange(total, dtype=np.int64)


def sum_product(a: npt.ArrayLike, b: npt.ArrayLike) -> float:
    """``sum_i a_i b_i`` without BLAS: numpy's own loop (``einsum``), so the value does not
    depend on how many BLAS threads run, and the call does not wake BLAS's threads, which
    spin for milliseconds on a busy machine (a 1-D ``@`` is a BLAS ``ddot``)."""
    return float(
        np.einsum("i,i->", np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    )


def relative_gap(problem: SitingProblem, objective: float, bound: float) -> float:
    """``(bound - objective) / bound``; 0 when the difference is below 1e-9 of the total
    weighted demand (the bound carries a rounding margin of ~1e-13 of it), e.g. when
    nothing can be opened at all."""
    scale = sum_product(problem.weight, problem.demand)
    if bound - objective <= 1e-9 * max(scale, 1e-300):
        return 0.0
    return (bound - objective) / max(abs(bound), 1e-12)
