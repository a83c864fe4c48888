"""Composition root of the planning engine: read the data, build and assess demand, run analyses.

The CLI (and later the web) call these functions; the pure models live in ``redceci.planning``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from redceci.countries import country_pack
from redceci.data.user import read_registered_centres, read_travel_table, read_user_sites
from redceci.errors import InputError
from redceci.planning.candidates import combine_candidates
from redceci.planning.eligibility import add_eligibility
from redceci.planning.land import LAND_REGISTERED, plots_as_candidates, site_land
from redceci.planning.needs import assess_units, summarise, summarise_catchment
from redceci.planning.parameters import DemandParameters, ModelParameters
from redceci.planning.phasing import pace_from, phase
from redceci.planning.plan import Plan, build_problem, make_plan
from redceci.planning.programme import (
    Programme,
    centre_rows,
    hiring_table,
    robustness,
    scenario_demands,
    yearly_tables,
)
from redceci.planning.site_report import SiteReport, children_per_worker, report_site
from redceci.planning.supply import combine_supply
from redceci.planning.travel import Pairs, pairs_from_table, pairs_within
from redceci.platform.country import Estimate
from redceci.settings import Settings

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class World:
    """Demand, supply and candidate sites of the whole country, assessed and linked by travel."""

    units: pd.DataFrame
    supply: pd.DataFrame
    candidates: pd.DataFrame
    polos: pd.DataFrame
    municipalities: pd.DataFrame
    insured: pd.DataFrame
    unit_supply: Pairs
    params: ModelParameters
    travel_table: pd.DataFrame | None
    planned_sites: dict[str, int]  # registered planned centres: site_id -> places
    plots: pd.DataFrame | None = None  # plots offered for centres (read_plots' columns)
    country: str = "mx"  # the country pack the world was read with
    estimates: tuple[Estimate, ...] = ()  # what the pack estimated instead of reading

    @property
    def state_names(self) -> pd.Series:
        return self.municipalities.groupby("CVE_ENT")["NOM_ENT"].first()

    def pairs_to(self, lat: np.ndarray, lon: np.ndarray, ids: pd.Index) -> Pairs:
        """Pairs from every unit to the given points within the catchment."""
        return unit_pairs(self.units, self.params, self.travel_table, lat, lon, ids)


def unit_pairs(
    units: pd.DataFrame,
    params: ModelParameters,
    travel_table: pd.DataFrame | None,
    lat: np.ndarray,
    lon: np.ndarray,
    ids: pd.Index,
) -> Pairs:
    """Pairs from demand units to points within the catchment: from the supplied travel-time
    table if there is one, else haversine x detour at the unit's urban or rural speed."""
    t = params.travel
    if travel_table is not None:
        return pairs_from_table(
            travel_table, pd.Index(units["unit_id"]), ids, max_minutes=t.catchment_minutes
        )
    speed = np.where(units["URBAN"].to_numpy(), t.speed_urban_kmh, t.speed_rural_kmh)
    return pairs_within(
        units["LAT"].to_numpy(),
        units["LON"].to_numpy(),
        np.asarray(lat, dtype=float),
        np.asarray(lon, dtype=float),
        speed_kmh=speed,
        detour_factor=t.detour_factor,
        max_minutes=t.catchment_minutes,
    )


