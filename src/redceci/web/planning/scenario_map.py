"""A scenario's result as an SVG map: municipal boundaries of the planned states (state outlines
for the whole country), deserts, supply, polos, industrial parks and the chosen sites."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from redceci.report.formats import fmt_int, pick
from redceci.report.planning.maps import MapLayers, map_layers
from redceci.report.svg import Projection, boundary_box, radius
from redceci.web.maps import boundaries

if TYPE_CHECKING:
    from redceci.planning.plan import Plan
    from redceci.workflow import World

#: Industrial parks drawn at most (largest first would need sizes; the file order is kept).
MAX_PARKS = 3000
#: Demand units with unmet demand drawn at most (those with most unmet demand).
MAX_DEMAND_POINTS = 4000


def _subset(collection: dict[str, Any], states: list[str]) -> dict[str, Any]:
    wanted = set(states)
    features = [
        f for f in collection.get("features") or [] if str(f["properties"]["CVEGEO"])[:2] in wanted
    ]
    return {"type": "FeatureCollection", "features": features}


def _in_states(frame: pd.DataFrame, states: list[str]) -> pd.DataFrame:
    if not states or "CVE_ENT" not in frame:
        return frame
    kept: pd.DataFrame = frame[frame["CVE_ENT"].astype(str).isin(states)]
    return kept


@dataclass(frozen=True)
class _MapPlan:
    """What ``map_layers`` reads of a plan: its sites and the assessed demand units."""

    sites: pd.DataFrame
    units: pd.DataFrame


@dataclass
class ScenarioMap:
    """The report's layers plus the industrial parks, ready for the template."""

    layers: MapLayers
    parks: list[dict[str, str]] = field(default_factory=list)
    parks_total: int = 0
    demand: list[dict[str, str]] = field(default_factory=list)
    demand_total: int = 0


def read_sites(out_dir: Path) -> pd.DataFrame:
    """A finished scenario's chosen sites (``plan.csv``)."""
    return pd.read_csv(
        out_dir / "plan.csv", dtype={"site_id": str, "CVE_ENT": str, "MUN_CVEGEO": str}
    )


def scenario_map(
    data: Path, world: World, sites: pd.DataFrame, states: list[str], lang: str = "es"
) -> ScenarioMap:
    """The result map: municipal boundaries of the planned states (state outlines for the
    whole country), deserts, supply, polos and industrial parks of those states, chosen sites;
    marks titled in ``lang``."""
    if states:
        outline = _subset(boundaries(data, "municipios"), states)
    else:
        outline = boundaries(data, "estados")
    plan = _MapPlan(sites=sites, units=_in_states(world.units, states))
    layers = map_layers(
        cast("Plan", plan),
        outline,
        _in_states(world.supply, states),
        _in_states(world.polos, states),
        lang,
    )
    out = ScenarioMap(layers)
    box = boundary_box(outline)
    if box is None:
        return out
    proj = Projection.fit(box)
    units = plan.units
    unmet = units[units["unmet"] > 0.5].sort_values("unmet", ascending=False)
    out.demand_total = len(unmet)
    top = unmet.head(MAX_DEMAND_POINTS)
    x, y = proj.xy(top["LON"].to_numpy(), top["LAT"].to_numpy())
    radii = radius(top["unmet"], 0.8, 6.0)
    for xi, yi, ri, name, value in zip(
        x, y, radii, top["NOM_LOC"].astype(str), top["unmet"], strict=True
    ):
        title = f"{name}: {fmt_int(value)} {pick('sin lugar', 'unmet', lang)}"
        out.demand.append({"x": f"{xi:.1f}", "y": f"{yi:.1f}", "r": f"{ri:g}", "title": title})
    candidates = world.candidates
    parks = _in_states(candidates[candidates["kind"] == "industrial_park"], states)
    out.parks_total = len(parks)
    if len(parks):
        shown = parks.head(MAX_PARKS)
        x, y = proj.xy(shown["lon"].to_numpy(), shown["lat"].to_numpy())
        for xi, yi, name in zip(x, y, shown["name"].astype(str), strict=True):
            out.parks.append({"x": f"{xi - 2.5:.1f}", "y": f"{yi - 2.5:.1f}", "title": name})
    return out
