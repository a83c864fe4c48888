"""How a proposed site fits the newest finished plan the reviewer can see: the nearest chosen
site and whether the proposal lies within its catchment (urban speed, detour factor)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from redceci.api.planning.jobs import scenario_dir
from redceci.planning.travel import haversine_km
from redceci.platform.access import Permission, Principal
from redceci.platform.vocabulary import ScenarioStatus
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.planning import scenarios
from redceci.web.planning.scenario_map import read_sites

#: How many of the newest scenarios are searched for a finished one.
NEWEST = 20


@dataclass(frozen=True)
class PlanFit:
    scenario_id: int
    scenario_name: str
    nearest_site: str
    km: float
    catchment_km: float
    sites: int

    @property
    def within(self) -> bool:
        return self.km <= self.catchment_km


def plan_fit(
    db: Database, settings: Settings, principal: Principal, lat: float, lon: float
) -> PlanFit | None:
    """The fit with the newest succeeded scenario, or None (no right to see plans, none yet)."""
    if not principal.can(Permission.SCENARIOS_READ):
        return None
    newest, _ = scenarios.list_scenarios(db, principal, limit=NEWEST)
    for scenario in newest:
        path = scenario_dir(settings, scenario.id) / "plan.csv"
        if scenario.status != ScenarioStatus.SUCCEEDED or not path.is_file():
            continue
        sites = read_sites(path.parent)
        if sites.empty:
            continue
        distances = haversine_km(
            np.asarray(lat),
            np.asarray(lon),
            sites["lat"].to_numpy(dtype=float),
            sites["lon"].to_numpy(dtype=float),
        )
        best = int(np.argmin(distances))
        travel = settings.model.travel
        catchment = travel.catchment_minutes / 60 * travel.speed_urban_kmh / travel.detour_factor
        return PlanFit(
            scenario.id,
            scenario.name,
            str(sites["name"].iloc[best]),
            float(distances[best]),
            catchment,
            len(sites),
        )
    return None
