"""Self-contained SVG maps for the pages, drawn with the report's projection and layers
(``redceci.report.html``): a scenario's result, a site picker and a state choropleth."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from redceci.data.boundaries import read_boundaries
from redceci.report.html import MapLayers, fmt_int, map_layers
from redceci.report.svg import Projection, boundary_box, radius, ring_path, rings

if TYPE_CHECKING:
    from redceci.planning.plan import Plan
    from redceci.workflow import World

#: Industrial parks drawn at most (largest first would need sizes; the file order is kept).
MAX_PARKS = 3000
#: Demand units with unmet demand drawn at most (those with most unmet demand).
MAX_DEMAND_POINTS = 4000


@functools.lru_cache(maxsize=4)
def boundaries(data: Path, level: str) -> dict[str, Any]:
    """State or municipal boundaries, read once per process."""
    return read_boundaries(data, level)


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


def scenario_map(data: Path, world: World, sites: pd.DataFrame, states: list[str]) -> ScenarioMap:
    """The result map: municipal boundaries of the planned states (state outlines for the
    whole country), deserts, supply, polos and industrial parks of those states, chosen sites."""
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
        title = f"{name}: {fmt_int(value)} sin lugar / unmet"
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


@dataclass
class StateMap:
    """State outlines with their codes, and the projection to turn a click into coordinates."""

    width: float
    height: float
    states: list[dict[str, str]]
    lon_min: float
    lat_max: float
    scale_x: float
    scale_y: float
    pad: float
    marker: tuple[float, float] | None = None


def state_map(
    data: Path,
    fills: dict[str, str] | None = None,
    titles: dict[str, str] | None = None,
    marker: tuple[float, float] | None = None,
) -> StateMap:
    """Mexico's states as SVG paths (``code``, ``name``, ``d``, ``fill``, ``title``); the
    projection's parameters let the page's script invert a click to longitude and latitude."""
    collection = boundaries(data, "estados")
    box = boundary_box(collection)
    assert box is not None
    proj = Projection.fit(box)
    states = []
    for feat in collection["features"]:
        props = feat["properties"]
        code = str(props["CVEGEO"])
        d = "".join(ring_path(r, proj) for r in rings(feat["geometry"]))
        name = str(props.get("NOM_ENT") or code)
        states.append(
            {
                "code": code,
                "name": name,
                "d": d,
                "fill": (fills or {}).get(code, "#eef2f5"),
                "title": (titles or {}).get(code, name),
            }
        )
    out = StateMap(
        proj.width,
        round(proj.height, 1),
        states,
        proj.lon_min,
        proj.lat_max,
        proj.scale_x,
        proj.scale_y,
        proj.pad,
    )
    if marker is not None:
        x, y = proj.xy(np.array([marker[1]]), np.array([marker[0]]))
        out.marker = (float(x[0]), float(y[0]))
    return out


def ramp(value: float, top: float) -> str:
    """A sequential blue for a choropleth (light = few places per child)."""
    share = 0.0 if top <= 0 else max(0.0, min(1.0, value / top))
    light, dark = np.array([239, 243, 255]), np.array([8, 81, 156])
    r, g, b = (light + (dark - light) * share).round().astype(int)
    return f"#{r:02x}{g:02x}{b:02x}"


def legend(top: float, steps: int = 5) -> list[dict[str, str]]:
    return [
        {"colour": ramp(top * i / (steps - 1), top), "label": fmt_int(top * i / (steps - 1))}
        for i in range(steps)
    ]
