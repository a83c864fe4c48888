"""A scenario's result as map data (sent apart from the page, so a national plan's page stays
light): chosen sites, care deserts, unmet demand, existing supply, polos and industrial parks of
the planned states, as points in latitude and longitude for the page's map (``static/maps.js``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from redceci.report.formats import fmt_int, fmt_pct, pick
from redceci.report.planning.maps import scheme_colour
from redceci.report.svg import located, radius
from redceci.web.maps import boundaries

if TYPE_CHECKING:
    from redceci.workflow import World

#: Points sent at most per layer (the largest first): care deserts, localities with unmet
#: demand, existing providers and industrial parks. Sites are always sent whole.
MAX_DESERTS = 4000
MAX_DEMAND = 3000
MAX_SUPPLY = 15000
MAX_PARKS = 3000
#: Layers, in drawing order: id, how they are drawn, colour, shown at first.
LAYERS: tuple[tuple[str, str, str, bool], ...] = (
    ("demand", "dots", "#cc79a7", False),
    ("deserts", "dots", "#d55e00", True),
    ("supply", "dots", "#555555", True),
    ("parks", "dots", "#7b3294", False),
    ("polos", "dots", "#222222", True),
    ("sites", "cluster", "#0072b2", True),
)


def read_sites(out_dir: Path) -> pd.DataFrame:
    """A finished scenario's chosen sites (``plan.csv``)."""
    return pd.read_csv(
        out_dir / "plan.csv", dtype={"site_id": str, "CVE_ENT": str, "MUN_CVEGEO": str}
    )


def _in_states(frame: pd.DataFrame, states: list[str]) -> pd.DataFrame:
    if not states or "CVE_ENT" not in frame:
        return frame
    kept: pd.DataFrame = frame[frame["CVE_ENT"].astype(str).isin(states)]
    return kept


def _points(
    frame: pd.DataFrame,
    lat: str,
    lon: str,
    sizes: np.ndarray | None,
    titles: list[str] | None,
    colours: list[str] | None = None,
) -> list[list[Any]]:
    """``[lat, lon, size, title, colour]`` per row (latitude and longitude to 4 decimals:
    about 10 m)."""
    out = []
    lats = frame[lat].to_numpy(dtype=float)
    lons = frame[lon].to_numpy(dtype=float)
    for i in range(len(frame)):
        out.append(
            [
                round(float(lats[i]), 4),
                round(float(lons[i]), 4),
                float(sizes[i]) if sizes is not None else 3,
                titles[i] if titles is not None else "",
                colours[i] if colours is not None else "",
            ]
        )
    return out


@dataclass(frozen=True)
class Layer:
    """One overlay: its points and how many the plan has (more than sent when capped)."""

    id: str
    points: list[list[Any]]
    total: int


def _sites(sites: pd.DataFrame, lang: str) -> Layer:
    shown = located(sites, "lon", "lat").sort_values("places", ascending=False)
    schemes = sorted(str(s) for s in shown["scheme"].dropna().unique()) if len(shown) else []
    titles = [
        "\n".join(
            [
                str(row.get("name", row.get("site_id", ""))),
                f"{pick('Esquema', 'Scheme', lang)}: {row.get('scheme', '')}",
                f"{pick('Centros', 'Centres', lang)}: {fmt_int(row.get('centres'))}",
                f"{pick('Lugares', 'Places', lang)}: {fmt_int(row.get('places'))}",
                f"{pick('Atendidos', 'Served', lang)}: {fmt_int(row.get('served'))}",
                f"{pick('Ocupación', 'Occupancy', lang)}: {fmt_pct(row.get('occupancy'), 0)}",
            ]
        )
        for _, row in shown.iterrows()
    ]
    colours = [scheme_colour(str(s), schemes) for s in shown["scheme"].astype(str)]
    sizes = radius(shown["places"], 6.0, 14.0)
    return Layer("sites", _points(shown, "lat", "lon", sizes, titles, colours), len(shown))


