"""The programme's tables: one row per centre with its year, land and staff; per year and per
state and year the centres, places, children served, women enabled, capital and running cost
against the 2030 goal; hiring; and which sites stay chosen under other scenarios."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from redceci.planning.impact import impact_by_area
from redceci.planning.parameters import DemandParameters, ModelParameters
from redceci.planning.phasing import UNSCHEDULED, Phasing
from redceci.planning.plan import Plan
from redceci.planning.staffing import ROLES, hiring_by_state_year, staff_by_centre
from redceci.planning.travel import pairs_within
from redceci.platform.ratios import DEFAULT_RATIOS, RatioPolicy
from redceci.platform.rooms import DEFAULT_ROOMS, RoomScheme

#: The sensitivity scenarios (``scenario_demands``).
SCENARIOS = ("low", "high", "demand_2030")


@dataclass(frozen=True)
class Programme:
    """A plan phased over the years, with its tables and (optionally) its robustness."""

    plan: Plan
    phasing: Phasing
    centres: pd.DataFrame  # one row per centre
    by_year: pd.DataFrame
    by_state_year: pd.DataFrame
    hiring: pd.DataFrame  # (state, year) -> people per role
    params: ModelParameters
    robustness: pd.DataFrame | None = None  # one row per chosen site
    scenarios: pd.DataFrame | None = None  # one row per scenario
    #: The country's rooms and ratios the centres are staffed by (the pack's).
    rooms: RoomScheme = DEFAULT_ROOMS
    ratios: RatioPolicy = DEFAULT_RATIOS


def centre_rows(
    plan: Plan,
    candidates: pd.DataFrame,
    phasing: Phasing,
    earliest: Sequence[int],
    land: Sequence[str],
    params: ModelParameters,
    *,
    rooms: RoomScheme = DEFAULT_ROOMS,
    ratios: RatioPolicy = DEFAULT_RATIOS,
) -> pd.DataFrame:
    """One row per centre: its site, size, cost, year (NaN if not scheduled), earliest year,
    land status, staff by role (by the country's ``rooms`` and ``ratios``) and yearly running
    cost."""
    res = plan.result
    idx = [c.site for c in res.centres]
    site_cols = ["site_id", "name", "kind", "scheme", "MUN_CVEGEO", "CVE_ENT", "lat", "lon"]
    rows = candidates.iloc[idx][site_cols].reset_index(drop=True)
    rows.insert(0, "centre", np.arange(1, len(rows) + 1))
    rows["places"] = [c.places for c in res.centres]
    rows["cost"] = [float(plan.params.siting.costs[c.size_index]) for c in res.centres]
    rows["served_2030"] = [c.served for c in res.centres]
    years = pd.Series(np.asarray(phasing.years), dtype="Int64")
    rows["year"] = years.mask(years == UNSCHEDULED)
    rows["earliest_year"] = np.asarray(earliest, dtype=np.int64)
    rows["land"] = list(land)
    staff = staff_by_centre(rows[["places"]], params.staffing, rooms=rooms, ratios=ratios)
    return pd.concat([rows, staff], axis=1)


def _open_by(centres: pd.DataFrame, year: int) -> pd.Series:
    y = centres["year"]
    return y.notna() & (y.fillna(0) <= year)


def _operating(centres: pd.DataFrame, year: int, share: float) -> float:
    y = centres["year"]
    before = (y.notna() & (y.fillna(0) < year)).to_numpy()
    now = (y == year).fillna(False).to_numpy(dtype=bool)
    cost = centres["operating_cost"].to_numpy(dtype=float)
    return float(cost[before].sum() + share * cost[now].sum())


def _women(by_state: pd.DataFrame, new_places: pd.Series, params: ModelParameters) -> pd.DataFrame:
    impact = impact_by_area(by_state, new_places, params.impact)
    return impact[[f"mothers_enabled_{s}" for s in ("low", "central", "high")]]


def yearly_tables(
    plan: Plan,
    phasing: Phasing,
    centres: pd.DataFrame,
    params: ModelParameters,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(by year, by state and year): centres opened and open, places, children served, women
    enabled (low/central/high, dose-response on places per 100 children by state), capital,
    running cost and their sum, the certified bound of each year, and the goal shares."""
    pp = params.programme
    share = pp.first_year_operating_share
    units = plan.units
    state_of_unit = units["CVE_ENT"].to_numpy()
    national, by_state = [], []
    states = plan.by_state.index
    for i, yv in enumerate(phasing.by_year):
        year = yv.year
        open_ = _open_by(centres, year)
        opened = (centres["year"] == year).fillna(False)
        new_places = centres[open_].groupby("CVE_ENT")["places"].sum().reindex(states).fillna(0)
        women = _women(plan.by_state, new_places, params)
        served = pd.Series(phasing.served_by_unit[i]).groupby(state_of_unit).sum()
        per_state = pd.DataFrame(
            {
                "year": year,
                "centres_opened": centres[opened].groupby("CVE_ENT").size(),
                "centres_open": centres[open_].groupby("CVE_ENT").size(),
                "places_open": new_places,
                "served": served,
                "capital": centres[opened].groupby("CVE_ENT")["cost"].sum(),
            },
            index=states,
        ).join(women)
        per_state["operating"] = [
            _operating(centres[centres["CVE_ENT"] == s], year, share) for s in states
        ]
        by_state.append(per_state.fillna(0.0))
        national.append(
            {
                "year": year,
                "centres_opened": yv.opened,
                "centres_open": yv.open_centres,
                "places_open": yv.places_open,
                "served": yv.served,
                "mothers_objective": yv.value,
                "bound": yv.bound,
                **{c: float(women[c].sum()) for c in women.columns},
                "capital": yv.capital,
                "operating": _operating(centres, year, share),
                "goal_centres_share": yv.open_centres / pp.goal_centres if pp.goal_centres else 0,
                "goal_places_share": yv.places_open / pp.goal_places if pp.goal_places else 0,
            }
        )
    by_year = pd.DataFrame(national).set_index("year")
    by_year["spending"] = by_year["capital"] + by_year["operating"]
    table = pd.concat(by_state).reset_index(names="CVE_ENT").set_index(["CVE_ENT", "year"])
    table["spending"] = table["capital"] + table["operating"]
    if "name" in plan.by_state:
        names = plan.by_state["name"]
        table.insert(0, "name", table.index.get_level_values(0).map(names.to_dict()))
    return by_year, table


def hiring_table(centres: pd.DataFrame) -> pd.DataFrame:
    """People to hire per state and year (the staff of the centres opening), by role."""
    return hiring_by_state_year(centres[["CVE_ENT", "year", *ROLES, "staff_total"]])


def robustness(
    base: pd.DataFrame, scenario_sites: Mapping[str, pd.DataFrame], *, within_km: float = 0.0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Which of the base plan's sites the other scenarios choose too: the same site, or one
    within ``within_km`` (the same neighbourhood).

    Returns (per site: centres in the base plan and, per scenario, centres chosen at the site
    or near it, and in how many scenarios it stays chosen, robust sites first; per scenario:
    its sites and centres, and the plan's sites kept exactly and nearby)."""
    out = base[["site_id", "name", "CVE_ENT", "lat", "lon", "centres"]].copy()
    summary = []
    for name, sites in scenario_sites.items():
        same = out["site_id"].map(sites.set_index("site_id")["centres"]).fillna(0).astype(int)
        near = _centres_near(out, sites, within_km)
        out[f"centres_{name}"] = np.maximum(same.to_numpy(), near)
        summary.append(
            {
                "scenario": name,
                "sites": len(sites),
                "centres": int(sites["centres"].sum()),
                "base_sites_same": int((same > 0).sum()),
                "base_sites_kept": int((out[f"centres_{name}"] > 0).sum()),
                "base_sites_kept_share": float((out[f"centres_{name}"] > 0).mean())
                if len(out)
                else 0.0,
            }
        )
    cols = [f"centres_{n}" for n in scenario_sites]
    out["scenarios_kept"] = (out[cols] > 0).sum(axis=1) if cols else 0
    out = out.sort_values(["scenarios_kept", "centres"], ascending=False, kind="stable")
    return out.reset_index(drop=True), pd.DataFrame(summary)


def _centres_near(base: pd.DataFrame, sites: pd.DataFrame, within_km: float) -> np.ndarray:
    """Centres the scenario puts within ``within_km`` of each base site."""
    if within_km <= 0 or sites.empty or base.empty:
        return np.zeros(len(base), dtype=np.int64)
    pairs = pairs_within(
        base["lat"].to_numpy(dtype=float),
        base["lon"].to_numpy(dtype=float),
        sites["lat"].to_numpy(dtype=float),
        sites["lon"].to_numpy(dtype=float),
        speed_kmh=60.0,
        detour_factor=1.0,
        max_minutes=within_km,  # at 60 km/h a minute is a kilometre
    )
    counts = sites["centres"].to_numpy(dtype=float)[pairs.dest]
    return np.bincount(pairs.origin, weights=counts, minlength=len(base)).astype(np.int64)


def scenario_demands(params: ModelParameters) -> dict[str, DemandParameters]:
    """The demand of each sensitivity scenario: low and high take-up with low and high
    employment response, and the central demand with the children of 2030."""
    d, pp = params.demand, params.programme
    return {
        "low": d.model_copy(
            update={
                "take_up_rate": pp.take_up_low_high[0],
                "latent_work_share": pp.latent_work_low_high[0],
            }
        ),
        "high": d.model_copy(
            update={
                "take_up_rate": pp.take_up_low_high[1],
                "latent_work_share": pp.latent_work_low_high[1],
            }
        ),
        "demand_2030": d.model_copy(update={"child_population_factor": pp.children_2030_factor}),
    }