def load_world(
    settings: Settings,
    *,
    centres_file: Path | None = None,
    sites_file: Path | None = None,
    travel_file: Path | None = None,
    plots: pd.DataFrame | None = None,
    progress: Progress | None = None,
) -> World:
    """Read every data file of the settings' country pack, build the demand units and assess
    needs nationally."""
    report = progress or (lambda _msg, _frac: None)
    params = settings.model
    pack = country_pack(settings.country)
    report("Leyendo censo, oferta y sitios / reading census, supply and sites", 0.0)
    inputs = pack.data.read_inputs(
        settings.data,
        model=params,
        estimates=settings.estimates,
        counts_file=settings.counts_file,
    )
    municipalities, units, polos = inputs.municipalities, inputs.units, inputs.polos
    report("Sitios y centros registrados / sites and registered centres", 0.4)
    supply_frames = list(inputs.supply)
    candidate_frames = list(inputs.candidates)
    planned_sites: dict[str, int] = {}
    if centres_file is not None:
        registered = read_registered_centres(centres_file)
        supply_frames.append(_registered_supply(registered, units))
        planned = registered[registered["status"] == "planned"]
        candidate_frames.append(_registered_sites(planned))
        planned_sites = dict(
            zip("usuario:" + planned["id"], planned["places"].astype(int), strict=True)
        )
    if sites_file is not None:
        candidate_frames.append(_registered_sites(read_user_sites(sites_file)))
    if plots is not None and len(plots):
        candidate_frames.append(plots_as_candidates(plots))
    supply = combine_supply(*supply_frames)
    supply["CVE_ENT"] = supply["MUN_CVEGEO"].str[:2]
    candidates = _locate(combine_candidates(*candidate_frames), units)
    travel_table = read_travel_table(travel_file) if travel_file is not None else None
    report("Calculando accesibilidad / computing accessibility", 0.7)
    unit_supply = unit_pairs(
        units,
        params,
        travel_table,
        supply["lat"].to_numpy(),
        supply["lon"].to_numpy(),
        pd.Index(supply["provider_id"]),
    )
    assessed = assess_units(
        units,
        supply["places"].to_numpy(dtype=float),
        unit_supply,
        catchment_minutes=params.travel.catchment_minutes,
        deserts=params.deserts,
    )
    report("Listo / done", 1.0)
    return World(
        units=assessed,
        supply=supply,
        candidates=candidates,
        polos=polos,
        municipalities=municipalities,
        insured=inputs.insured,
        unit_supply=unit_supply,
        params=params,
        travel_table=travel_table,
        planned_sites=planned_sites,
        plots=plots,
        country=pack.code,
        estimates=inputs.estimates,
    )


def _nearest_unit_municipality(lat: np.ndarray, lon: np.ndarray, units: pd.DataFrame) -> np.ndarray:
    from scipy.spatial import cKDTree

    tree = cKDTree(np.column_stack([units["LAT"].to_numpy(), units["LON"].to_numpy()]))
    _, idx = tree.query(np.column_stack([lat, lon]))
    return np.asarray(units["MUN_CVEGEO"].to_numpy()[idx])


def _registered_supply(registered: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    operating = registered[registered["status"] == "operating"]
    return pd.DataFrame(
        {
            "provider_id": "registrado:" + operating["id"],
            "name": operating["name"].fillna(operating["id"]),
            "kind": "registered",
            "sector": "Público",
            "MUN_CVEGEO": _nearest_unit_municipality(
                operating["lat"].to_numpy(), operating["lon"].to_numpy(), units
            ),
            "lat": operating["lat"],
            "lon": operating["lon"],
            "places": operating["places"],
        }
    )


def _registered_sites(sites: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "site_id": "usuario:" + sites["id"],
            "name": sites["name"].fillna(sites["id"]),
            "kind": "user",
            "scheme": sites["scheme"],
            "MUN_CVEGEO": None,
            "lat": sites["lat"],
            "lon": sites["lon"],
        }
    )


