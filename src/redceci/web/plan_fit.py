"""How a proposed site fits the newest finished plan the reviewer can see: the nearest chosen
site and whether the proposal lies within its catchment (urban speed, detour factor)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from redceci.api.jobs import scenario_dir
from redceci.settings import Settings
from redceci.store import scenarios
from redceci.store.access import Permission, Principal
from redceci.store.db import Database
from redceci.store.enums import ScenarioStatus
from redceci.web.maps import read_sites

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


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


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
        distances = [
            haversine_km(lat, lon, float(a), float(b))
            for a, b in zip(sites["lat"], sites["lon"], strict=True)
        ]
        best = min(range(len(distances)), key=distances.__getitem__)
        travel = settings.model.travel
        catchment = travel.catchment_minutes / 60 * travel.speed_urban_kmh / travel.detour_factor
        return PlanFit(
            scenario.id,
            scenario.name,
            str(sites["name"].iloc[best]),
            distances[best],
            catchment,
            len(sites),
        )
    return None
