"""A national (or state) plan: build the siting problem from assessed demand, solve, summarise.

Turns frames into the solver's arrays and the solver's result back into tables by site,
state and scheme, with the impact on women's work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from redceci.errors import InputError
from redceci.planning.ageb_split import resolution_table
from redceci.planning.impact import impact_by_area, siting_weights
from redceci.planning.needs import summarise
from redceci.planning.parameters import ModelParameters
from redceci.planning.siting import SitingProblem, SitingResult, solve_greedy
from redceci.planning.travel import Pairs

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class Plan:
    """A solved plan and its tables."""

    sites: pd.DataFrame  # one row per chosen site
    by_state: pd.DataFrame  # needs before/after and impact per state
    by_scheme: pd.DataFrame
    units: pd.DataFrame  # assessed units with new_served and unmet_after
    result: SitingResult
    params: ModelParameters
    resolution: pd.DataFrame | None = None  # per state: where the demand is placed from


def build_problem(
    units: pd.DataFrame,
    candidates: pd.DataFrame,
    pairs: Pairs,
    params: ModelParameters,
    *,
    state_min: Mapping[str, int] | None = None,
    state_max: Mapping[str, int] | None = None,
    must_keep: Mapping[str, int] | None = None,
) -> SitingProblem:
    """Arrays for the solver: unmet demand, weights, coverage pairs, per-site limits.

    ``pairs`` go from units (origins) to candidates (destinations); those of units without
    unmet demand are left out. ``must_keep`` maps a
    candidate ``site_id`` to a size in places (the nearest size of the menu is used).
    """
    sp = params.siting
    demand = units["unmet"].to_numpy(dtype=float)
    weight = siting_weights(
        units["employed_share"].to_numpy(dtype=float),
        units["children"].to_numpy(dtype=float),
        params.impact,
    )
    # Units with no unmet demand cannot be served: their pairs only slow the solver.
    useful = demand[pairs.origin] > 0
    pair_unit, pair_site = pairs.origin[useful], pairs.dest[useful]
    reach = np.bincount(pair_site, weights=demand[pair_unit], minlength=len(candidates))
    max_here = np.ceil(reach / min(sp.sizes)).astype(np.int64)
    site_max = np.clip(max_here, 0, sp.max_centres_per_site).astype(np.int32)
    if "max_centres" in candidates:
        cap = candidates["max_centres"].to_numpy(dtype=float)
        site_max = np.where(np.isnan(cap), site_max, np.minimum(site_max, cap)).astype(np.int32)
    keep: dict[int, int] = {}
    ids = pd.Index(candidates["site_id"])
    for site_id, places in (must_keep or {}).items():
        pos = ids.get_indexer([site_id])[0]
        if pos < 0:
            raise InputError(f"must-keep site {site_id!r} is not among the candidates")
        keep[int(pos)] = int(np.argmin([abs(s - places) for s in sp.sizes]))
        site_max[pos] = max(site_max[pos], 1)
    state_code: npt.NDArray[np.int32] = np.asarray(
        candidates["CVE_ENT"].astype(int), dtype=np.int32
    )
    return SitingProblem(
        demand=demand,
        weight=weight,
        pair_unit=pair_unit,
        pair_site=pair_site,
        pair_minutes=pairs.minutes[useful],
        n_sites=len(candidates),
        site_state=state_code,
        site_max_centres=site_max,
        sizes=tuple(sp.sizes),
        costs=tuple(sp.costs),
        max_centres=sp.max_centres,
        max_places=sp.max_places,
        budget=sp.budget,
        state_min={int(k): v for k, v in (state_min or {}).items()},
        state_max={int(k): v for k, v in (state_max or {}).items()},
        must_keep=keep,
        min_occupancy=sp.min_occupancy,
    )


def make_plan(
    units: pd.DataFrame,
    candidates: pd.DataFrame,
    supply: pd.DataFrame,
    pairs: Pairs,
    params: ModelParameters,
    *,
    state_names: pd.Series | None = None,
    state_min: Mapping[str, int] | None = None,
    state_max: Mapping[str, int] | None = None,
    must_keep: Mapping[str, int] | None = None,
    progress: Progress | None = None,
) -> Plan:
    """Solve the siting problem on assessed units and summarise the plan."""
    problem = build_problem(
        units,
        candidates,
        pairs,
        params,
        state_min=state_min,
        state_max=state_max,
        must_keep=must_keep,
    )
    sp = params.siting
    result = solve_greedy(
        problem,
        swap_passes=sp.swap_passes,
        bound_iterations=sp.bound_iterations,
        restarts=sp.restarts,
        covering_bound_iterations=sp.covering_bound_iterations,
        covering_restarts=sp.covering_restarts,
        restart_bound_iterations=sp.restart_bound_iterations,
        restart_swap_passes=sp.restart_swap_passes,
        lp_max_pairs=sp.lp_bound_max_pairs,
        exact_max_sites=sp.exact_max_sites,
        exact_max_nodes=sp.exact_max_nodes,
        optimal_gap=sp.optimal_gap,
        time_limit=sp.time_limit_s,
        bound_time_limit=sp.bound_time_limit_s,
        restart_time_limit=sp.restart_time_limit_s,
        progress=progress,
    )
    sites = _site_table(result, problem, candidates, units, must_keep or {})
    served_unit = np.bincount(result.flow_unit, weights=result.flow_amount, minlength=len(units))
    out_units = units.copy()
    out_units["new_served"] = served_unit
    out_units["unmet_after"] = np.maximum(out_units["unmet"].to_numpy() - served_unit, 0.0)
    by_state = summarise(out_units, supply, "CVE_ENT", labels=state_names)
    new_by_state = sites.groupby("CVE_ENT")["places"].sum()
    impact = impact_by_area(by_state, new_by_state, params.impact)
    by_state = by_state.join(impact)
    by_state["centres"] = sites.groupby("CVE_ENT")["centres"].sum().reindex(by_state.index)
    by_state["centres"] = by_state["centres"].fillna(0).astype(int)
    by_state["new_served"] = out_units.groupby("CVE_ENT")["new_served"].sum()
    by_state["unmet_after"] = out_units.groupby("CVE_ENT")["unmet_after"].sum()
    by_scheme = sites.groupby("scheme").agg(
        sites=("site_id", "size"),
        centres=("centres", "sum"),
        places=("places", "sum"),
        served=("served", "sum"),
        cost=("cost", "sum"),
        mothers_enabled=("mothers_enabled", "sum"),
    )
    resolution = resolution_table(out_units)
    if state_names is not None:
        resolution.insert(0, "name", state_names.reindex(resolution.index))
    return Plan(sites, by_state, by_scheme, out_units, result, params, resolution)


def _site_table(
    result: SitingResult,
    problem: SitingProblem,
    candidates: pd.DataFrame,
    units: pd.DataFrame,
    must_keep: Mapping[str, int],
) -> pd.DataFrame:
    cols = ["site", "size_index", "places", "served", "served_weight"]
    rows = pd.DataFrame(
        [(c.site, c.size_index, c.places, c.served, c.served_weight) for c in result.centres],
        columns=cols,
    )
    sizes = problem.sizes
    costs = problem.costs
    rows["cost"] = rows["size_index"].map(lambda k: costs[int(k)]).astype(float)
    for k, s in enumerate(sizes):
        rows[f"centres_{s}"] = (rows["size_index"] == k).astype(int)
    agg = rows.groupby("site").agg(
        centres=("places", "size"),
        places=("places", "sum"),
        served=("served", "sum"),
        mothers_enabled=("served_weight", "sum"),
        cost=("cost", "sum"),
        **{f"centres_{s}": (f"centres_{s}", "sum") for s in sizes},
    )
    site_idx = agg.index.to_numpy()
    table = pd.concat(
        [candidates.iloc[site_idx].reset_index(drop=True), agg.reset_index(drop=True)], axis=1
    )
    table["occupancy"] = table["served"] / table["places"].clip(lower=1)
    eligible = units["eligible"].to_numpy(dtype=float)
    reach = np.bincount(
        problem.pair_site, weights=eligible[problem.pair_unit], minlength=problem.n_sites
    )
    table["eligible_in_catchment"] = reach[site_idx]
    table["must_keep"] = table["site_id"].isin(list(must_keep))
    return table.sort_values("served", ascending=False).reset_index(drop=True)