def _locate(candidates: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Give user sites the municipality of the nearest demand unit."""
    out = candidates.copy()
    missing = out["MUN_CVEGEO"].isna()
    if missing.any():
        out.loc[missing, "MUN_CVEGEO"] = _nearest_unit_municipality(
            out.loc[missing, "lat"].to_numpy(), out.loc[missing, "lon"].to_numpy(), units
        )
    out["CVE_ENT"] = out["MUN_CVEGEO"].str[:2]
    return out


def needs_table(
    world: World,
    *,
    state: str | None = None,
    municipality: str | None = None,
    polo: str | None = None,
) -> pd.DataFrame:
    """The needs analysis: by state (national), by municipality (a state), by locality (a
    municipality) or by municipality within a polo's catchment."""
    units, supply = world.units, world.supply
    chosen = [x for x in (state, municipality, polo) if x]
    if len(chosen) > 1:
        raise InputError("choose one of --state, --municipality or --polo")
    if municipality:
        width = int(units["MUN_CVEGEO"].str.len().max())  # the pack's key: 5 digits, 4 in gt
        code = municipality.zfill(width)
        sub = units[units["MUN_CVEGEO"] == code]
        if sub.empty:
            raise InputError(f"unknown municipality {municipality!r}")
        by_unit = sub.set_index("unit_id")
        table = summarise(
            sub,
            supply,
            "unit_id",
            labels=by_unit["NOM_LOC"],
            places=by_unit["places_reachable"],
        )
        return table.sort_values("unmet", ascending=False)
    mun_names = world.municipalities.set_index("CVEGEO")["NOM_MUN"]
    if state:
        code = state.zfill(2)
        sub = units[units["CVE_ENT"] == code]
        if sub.empty:
            raise InputError(f"unknown state {state!r} (use the 2-digit INEGI code, e.g. 19)")
        return summarise(sub, supply, "MUN_CVEGEO", labels=mun_names).sort_values(
            "unmet", ascending=False
        )
    if polo:
        match = world.polos[world.polos["polo"].str.contains(polo, case=False, regex=False)]
        if match.empty:
            raise InputError(f"no polo matches {polo!r}")
        rows = {}
        for _, p in match.iterrows():
            pairs = world.pairs_to(np.array([p["lat"]]), np.array([p["lon"]]), pd.Index(["polo"]))
            reach = np.zeros(len(units), dtype=bool)
            reach[pairs.origin] = True
            supply_reach = _supply_near(world, float(p["lat"]), float(p["lon"]))
            places = float(supply["places"].to_numpy()[supply_reach].sum())
            rows[p["polo"]] = summarise_catchment(units, reach, places)
        return pd.DataFrame.from_dict(rows, orient="index")
    return summarise(units, supply, "CVE_ENT", labels=world.state_names)


def _supply_near(world: World, lat: float, lon: float) -> np.ndarray:
    """Providers within the catchment of a point (travel at the urban speed)."""
    t = world.params.travel
    sup = world.supply
    pairs = pairs_within(
        np.array([lat]),
        np.array([lon]),
        sup["lat"].to_numpy(),
        sup["lon"].to_numpy(),
        speed_kmh=t.speed_urban_kmh,
        detour_factor=t.detour_factor,
        max_minutes=t.catchment_minutes,
    )
    reach = np.zeros(len(sup), dtype=bool)
    reach[pairs.dest] = True
    return reach


def workers_children(world: World, lat: float, lon: float) -> float:
    """Eligible-age children per employed person in the municipality of (lat, lon) (census
    2020; the state's figure where the municipality's count is suppressed). 0 where the
    country pack gives no total employment (Guatemala's: employed women only)."""
    code = str(_nearest_unit_municipality(np.array([lat]), np.array([lon]), world.units)[0])
    muns = world.municipalities
    cols = ["P_0A2", "P_3A5", "POCUPADA"]
    if not set(cols) <= set(muns.columns):
        return 0.0
    here = muns[muns["CVEGEO"] == code]
    area = muns if here.empty else here
    if here[cols].isna().any(axis=None):
        area = muns[muns["CVE_ENT"] == here["CVE_ENT"].iloc[0]]
    p_0a2, p_3a5, employed = (float(v) for v in area[cols].astype(float).sum())
    return children_per_worker(p_0a2, p_3a5, employed, world.params)


def site_report(world: World, lat: float, lon: float, *, employees: int = 0) -> SiteReport:
    """Needs analysis of a proposed site at (lat, lon), counting a company's ``employees``'
    children when it says how many people it employs."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError(f"impossible coordinates ({lat}, {lon})")
    pairs = world.pairs_to(np.array([lat]), np.array([lon]), pd.Index(["site"]))
    reach = np.zeros(len(world.units), dtype=bool)
    reach[pairs.origin] = True
    return report_site(
        lat,
        lon,
        world.units,
        reach,
        world.supply["places"].to_numpy(dtype=float),
        _supply_near(world, lat, lon),
        world.params,
        employees=employees,
        children_per_worker=workers_children(world, lat, lon) if employees else 0.0,
    )


@dataclass(frozen=True)
class Scope:
    """What a plan works on: the units and candidates of its states, the must-keep sites, and
    the unit-candidate pairs."""

    units: pd.DataFrame
    candidates: pd.DataFrame
    must_keep: dict[str, int]
    pairs: Pairs


def scope(
    world: World, *, states: list[str] | None = None, must_keep: dict[str, int] | None = None
) -> Scope:
    """The units and candidates of ``states`` (all if none), with their pairs."""
    units, candidates = world.units, world.candidates
    if states:
        codes = {s.zfill(2) for s in states}
        unknown = codes - set(units["CVE_ENT"])
        if unknown:
            raise InputError(f"unknown state code(s): {', '.join(sorted(unknown))}")
        units = units[units["CVE_ENT"].isin(codes)].reset_index(drop=True)
        candidates = candidates[candidates["CVE_ENT"].isin(codes)].reset_index(drop=True)
    in_scope = set(candidates["site_id"])
    kept = {k: v for k, v in world.planned_sites.items() if k in in_scope}
    kept.update(must_keep or {})
    pairs = unit_pairs(
        units,
        world.params,
        world.travel_table,
        candidates["lat"].to_numpy(),
        candidates["lon"].to_numpy(),
        pd.Index(candidates["site_id"]),
    )
    return Scope(units, candidates, kept, pairs)


def plan(
    world: World,
    *,
    states: list[str] | None = None,
    state_min: dict[str, int] | None = None,
    state_max: dict[str, int] | None = None,
    must_keep: dict[str, int] | None = None,
    progress: Progress | None = None,
    within: Scope | None = None,
) -> Plan:
    """Site new centres over the whole country or the given states (or a ready ``Scope``)."""
    sc = within or scope(world, states=states, must_keep=must_keep)
    made = make_plan(
        sc.units,
        sc.candidates,
        world.supply,
        sc.pairs,
        world.params,
        state_names=world.state_names,
        state_min=state_min,
        state_max=state_max,
        must_keep=sc.must_keep,
        progress=progress,
    )
    if world.estimates:  # the pack's estimates, not census levels, say where demand comes from
        made = dataclasses.replace(made, resolution=None)
    return made


def with_demand(world: World, demand: DemandParameters) -> World:
    """The world with its demand and needs recomputed under other demand parameters (same
    supply, candidates and travel)."""
    units = add_eligibility(world.units, demand)
    assessed = assess_units(
        units,
        world.supply["places"].to_numpy(dtype=float),
        world.unit_supply,
        catchment_minutes=world.params.travel.catchment_minutes,
        deserts=world.params.deserts,
    )
    params = world.params.model_copy(update={"demand": demand})
    return dataclasses.replace(world, units=assessed, params=params)


#: Work the sensitivity reruns give the bound and the restarts: only their sites are used.
SENSITIVITY_SOLVER = {"bound_iterations": 30, "restarts": 1, "restart_bound_iterations": 0}


def programme(
    world: World,
    *,
    states: list[str] | None = None,
    state_min: dict[str, int] | None = None,
    state_max: dict[str, int] | None = None,
    must_keep: dict[str, int] | None = None,
    sensitivity: bool = True,
    progress: Progress | None = None,
) -> Programme:
    """The plan phased over the programme's years (land, pace, capital), with its certified
    gap, yearly and state tables, staffing and hiring, and (``sensitivity``) the sites that
    stay chosen under low and high demand and under the demand of 2030."""
    params = world.params
    pp = params.programme
    sc = scope(world, states=states, must_keep=must_keep)
    base = plan(world, state_min=state_min, state_max=state_max, within=sc, progress=progress)
    problem = build_problem(
        sc.units,
        sc.candidates,
        sc.pairs,
        params,
        state_min=state_min,
        state_max=state_max,
        must_keep=sc.must_keep,
    )
    site_year, land = site_land(sc.candidates["site_id"], world.plots, set(sc.must_keep), pp)
    centres = [(c.site, c.size_index) for c in base.result.centres]
    earliest = [int(site_year[j]) for j, _ in centres]
    fixed, seen = [], set()
    for j, _ in centres:  # one centre per registered site opens when built
        fixed.append(bool(land[j] == LAND_REGISTERED and j not in seen))
        seen.add(j)
    last_ok = all(e <= pp.last_year for e in earliest)
    phasing = phase(
        problem,
        centres,
        earliest,
        pace_from(pp.years, pp.centres_per_year, pp.capital_per_year),
        site_year=site_year,
        last_year_bound=base.result.bound if last_ok else None,
        fixed=fixed,
        bound_seconds=pp.bound_seconds_per_year,
        progress=progress,
    )
    pack = country_pack(world.country)
    rows = centre_rows(
        base,
        sc.candidates,
        phasing,
        earliest,
        [land[j] for j, _ in centres],
        params,
        rooms=pack.rooms,
        ratios=pack.ratios,
    )
    by_year, by_state_year = yearly_tables(base, phasing, rows, params)
    robust = scenarios = None
    if sensitivity:
        siting = params.siting.model_copy(update=SENSITIVITY_SOLVER)
        chosen = {}
        for name, demand in scenario_demands(params).items():
            if progress is not None:
                progress(f"sensibilidad / sensitivity: {name}", 0.0)
            other = with_demand(world, demand)
            other = dataclasses.replace(
                other, params=other.params.model_copy(update={"siting": siting})
            )
            chosen[name] = plan(
                other, states=states, state_min=state_min, state_max=state_max, must_keep=must_keep
            ).sites
        robust, scenarios = robustness(base.sites, chosen, within_km=pp.robust_within_km)
    return Programme(
        plan=base,
        phasing=phasing,
        centres=rows,
        by_year=by_year,
        by_state_year=by_state_year,
        hiring=hiring_table(rows),
        params=params,
        robustness=robust,
        scenarios=scenarios,
        rooms=pack.rooms,
        ratios=pack.ratios,
    )
