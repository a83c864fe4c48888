"""Side by side on one state: PySAL spopt's MCLP (PuLP + CBC) against redceci's ``solve_greedy``.

Both solve the same maximal covering problem -- same demand units, candidate sites, coverage
pairs and p -- built from redceci's own state instance (``build_problem``):

* demand point ``i`` weighs ``a_i = w_i * u_i`` (siting weight x unmet children: the expected
  mothers enabled if the unit is covered; ``--weighting unmet`` uses ``a_i = u_i``);
* unit ``i`` is covered by site ``j`` iff ``(i, j)`` is a catchment pair of our travel model;
* spopt gets a dense cost matrix: the pair's minutes (clipped to the catchment) where there is a
  pair, twice the catchment elsewhere, and ``service_radius`` = the catchment;
* redceci gets the state's ``SitingProblem`` made uncapacitated: one centre size with more places
  than the state's whole unmet demand, at most one centre per site, ``max_centres = p``, no
  places, budget or occupancy limit. Its objective is then exactly the MCLP objective.

Coverage of either answer is recomputed the same way from the chosen sites and our pairs, never
read back from the solver's demand variables.
"""

from __future__ import annotations

import resource
import statistics
import time
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from machine import Load
from redceci.planning.plan import build_problem
from redceci.planning.siting import SitingProblem, solve_greedy
from redceci.workflow import World, unit_pairs

FloatArray = npt.NDArray[np.float64]
Weighting = Literal["mothers", "unmet"]
SolverName = Literal["cbc", "highs"]

#: Target of issue 2: at least this many times faster at equal or better coverage.
TARGET_SPEEDUP = 20.0


@dataclass(frozen=True, eq=False)
class StateInstance:
    """One state's demand units, candidates and pairs, as a maximal covering instance."""

    code: str
    name: str
    problem: SitingProblem  # the state's plan instance (build_problem)
    mclp_weight: FloatArray  # a_i per unit
    radius: float  # catchment, minutes

    @property
    def n_units(self) -> int:
        """Demand points."""
        return self.problem.n_units

    @property
    def n_sites(self) -> int:
        """Candidate sites."""
        return self.problem.n_sites

    def coverage_problem(self, p: int, weighting: Weighting) -> SitingProblem:
        """The instance as uncapacitated maximal covering with ``p`` centres."""
        demand = np.asarray(self.problem.demand, dtype=np.float64)
        big = int(np.ceil(demand.sum())) + 1
        weight = (
            np.asarray(self.problem.weight, dtype=np.float64)
            if weighting == "mothers"
            else np.ones(self.n_units)
        )
        return replace(
            self.problem,
            weight=weight,
            site_max_centres=np.ones(self.n_sites, dtype=np.int32),
            sizes=(big,),
            costs=(1.0,),
            max_centres=p,
            max_places=None,
            budget=None,
            state_min={},
            state_max={},
            must_keep={},
            min_occupancy=0.0,
        )

    def covered(self, sites: npt.ArrayLike) -> float:
        """Weighted demand of the units paired with at least one of ``sites``."""
        chosen = np.zeros(self.n_sites, dtype=bool)
        chosen[np.asarray(sites, dtype=np.int64)] = True
        hit = chosen[np.asarray(self.problem.pair_site, dtype=np.int64)]
        units = np.unique(np.asarray(self.problem.pair_unit, dtype=np.int64)[hit])
        return float(self.mclp_weight[units].sum())

    def cost_matrix(self) -> FloatArray:
        """Dense units x sites minutes for spopt: pairs within the radius, the rest beyond it."""
        cost = np.full((self.n_units, self.n_sites), 2.0 * self.radius)
        minutes = np.minimum(np.asarray(self.problem.pair_minutes, dtype=np.float64), self.radius)
        cost[self.problem.pair_unit, self.problem.pair_site] = minutes
        return cost


def state_instance(world: World, code: str, weighting: Weighting) -> StateInstance:
    """The maximal covering instance of one state (INEGI code, e.g. ``"22"``)."""
    units = world.units[world.units["CVE_ENT"] == code].reset_index(drop=True)
    cand = world.candidates[world.candidates["CVE_ENT"] == code].reset_index(drop=True)
    if units.empty or cand.empty:
        raise SystemExit(f"state {code!r} has no demand units or no candidate sites")
    pairs = unit_pairs(
        units,
        world.params,
        world.travel_table,
        cand["lat"].to_numpy(),
        cand["lon"].to_numpy(),
        pd.Index(cand["site_id"]),
    )
    problem = build_problem(units, cand, pairs, world.params)
    demand = np.asarray(problem.demand, dtype=np.float64)
    weight = np.asarray(problem.weight, dtype=np.float64)
    a = demand * weight if weighting == "mothers" else demand
    name = str(world.state_names.get(code, code))
    return StateInstance(code, name, problem, a, world.params.travel.catchment_minutes)


@dataclass(frozen=True)
class OursRun:
    """redceci's ``solve_greedy`` on the coverage problem (median of a few repeats)."""

    seconds: list[float]
    median_s: float
    sites: list[int]
    covered: float
    objective: float
    bound: float
    gap: float
    status: str
    method: str
    timings: dict[str, float]  # greedy, local search, LP polish, bound (last repeat)


