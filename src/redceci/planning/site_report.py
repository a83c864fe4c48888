"""Needs analysis of one proposed site: who is in its catchment, what exists, what size fits,
and, when a company says how many people it employs, their children of eligible age.

The partner workflow attaches this to a company's or a state's proposal.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from redceci.errors import InputError
from redceci.planning.eligibility import age_eligible_children, age_shares
from redceci.planning.impact import mothers_enabled
from redceci.planning.parameters import ModelParameters


@dataclass(frozen=True)
class SiteReport:
    """The figures a reviewer needs to judge a proposed site."""

    lat: float
    lon: float
    catchment_minutes: float
    units_in_catchment: int
    population: float
    children_age_eligible: float
    eligible_under_3: float  # IMSS-eligible demand aged 43 days to 3 years
    eligible_3_plus: float  # IMSS-eligible demand aged 3 to the age limit
    eligible: float
    existing_places: float
    providers: int
    unmet: float
    recommended_size: int | None
    expected_occupancy: float
    mothers_enabled_low: float
    mothers_enabled_central: float
    mothers_enabled_high: float
    desert_share: float
    verdict: str
    employees: int = 0  # the company's employees, as the proposal says
    children_per_worker: float = 0.0  # eligible-age children per employed person, municipal
    employees_children: float = 0.0  # employees x children_per_worker
    employees_demand: float = 0.0  # of those, using a place (take-up), living elsewhere
    demand: float = 0.0  # unmet + employees_demand: what the recommended size is for

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def report_site(
    lat: float,
    lon: float,
    units: pd.DataFrame,
    unit_reach: np.ndarray,
    supply_places: np.ndarray,
    supply_reach: np.ndarray,
    params: ModelParameters,
    *,
    employees: int = 0,
    children_per_worker: float = 0.0,
) -> SiteReport:
    """Summarise the catchment of a site at (lat, lon).

    ``units`` are assessed units; ``unit_reach`` flags those within the catchment (travel from
    the unit to the site); ``supply_reach`` flags providers within the catchment of the site.
    A company's ``employees`` have ``children_per_worker`` children of eligible age each; those
    who would use a place (``take_up_rate``) and live outside the catchment
    (1 - ``employees_living_nearby``: the others are in its census demand already) are added
    to the unmet demand the size is chosen for.
    """
    sub = units[unit_reach]
    share_0a2, _ = age_shares(params.demand)
    young = sub["P_0A2"].to_numpy(dtype=float) * share_0a2
    children = sub["children"].to_numpy(dtype=float)
    eligible = sub["eligible"].to_numpy(dtype=float)
    frac_young = np.divide(young, children, out=np.zeros_like(young), where=children > 0)
    unmet = float(sub["unmet"].sum())
    if employees < 0 or not children_per_worker >= 0:
        raise InputError("employees and children per worker cannot be negative")
    d = params.demand
    employees_children = employees * children_per_worker
    employees_demand = employees_children * d.take_up_rate * (1.0 - d.employees_living_nearby)
    demand = unmet + employees_demand
    existing = float(np.asarray(supply_places, dtype=float)[supply_reach].sum())
    sizes = sorted(params.siting.sizes)
    floor = params.siting.min_occupancy
    fitting = [s for s in sizes if demand >= floor * s]
    recommended = None
    if fitting:
        covering = [s for s in fitting if s >= demand]
        recommended = covering[0] if covering else fitting[-1]
    occupancy = min(1.0, demand / recommended) if recommended else 0.0
    served = occupancy * (recommended or 0)
    total_children = float(children.sum())
    enabled = {
        scenario: float(
            mothers_enabled(
                np.array([total_children]),
                np.array([existing]),
                np.array([existing + served]),
                params.impact,
                scenario,
            )[0]
        )
        for scenario in ("low", "central", "high")
    }
    if recommended is None:
        verdict = "insufficient unmet demand for the smallest centre"
    elif demand > sizes[-1]:
        verdict = f"unmet demand would fill {demand / sizes[-1]:.1f} centres of {sizes[-1]} places"
    else:
        verdict = f"a centre of {recommended} places fits the unmet demand"
    desert_children = float(sub["desert_children"].sum())
    return SiteReport(
        lat=lat,
        lon=lon,
        catchment_minutes=params.travel.catchment_minutes,
        units_in_catchment=len(sub),
        population=float(sub["POBTOT"].sum()),
        children_age_eligible=total_children,
        eligible_under_3=float((eligible * frac_young).sum()),
        eligible_3_plus=float((eligible * (1 - frac_young)).sum()),
        eligible=float(eligible.sum()),
        existing_places=existing,
        providers=int(np.count_nonzero(supply_reach)),
        unmet=unmet,
        recommended_size=recommended,
        expected_occupancy=occupancy,
        mothers_enabled_low=enabled["low"],
        mothers_enabled_central=enabled["central"],
        mothers_enabled_high=enabled["high"],
        desert_share=desert_children / total_children if total_children > 0 else 0.0,
        verdict=verdict,
        employees=employees,
        children_per_worker=children_per_worker,
        employees_children=employees_children,
        employees_demand=employees_demand,
        demand=demand,
    )


def children_per_worker(
    p_0a2: float, p_3a5: float, employed: float, params: ModelParameters
) -> float:
    """Children of eligible age per employed person in an area (its census counts): what
    one employee of a company there is taken to have."""
    children = float(age_eligible_children(np.array([p_0a2]), np.array([p_3a5]), params.demand)[0])
    if not (employed > 0 and np.isfinite(children)):
        return 0.0
    return children / employed
