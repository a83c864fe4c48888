"""The plan's map as SVG layers: boundaries, care deserts, existing supply, polos and the
chosen sites coloured by scheme."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from redceci.report.formats import fmt_int, fmt_pct, pick
from redceci.report.svg import (
    Projection,
    boundary_box,
    located,
    points_box,
    radius,
    state_paths,
)

if TYPE_CHECKING:
    from redceci.planning.plan import Plan

MAX_DESERT_POINTS = 8000

MAX_SUPPLY_POINTS = 15000

SCHEME_COLOURS = {"CECI IMSS": "#0072b2", "CECI Empresa": "#e69f00"}

_EXTRA_COLOURS = ("#009e73", "#cc79a7", "#56b4e9", "#f0e442", "#000000")

_MEXICO_BOX = (-118.5, 14.3, -86.5, 32.8)


def scheme_colour(scheme: str, schemes: Sequence[str]) -> str:
    """Colour of a scheme on the map and charts (fixed for the two CECI schemes)."""
    if scheme in SCHEME_COLOURS:
        return SCHEME_COLOURS[scheme]
    others = [s for s in schemes if s not in SCHEME_COLOURS]
    pos = others.index(scheme) if scheme in others else 0
    return _EXTRA_COLOURS[pos % len(_EXTRA_COLOURS)]


@dataclass
class MapLayers:
    """Everything the template needs to draw the map."""

    width: float
    height: float
    states: list[dict[str, str]] = field(default_factory=list)
    deserts: list[dict[str, Any]] = field(default_factory=list)
    deserts_total: int = 0
    supply_path: str = ""
    supply_drawn: int = 0
    supply_total: int = 0
    polos: list[dict[str, Any]] = field(default_factory=list)
    sites: list[dict[str, Any]] = field(default_factory=list)
    schemes: list[dict[str, str]] = field(default_factory=list)


def map_layers(
    plan: Plan,
    boundaries: dict[str, Any],
    supply: pd.DataFrame | None,
    polos: pd.DataFrame | None,
    lang: str = "es",
) -> MapLayers:
    """Project boundaries and points, cap the number of points, size and colour the marks
    (their titles in ``lang``)."""
    sites = located(plan.sites, "lon", "lat")
    units = plan.units
    deserts = units[units["desert"].fillna(False).astype(bool)] if "desert" in units else units[:0]
    deserts = located(deserts, "LON", "LAT")
    box = boundary_box(boundaries) or points_box([(sites, "lon", "lat"), (deserts, "LON", "LAT")])
    lon_min, lat_min, lon_max, lat_max = box or _MEXICO_BOX
    proj = Projection.fit((lon_min, lat_min, lon_max, lat_max))
    layers = MapLayers(width=proj.width, height=round(proj.height, 1))
    layers.states = state_paths(boundaries, proj)

    layers.deserts_total = len(deserts)
    top = deserts.sort_values("children", ascending=False).head(MAX_DESERT_POINTS)
    x, y = proj.xy(top["LON"].to_numpy(), top["LAT"].to_numpy())
    r = radius(top["children"], 0.6, 4.0)
    names = top["NOM_LOC"].astype(object) if "NOM_LOC" in top else pd.Series([""] * len(top))
    for xi, yi, ri, name, children, unmet in zip(
        x,
        y,
        r,
        names,
        top["children"].to_numpy(dtype=float),
        (top["unmet"] if "unmet" in top else top["children"] * np.nan).to_numpy(dtype=float),
        strict=True,
    ):
        label = name if isinstance(name, str) else ""
        layers.deserts.append(
            {
                "x": f"{xi:.1f}",
                "y": f"{yi:.1f}",
                "r": f"{ri:g}",
                "title": f"{label}: {fmt_int(children)} {pick('niños', 'children', lang)}, "
                f"{fmt_int(unmet)} {pick('sin lugar', 'unmet', lang)}",
            }
        )

    if supply is not None and not supply.empty and {"lat", "lon"} <= set(supply.columns):
        sup = located(supply, "lon", "lat")
        layers.supply_total = len(sup)
        if "places" in sup:
            sup = sup.sort_values("places", ascending=False)
        sup = sup.head(MAX_SUPPLY_POINTS)
        sx, sy = proj.xy(sup["lon"].to_numpy(), sup["lat"].to_numpy())
        layers.supply_path = "".join(
            f"M{a - 0.8:.1f},{b - 0.8:.1f}h1.6v1.6h-1.6z" for a, b in zip(sx, sy, strict=True)
        )
        layers.supply_drawn = len(sup)

    if polos is not None and not polos.empty and {"lat", "lon"} <= set(polos.columns):
        pol = located(polos, "lon", "lat")
        px, py = proj.xy(pol["lon"].to_numpy(), pol["lat"].to_numpy())
        name_col = "polo" if "polo" in pol else ("name" if "name" in pol else None)
        pnames = pol[name_col].astype(object) if name_col else pd.Series([""] * len(pol))
        programmes = (
            pol["programa"].astype(object) if "programa" in pol else pd.Series([""] * len(pol))
        )
        for a, b, name, programme in zip(px, py, pnames, programmes, strict=True):
            title = f"Polo {name}" + (f" ({programme})" if isinstance(programme, str) else "")
            layers.polos.append(
                {
                    "x": f"{a - 3.5:.1f}",
                    "y": f"{b - 3.5:.1f}",
                    "cx": f"{a:.1f}",
                    "cy": f"{b:.1f}",
                    "title": title,
                }
            )

    schemes = sorted(str(s) for s in plan.sites["scheme"].dropna().unique()) if len(sites) else []
    layers.schemes = [{"name": s, "colour": scheme_colour(s, schemes)} for s in schemes]
    ordered = sites.sort_values("places", ascending=False)
    sx, sy = proj.xy(ordered["lon"].to_numpy(), ordered["lat"].to_numpy())
    sr = radius(ordered["places"], 2.5, 14.0)
    for (_, row), a, b, rad in zip(ordered.iterrows(), sx, sy, sr, strict=True):
        scheme = str(row.get("scheme", ""))
        title = "\n".join(
            [
                str(row.get("name", row.get("site_id", ""))),
                f"{pick('Esquema', 'Scheme', lang)}: {scheme}",
                f"{pick('Centros', 'Centres', lang)}: {fmt_int(row.get('centres'))}",
                f"{pick('Lugares', 'Places', lang)}: {fmt_int(row.get('places'))}",
                f"{pick('Atendidos', 'Served', lang)}: {fmt_int(row.get('served'))}",
                f"{pick('Ocupación', 'Occupancy', lang)}: {fmt_pct(row.get('occupancy'), 0)}",
            ]
        )
        layers.sites.append(
            {
                "x": f"{a:.1f}",
                "y": f"{b:.1f}",
                "r": f"{rad:g}",
                "colour": scheme_colour(scheme, schemes),
                "title": title,
            }
        )
    return layers