def _units(units: pd.DataFrame, which: str, lang: str) -> Layer:
    if which == "deserts":
        chosen = (
            units[units["desert"].fillna(False).astype(bool)] if "desert" in units else units[:0]
        )
        key, cap, low, high = "children", MAX_DESERTS, 2.0, 7.0
    else:
        chosen = units[units["unmet"] > 0.5] if "unmet" in units else units[:0]
        key, cap, low, high = "unmet", MAX_DEMAND, 2.0, 8.0
    chosen = located(chosen, "LON", "LAT")
    top = chosen.sort_values(key, ascending=False).head(cap)
    names = top["NOM_LOC"].astype(object) if "NOM_LOC" in top else pd.Series([""] * len(top))
    unmet = top["unmet"] if "unmet" in top else top[key] * np.nan
    titles = []
    for name, children, missing in zip(
        names, top[key].to_numpy(dtype=float), unmet.to_numpy(dtype=float), strict=True
    ):
        label = name if isinstance(name, str) else ""
        if which == "deserts":
            titles.append(
                f"{label}: {fmt_int(children)} {pick('niños', 'children', lang)}, "
                f"{fmt_int(missing)} {pick('sin lugar', 'unmet', lang)}"
            )
        else:
            titles.append(f"{label}: {fmt_int(missing)} {pick('sin lugar', 'unmet', lang)}")
    sizes = radius(top[key], low, high)
    return Layer(which, _points(top, "LAT", "LON", sizes, titles), len(chosen))


def _supply(supply: pd.DataFrame) -> Layer:
    if supply.empty or not {"lat", "lon"} <= set(supply.columns):
        return Layer("supply", [], 0)
    shown = located(supply, "lon", "lat")
    total = len(shown)
    if "places" in shown:
        shown = shown.sort_values("places", ascending=False)
    shown = shown.head(MAX_SUPPLY)
    return Layer("supply", _points(shown, "lat", "lon", np.full(len(shown), 2.0), None), total)


def _polos(polos: pd.DataFrame) -> Layer:
    if polos.empty or not {"lat", "lon"} <= set(polos.columns):
        return Layer("polos", [], 0)
    shown = located(polos, "lon", "lat")
    name_col = "polo" if "polo" in shown else ("name" if "name" in shown else None)
    names = shown[name_col].astype(object) if name_col else pd.Series([""] * len(shown))
    programmes = (
        shown["programa"].astype(object) if "programa" in shown else pd.Series([""] * len(shown))
    )
    titles = [
        f"Polo {name}" + (f" ({programme})" if isinstance(programme, str) else "")
        for name, programme in zip(names, programmes, strict=True)
    ]
    return Layer(
        "polos", _points(shown, "lat", "lon", np.full(len(shown), 5.0), titles), len(shown)
    )


def _parks(candidates: pd.DataFrame, states: list[str]) -> Layer:
    parks = _in_states(candidates[candidates["kind"] == "industrial_park"], states)
    shown = located(parks, "lon", "lat").head(MAX_PARKS)
    titles = [str(n) for n in shown["name"]]
    return Layer(
        "parks", _points(shown, "lat", "lon", np.full(len(shown), 3.5), titles), len(parks)
    )


def _bounds(data: Path, states: list[str], sites: pd.DataFrame) -> list[list[float]] | None:
    """The planned states' box (the sites' for a national plan, the country without sites)."""
    if states:
        wanted = set(states)
        boxes = [
            f
            for f in boundaries(data, "estados")["features"]
            if str(f["properties"]["CVEGEO"]) in wanted
        ]
        coords = [
            point
            for f in boxes
            for polygon in (
                [f["geometry"]["coordinates"]]
                if f["geometry"]["type"] == "Polygon"
                else f["geometry"]["coordinates"]
            )
            for point in polygon[0]
        ]
        if coords:
            array = np.asarray(coords, dtype=float)[:, :2]
            return [
                [float(array[:, 1].min()), float(array[:, 0].min())],
                [float(array[:, 1].max()), float(array[:, 0].max())],
            ]
    shown = located(sites, "lon", "lat")
    if shown.empty:
        return None
    return [
        [float(shown["lat"].min()), float(shown["lon"].min())],
        [float(shown["lat"].max()), float(shown["lon"].max())],
    ]


def scenario_layers(
    data: Path, world: World, sites: pd.DataFrame, states: list[str], lang: str = "es"
) -> dict[str, Any]:
    """The map's overlays for the page's script: ``{"layers": [{id, kind, colour, on, points,
    total}], "bounds": [[lat, lon], [lat, lon]]}``, marks titled in ``lang``."""
    units = _in_states(world.units, states)
    built = {
        "sites": _sites(sites, lang),
        "deserts": _units(units, "deserts", lang),
        "demand": _units(units, "demand", lang),
        "supply": _supply(_in_states(world.supply, states)),
        "polos": _polos(_in_states(world.polos, states)),
        "parks": _parks(world.candidates, states),
    }
    return {
        "layers": [
            {
                "id": layer_id,
                "kind": kind,
                "colour": colour,
                "on": on,
                "points": built[layer_id].points,
                "total": built[layer_id].total,
            }
            for layer_id, kind, colour, on in LAYERS
        ],
        "bounds": _bounds(data, states, sites),
    }
