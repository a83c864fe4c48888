"""What every capability's maps share: boundaries read once, a state choropleth as SVG (the
dashboards'), a colour ramp, and a box of states for a Leaflet map's first view (the
interactive maps themselves are ``static/maps.js`` over ``web/platform/geo``)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from redceci.data.boundaries import read_boundaries
from redceci.report.formats import fmt_int
from redceci.report.svg import Projection, boundary_box, ring_path, rings


@functools.lru_cache(maxsize=4)
def boundaries(data: Path, level: str) -> dict[str, Any]:
    """State or municipal boundaries, read once per process."""
    return read_boundaries(data, level)


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


def state_bounds(data: Path, codes: frozenset[str] | set[str]) -> str:
    """The box of these states as a map's first view, ``"lat1,lon1,lat2,lon2"`` ("" for none
    or an unknown code): a state coordinator's picker opens on their state."""
    features = [
        f
        for f in boundaries(data, "estados")["features"]
        if str(f["properties"]["CVEGEO"]) in codes
    ]
    box = boundary_box({"features": features}) if features else None
    if box is None:
        return ""
    lon_min, lat_min, lon_max, lat_max = box
    return f"{lat_min:.4f},{lon_min:.4f},{lat_max:.4f},{lon_max:.4f}"