@dataclass(frozen=True)
class SpoptRun:
    """spopt's MCLP: model build (``from_cost_matrix``), solve and result extraction."""

    solver: str
    time_limit_s: float
    matrix_s: float  # our pairs -> dense cost matrix (not counted in total_s)
    build_s: float
    solve_s: float
    results_s: float  # spopt's fac2cli/cli2fac/percentages (not counted in total_s)
    total_s: float  # build + solve
    status: str  # PuLP's LpStatus
    solution_status: str  # PuLP's LpSolution (tells a time-limited answer from an optimum)
    sites: list[int]
    covered: float | None
    reported_objective: float | None
    reported_perc_cov: float | None
    error: str | None
    process_peak_rss_mib: float


@dataclass(frozen=True)
class Comparison:
    """One (state, p) row."""

    state: str
    name: str
    p: int
    weighting: str
    units: int
    candidates: int
    pairs: int
    matrix_cells: int
    total_weight: float
    ours: OursRun
    spopt: SpoptRun
    load_before: Load
    load_after: Load

    @property
    def time_ratio(self) -> float:
        """spopt's build + solve time over ours."""
        return self.spopt.total_s / max(self.ours.median_s, 1e-9)

    @property
    def coverage_ratio(self) -> float | None:
        """Our covered weighted demand over spopt's (None when spopt gave no answer)."""
        if self.spopt.covered is None:
            return None
        return self.ours.covered / self.spopt.covered if self.spopt.covered > 0 else float("inf")

    @property
    def meets_target(self) -> bool:
        """At least ``TARGET_SPEEDUP`` times faster and no less coverage (1e-9 relative)."""
        cov = self.coverage_ratio
        return self.time_ratio >= TARGET_SPEEDUP and (cov is None or cov >= 1.0 - 1e-9)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready fields, with the ratios."""
        out = asdict(self)
        out["time_ratio"] = round(self.time_ratio, 1)
        cov = self.coverage_ratio
        out["coverage_ratio"] = None if cov is None else round(cov, 6)
        out["meets_target"] = self.meets_target
        return out


def run_ours(instance: StateInstance, p: int, weighting: Weighting, repeats: int) -> OursRun:
    """Solve the coverage problem ``repeats`` times with ``solve_greedy``; keep the last answer."""
    problem = instance.coverage_problem(p, weighting)
    seconds: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = solve_greedy(problem)
        seconds.append(round(time.perf_counter() - start, 4))
    sites = sorted({c.site for c in result.centres})
    return OursRun(
        seconds=seconds,
        median_s=statistics.median(seconds),
        sites=sites,
        covered=instance.covered(sites),
        objective=result.objective,
        bound=result.bound,
        gap=result.gap,
        status=result.status,
        method=result.method,
        timings={k: round(v, 4) for k, v in result.timings.items()},
    )


def _pulp_solver(name: SolverName, time_limit: float) -> Any:
    import pulp

    if name == "cbc":
        return pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit)
    return pulp.HiGHS(msg=False, timeLimit=time_limit)


def run_spopt(instance: StateInstance, p: int, solver: SolverName, time_limit: float) -> SpoptRun:
    """Build and solve spopt's MCLP from the dense cost matrix, the way its docs show."""
    import pulp
    from spopt.locate import MCLP

    start = time.perf_counter()
    cost = instance.cost_matrix()
    matrix_s = time.perf_counter() - start
    start = time.perf_counter()
    model = MCLP.from_cost_matrix(
        cost, instance.mclp_weight, service_radius=instance.radius, p_facilities=p
    )
    build_s = time.perf_counter() - start
    error: str | None = None
    start = time.perf_counter()
    try:
        model.solve(_pulp_solver(solver, time_limit), results=False)
    except (RuntimeError, pulp.PulpError) as exc:
        error = str(exc)
    solve_s = time.perf_counter() - start
    status = pulp.LpStatus.get(model.problem.status, str(model.problem.status))
    sol_status = pulp.LpSolution.get(model.problem.sol_status, str(model.problem.sol_status))
    sites = [j for j, x in enumerate(model.fac_vars) if (x.value() or 0.0) > 0.5]
    results_s = 0.0
    perc: float | None = None
    if error is None:
        start = time.perf_counter()
        model.facility_client_array()
        model.client_facility_array()
        model.uncovered_clients()
        model.get_percentage()
        results_s = time.perf_counter() - start
        perc = float(model.perc_cov)
    objective = pulp.value(model.problem.objective) if error is None else None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return SpoptRun(
        solver=solver,
        time_limit_s=time_limit,
        matrix_s=round(matrix_s, 4),
        build_s=round(build_s, 3),
        solve_s=round(solve_s, 3),
        results_s=round(results_s, 3),
        total_s=round(build_s + solve_s, 3),
        status=status,
        solution_status=sol_status,
        sites=sites,
        covered=instance.covered(sites) if error is None or sites else None,
        reported_objective=None if objective is None else float(objective),
        reported_perc_cov=perc,
        error=error,
        process_peak_rss_mib=round(peak, 1),
    )


def compare(
    instance: StateInstance,
    p: int,
    *,
    weighting: Weighting,
    solver: SolverName,
    time_limit: float,
    repeats: int,
) -> Comparison:
    """Ours, then spopt, on the same instance and p."""
    load_before = Load.now()
    ours = run_ours(instance, p, weighting, repeats)
    theirs = run_spopt(instance, p, solver, time_limit)
    return Comparison(
        state=instance.code,
        name=instance.name,
        p=p,
        weighting=weighting,
        units=instance.n_units,
        candidates=instance.n_sites,
        pairs=instance.problem.n_pairs,
        matrix_cells=instance.n_units * instance.n_sites,
        total_weight=round(float(instance.mclp_weight.sum()), 3),
        ours=ours,
        spopt=theirs,
        load_before=load_before,
        load_after=Load.now(),
    )
