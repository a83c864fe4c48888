"""The plan as one self-contained HTML file: figures, solver quality, an SVG map, charts, tables.

Nothing is fetched from the web: CSS, SVG and the few lines of JavaScript are all inline.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import numpy as np
import pandas as pd

from redceci.planning.parameters import assumptions_table
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

#: At most this many care-desert units (those with most children) are drawn.
MAX_DESERT_POINTS = 8000
#: At most this many existing providers (those with most places) are drawn.
MAX_SUPPLY_POINTS = 15000
#: Rows of the sites table.
TOP_SITES = 50

SCHEME_COLOURS = {"CECI IMSS": "#0072b2", "CECI Empresa": "#e69f00"}
_EXTRA_COLOURS = ("#009e73", "#cc79a7", "#56b4e9", "#f0e442", "#000000")
DESERT_COLOUR = "#d55e00"
SUPPLY_COLOUR = "#555555"
POLO_COLOUR = "#222222"
BEFORE_COLOUR = "#9e9e9e"
AFTER_COLOUR = "#0072b2"
# Mexico's extent, used when neither boundaries nor points give one.
_MEXICO_BOX = (-118.5, 14.3, -86.5, 32.8)

STATUS_LABELS = {
    "optimal": ("óptimo", "optimal"),
    "feasible": ("factible", "feasible"),
    "time_limit": ("límite de tiempo", "time limit"),
}

KIND_LABELS = {
    "locality": "localidad / locality",
    "industrial_park": "parque industrial / industrial park",
    "polo": "polo",
    "user": "usuario / user",
}


# --------------------------------------------------------------------------------------------
# Number formatting


def _finite(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if not math.isnan(x) else None


def fmt_int(value: Any) -> str:
    """``1,234`` (rounded); ``∞`` for infinity, ``—`` for missing."""
    x = _finite(value)
    if x is None:
        return "—"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    return f"{x:,.0f}"


def fmt_num(value: Any, digits: int = 1) -> str:
    """``1,234.5``; ``∞`` for infinity, ``—`` for missing."""
    x = _finite(value)
    if x is None:
        return "—"
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    return f"{x:,.{digits}f}"


def fmt_pct(value: Any, digits: int = 1) -> str:
    """A share (0-1) as ``12.3 %``."""
    x = _finite(value)
    if x is None or math.isinf(x):
        return "—"
    return f"{100 * x:,.{digits}f} %"


def fmt_mdp(value: Any, digits: int = 1) -> str:
    """Pesos as millions of pesos (MDP): ``1,234.5``."""
    x = _finite(value)
    if x is None or math.isinf(x):
        return "—"
    return f"{x / 1e6:,.{digits}f}"


# --------------------------------------------------------------------------------------------
# Map


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
) -> MapLayers:
    """Project boundaries and points, cap the number of points, size and colour the marks."""
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
                "title": f"{label}: {fmt_int(children)} niños / children, "
                f"{fmt_int(unmet)} sin lugar / unmet",
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
                f"Esquema / scheme: {scheme}",
                f"Centros / centres: {fmt_int(row.get('centres'))}",
                f"Lugares / places: {fmt_int(row.get('places'))}",
                f"Atendidos / served: {fmt_int(row.get('served'))}",
                f"Ocupación / occupancy: {fmt_pct(row.get('occupancy'), 0)}",
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


# --------------------------------------------------------------------------------------------
# Charts


@dataclass
class BarChart:
    """A horizontal bar chart (one or more series per row) laid out for SVG."""

    title_es: str
    title_en: str
    width: float
    height: float
    label_width: float
    series: list[dict[str, str]]
    rows: list[dict[str, Any]]
    ticks: list[dict[str, Any]]


def bar_chart(
    title_es: str,
    title_en: str,
    labels: Sequence[str],
    values: Sequence[Sequence[float]],
    series: Sequence[tuple[str, str]],
    *,
    fmt: Callable[[Any], str] = fmt_int,
    colours: Sequence[str] | None = None,
    bar_height: float = 11.0,
) -> BarChart:
    """Lay out bars: ``values[i][j]`` is row ``i`` of series ``j`` (series = (name, colour)).

    ``colours`` (one per row) overrides the series colour for single-series charts.
    """
    width, label_width, value_width = 640.0, 170.0, 70.0
    plot = width - label_width - value_width
    clean = [[max(_finite(v) or 0.0, 0.0) for v in row] for row in values]
    clean = [[0.0 if math.isinf(v) else v for v in row] for row in clean]
    top = max((v for row in clean for v in row), default=0.0)
    scale = plot / top if top > 0 else 0.0
    n_series = max(len(series), 1)
    gap = 5.0
    row_h = n_series * bar_height + gap
    y0 = 18.0
    rows = []
    for i, (label, row) in enumerate(zip(labels, clean, strict=True)):
        y = y0 + i * row_h
        bars = []
        for j, v in enumerate(row):
            colour = colours[i] if colours is not None else series[j][1]
            bars.append(
                {
                    "x": label_width,
                    "y": round(y + j * bar_height, 1),
                    "w": round(v * scale, 1),
                    "h": bar_height - 1,
                    "colour": colour,
                    "value": fmt(v),
                    "tx": round(label_width + v * scale + 3, 1),
                    "ty": round(y + j * bar_height + bar_height - 2.5, 1),
                    "title": f"{label} · {series[j][0]}: {fmt(v)}",
                }
            )
        rows.append({"label": label, "ly": round(y + n_series * bar_height / 2 + 3.5, 1)})
        rows[-1]["bars"] = bars
    height = y0 + len(rows) * row_h + 6
    ticks = []
    if top > 0:
        step = _nice_step(top / 4)
        t = 0.0
        while t <= top * 1.0001:
            ticks.append({"x": round(label_width + t * scale, 1), "label": fmt(t)})
            t += step
    return BarChart(
        title_es,
        title_en,
        width,
        round(height, 1),
        label_width,
        [{"name": n, "colour": c} for n, c in series],
        rows,
        ticks,
    )


def _nice_step(raw: float) -> float:
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw:
            return m * mag
    return 10 * mag


def _state_label(index: Any, name: Any) -> str:
    return str(name) if isinstance(name, str) and name else str(index)


def charts(plan: Plan) -> list[BarChart]:
    """New places by state, places per 100 children before/after by state, places by scheme."""
    bs = plan.by_state
    names = bs["name"] if "name" in bs else pd.Series(bs.index.astype(str), index=bs.index)
    out = []
    if "new_places" in bs:
        order = bs.sort_values("new_places", ascending=False)
        out.append(
            bar_chart(
                "Lugares nuevos por estado",
                "New places by state",
                [_state_label(i, names.get(i)) for i in order.index],
                [[v] for v in order["new_places"]],
                [("Lugares nuevos / new places", AFTER_COLOUR)],
            )
        )
    if {"places_per_100_before", "places_per_100_after"} <= set(bs.columns):
        order = bs.sort_values("places_per_100_after", ascending=False)
        out.append(
            bar_chart(
                "Lugares por 100 niños, antes y después",
                "Places per 100 children, before and after",
                [_state_label(i, names.get(i)) for i in order.index],
                order[["places_per_100_before", "places_per_100_after"]].to_numpy().tolist(),
                [("Antes / before", BEFORE_COLOUR), ("Después / after", AFTER_COLOUR)],
                fmt=fmt_num,
                bar_height=8.0,
            )
        )
    sch = plan.by_scheme
    if "places" in sch and len(sch):
        schemes = [str(s) for s in sch.index]
        ordered = sorted(schemes)
        out.append(
            bar_chart(
                "Lugares por esquema",
                "Places by scheme",
                schemes,
                [[v] for v in sch["places"]],
                [("Lugares / places", AFTER_COLOUR)],
                colours=[scheme_colour(s, ordered) for s in schemes],
                bar_height=18.0,
            )
        )
    return out


# --------------------------------------------------------------------------------------------
# Figures, goals and solver quality


def _total(frame: pd.DataFrame, column: str) -> float:
    if column not in frame:
        return 0.0
    return float(pd.to_numeric(frame[column], errors="coerce").fillna(0.0).sum())


def headline(plan: Plan) -> dict[str, Any]:
    """Totals of the plan and progress towards the centres and places goals."""
    sp = plan.params.siting
    sites, bs = plan.sites, plan.by_state
    centres = _total(sites, "centres")
    places = _total(sites, "places")
    figures: dict[str, Any] = {
        "centres": fmt_int(centres),
        "places": fmt_int(places),
        "cost_mdp": fmt_mdp(_total(sites, "cost_mxn"), 0),
        "served": fmt_int(_total(sites, "served")),
        "sites": fmt_int(len(sites)),
        "mothers": {
            s: fmt_int(_total(bs, f"mothers_enabled_{s}")) for s in ("low", "central", "high")
        },
    }
    goals = []
    for key, done, goal, es, en in (
        ("centres", centres, sp.max_centres, "Centros", "Centres"),
        ("places", places, sp.max_places, "Lugares", "Places"),
    ):
        share = done / goal if goal else None
        goals.append(
            {
                "key": key,
                "es": es,
                "en": en,
                "done": fmt_int(done),
                "goal": fmt_int(goal) if goal is not None else "—",
                "share": fmt_pct(share, 1) if share is not None else "—",
                "bar": round(min(share, 1.0) * 100, 1) if share is not None else 0.0,
            }
        )
    figures["goals"] = goals
    figures["notes"] = goal_notes(plan)
    return figures


def goal_notes(plan: Plan) -> list[dict[str, str]]:
    """Plain statements (es, en) of why a goal is or is not reached."""
    sp = plan.params.siting
    centres = _total(plan.sites, "centres")
    places = _total(plan.sites, "places")
    cost = _total(plan.sites, "cost_mxn")
    unmet_before = _total(plan.units, "unmet")
    unmet_after = _total(plan.units, "unmet_after")
    biggest = max(sp.sizes)
    notes: list[dict[str, str]] = []
    menu_short = False
    if sp.max_places is not None and sp.max_centres is not None:
        ceiling = sp.max_centres * biggest
        if ceiling < sp.max_places:
            menu_short = True
            notes.append(
                {
                    "es": f"La meta de {sp.max_places:,} lugares no se puede alcanzar con el menú "
                    f"de tamaños: {sp.max_centres:,} centros × {biggest:,} lugares como máximo = "
                    f"{ceiling:,} < {sp.max_places:,}.",
                    "en": f"The goal of {sp.max_places:,} places cannot be reached with the size "
                    f"menu: {sp.max_centres:,} centres × at most {biggest:,} places = "
                    f"{ceiling:,} < {sp.max_places:,}.",
                }
            )
    if sp.max_places is not None and unmet_before < sp.max_places:
        notes.append(
            {
                "es": f"La demanda sin lugar es de {unmet_before:,.0f} niños elegibles en total, "
                f"menos que la meta de {sp.max_places:,} lugares: no hay demanda para llenarlos.",
                "en": f"Unmet demand totals {unmet_before:,.0f} eligible children, less than the "
                f"goal of {sp.max_places:,} places: there is no demand to fill them.",
            }
        )
    centres_short = sp.max_centres is not None and centres < sp.max_centres
    places_short = sp.max_places is not None and places < sp.max_places
    if sp.max_centres is None and sp.max_places is None:
        return notes
    if not centres_short and not places_short:
        notes.append({"es": "Metas alcanzadas.", "en": "Goals reached."})
    elif not places_short:
        notes.append(
            {
                "es": f"La meta de lugares se alcanza con {centres:,.0f} centros.",
                "en": f"The places goal is reached with {centres:,.0f} centres.",
            }
        )
    elif centres_short or sp.max_centres is None:
        notes.append(_shortfall_note(plan, cost, unmet_after))
    elif not menu_short:
        notes.append(
            {
                "es": f"Se usaron los {centres:,.0f} centros permitidos; con ellos caben "
                f"{places:,.0f} lugares.",
                "en": f"All {centres:,.0f} centres allowed are used; they hold {places:,.0f} places.",
            }
        )
    return notes


def _shortfall_note(plan: Plan, cost: float, unmet_after: float) -> dict[str, str]:
    """Why fewer centres were opened than allowed: budget, time limit or demand running out."""
    sp = plan.params.siting
    if sp.budget_mxn is not None and cost + min(sp.costs_mxn) > sp.budget_mxn:
        return {
            "es": f"El presupuesto de {fmt_mdp(sp.budget_mxn, 0)} MDP se agotó "
            f"({fmt_mdp(cost, 0)} MDP usados).",
            "en": f"The budget of {fmt_mdp(sp.budget_mxn, 0)} MDP is spent "
            f"({fmt_mdp(cost, 0)} MDP used).",
        }
    if str(getattr(plan.result, "status", "")) == "time_limit":
        return {
            "es": f"El cálculo se detuvo por el límite de tiempo antes de las metas; quedan "
            f"{unmet_after:,.0f} niños elegibles sin lugar.",
            "en": f"The computation stopped at its time limit short of the goals; "
            f"{unmet_after:,.0f} eligible children remain without a place.",
        }
    occ = fmt_pct(sp.min_occupancy, 0)
    return {
        "es": f"La demanda sin lugar se agota: quedan {unmet_after:,.0f} niños elegibles sin "
        f"lugar, dispersos o lejos de los sitios candidatos, y otro centro no llenaría el "
        f"mínimo de {occ} de sus lugares.",
        "en": f"Unmet demand runs out: {unmet_after:,.0f} eligible children remain without a "
        f"place, scattered or far from candidate sites, and another centre would not fill the "
        f"minimum {occ} of its places.",
    }


def solver_summary(result: Any) -> dict[str, str]:
    """Method, status, objective, certified bound, gap (%) and time of the siting solution."""
    status = str(getattr(result, "status", ""))
    es, en = STATUS_LABELS.get(status, (status, status))
    gap = _finite(getattr(result, "gap", None))
    if status == "optimal":
        note_es = "Solución demostrada óptima: brecha nula o dentro de la tolerancia del solver."
        note_en = "Solution proved optimal: zero gap, or within the solver's tolerance."
    elif status == "time_limit":
        note_es = (
            "Se alcanzó el límite de tiempo; la solución queda dentro de la brecha indicada "
            "respecto de la cota superior certificada."
        )
        note_en = (
            "The time limit was reached; the solution is within the stated gap of the "
            "certified upper bound."
        )
    else:
        note_es = "Solución factible; la cota superior certificada acota cuánto mejor podría ser."
        note_en = (
            "Feasible solution; the certified upper bound limits how much better one could be."
        )
    return {
        "method": str(getattr(result, "method", "")),
        "status_es": es,
        "status_en": en,
        "objective": fmt_num(getattr(result, "objective", None), 1),
        "bound": fmt_num(getattr(result, "bound", None), 1),
        "gap": fmt_pct(gap, 2) if gap is not None else "—",
        "seconds": fmt_num(getattr(result, "seconds", None), 1),
        "note_es": note_es,
        "note_en": note_en,
    }


# --------------------------------------------------------------------------------------------
# Tables

#: by_state columns: (column, Spanish, English, formatter).
STATE_COLUMNS: tuple[tuple[str, str, str, Callable[[Any], str]], ...] = (
    ("POBTOT", "Población", "Population", fmt_int),
    ("children", "Niños en edad", "Age-eligible children", fmt_int),
    ("need", "Necesidad", "Need", fmt_int),
    ("eligible", "Elegibles IMSS", "IMSS-eligible", fmt_int),
    ("unmet", "Sin lugar", "Unmet", fmt_int),
    ("desert_children", "Niños en desiertos", "Children in deserts", fmt_int),
    ("desert_share", "% en desiertos", "Desert share", fmt_pct),
    ("units", "Unidades", "Units", fmt_int),
    ("places", "Lugares existentes", "Existing places", fmt_int),
    ("children_per_place", "Niños por lugar", "Children per place", fmt_num),
    ("places_per_100", "Lugares por 100 niños", "Places per 100 children", fmt_num),
    ("centres", "Centros nuevos", "New centres", fmt_int),
    ("new_places", "Lugares nuevos", "New places", fmt_int),
    ("new_served", "Atendidos nuevos", "Newly served", fmt_int),
    ("unmet_after", "Sin lugar después", "Unmet after", fmt_int),
    ("places_per_100_before", "Lugares/100 antes", "Places/100 before", fmt_num),
    ("places_per_100_after", "Lugares/100 después", "Places/100 after", fmt_num),
    ("mothers_enabled_low", "Madres (bajo)", "Mothers (low)", fmt_int),
    ("mothers_enabled_central", "Madres (central)", "Mothers (central)", fmt_int),
    ("mothers_enabled_high", "Madres (alto)", "Mothers (high)", fmt_int),
)
_ADDITIVE = {
    "POBTOT",
    "children",
    "need",
    "eligible",
    "unmet",
    "desert_children",
    "units",
    "places",
    "centres",
    "new_places",
    "new_served",
    "unmet_after",
    "mothers_enabled_low",
    "mothers_enabled_central",
    "mothers_enabled_high",
}


@dataclass
class Table:
    """Header cells (es, en) and rows of formatted cells; ``numeric`` marks right-aligned columns."""

    header: list[dict[str, str]]
    rows: list[list[str]]
    numeric: list[bool]
    footer: list[str] | None = None


def state_table(by_state: pd.DataFrame) -> Table:
    """The by-state needs and impact, with a national total row for additive columns."""
    cols = [c for c in STATE_COLUMNS if c[0] in by_state.columns]
    header = [{"es": "Clave", "en": "Code"}, {"es": "Estado", "en": "State"}]
    header += [{"es": es, "en": en} for _, es, en, _ in cols]
    rows = []
    for code, row in by_state.sort_index().iterrows():
        name = row.get("name")
        cells = [str(code), str(name) if isinstance(name, str) else ""]
        cells += [fmt(row[c]) for c, _, _, fmt in cols]
        rows.append(cells)
    footer = ["", "Total"]
    for c, _, _, fmt in cols:
        if c in _ADDITIVE:
            footer.append(fmt(_total(by_state, c)))
        elif c in {"places_per_100", "places_per_100_before"}:
            kids = _total(by_state, "children")
            footer.append(fmt_num(100 * _total(by_state, "places") / kids) if kids else "—")
        elif c == "places_per_100_after" and "new_places" in by_state:
            kids = _total(by_state, "children")
            after = _total(by_state, "places") + _total(by_state, "new_places")
            footer.append(fmt_num(100 * after / kids) if kids else "—")
        elif c == "children_per_place":
            total_places = _total(by_state, "places")
            ratio = _total(by_state, "children") / total_places if total_places else math.inf
            footer.append(fmt(ratio))
        elif c == "desert_share":
            kids = _total(by_state, "children")
            footer.append(fmt_pct(_total(by_state, "desert_children") / kids) if kids else "—")
        else:
            footer.append("")
    return Table(header, rows, [False, False] + [True] * len(cols), footer)


def _size_mix(row: pd.Series, sizes: Sequence[int]) -> str:
    parts = []
    for s in sorted(sizes, reverse=True):
        n = _finite(row.get(f"centres_{s}"))
        if n:
            parts.append(f"{n:.0f}×{s}")
    return " + ".join(parts)


def sites_table(plan: Plan, state_names: dict[str, str], top: int = TOP_SITES) -> Table:
    """The ``top`` sites by children served."""
    sizes = tuple(plan.params.siting.sizes)
    sites = plan.sites.sort_values(["served", "places"], ascending=False).head(top)
    header = [
        ("#", "#"),
        ("Sitio", "Site"),
        ("Tipo", "Kind"),
        ("Esquema", "Scheme"),
        ("Estado", "State"),
        ("Municipio", "Municipality"),
        ("Centros", "Centres"),
        ("Tamaños", "Sizes"),
        ("Lugares", "Places"),
        ("Atendidos", "Served"),
        ("Ocupación", "Occupancy"),
        ("Costo MDP", "Cost MDP"),
        ("Madres", "Mothers"),
    ]
    rows = []
    for n, (_, row) in enumerate(sites.iterrows(), start=1):
        state = str(row.get("CVE_ENT", ""))
        kind = str(row.get("kind", ""))
        name = row.get("name")
        label = (str(name) if isinstance(name, str) else str(row.get("site_id", ""))) + (
            " ★" if bool(row.get("must_keep", False)) else ""
        )
        rows.append(
            [
                str(n),
                label,
                KIND_LABELS.get(kind, kind),
                str(row.get("scheme", "")),
                state_names.get(state, state),
                str(row.get("MUN_CVEGEO", "")),
                fmt_int(row.get("centres")),
                _size_mix(row, sizes),
                fmt_int(row.get("places")),
                fmt_int(row.get("served")),
                fmt_pct(row.get("occupancy"), 0),
                fmt_mdp(row.get("cost_mxn")),
                fmt_int(row.get("mothers_enabled")),
            ]
        )
    numeric = [True, False, False, False, False, False, True, False, True, True, True, True, True]
    return Table([{"es": es, "en": en} for es, en in header], rows, numeric)


def scheme_table(by_scheme: pd.DataFrame) -> Table:
    """Sites, centres, places, served, cost and mothers enabled by scheme."""
    cols: tuple[tuple[str, str, str, Callable[[Any], str]], ...] = (
        ("sites", "Sitios", "Sites", fmt_int),
        ("centres", "Centros", "Centres", fmt_int),
        ("places", "Lugares", "Places", fmt_int),
        ("served", "Atendidos", "Served", fmt_int),
        ("cost_mxn", "Costo MDP", "Cost MDP", fmt_mdp),
        ("mothers_enabled", "Madres", "Mothers", fmt_int),
    )
    present = [c for c in cols if c[0] in by_scheme.columns]
    header = [{"es": "Esquema", "en": "Scheme"}] + [
        {"es": es, "en": en} for _, es, en, _ in present
    ]
    rows = [
        [str(scheme)] + [fmt(row[c]) for c, _, _, fmt in present]
        for scheme, row in by_scheme.iterrows()
    ]
    return Table(header, rows, [False] + [True] * len(present))


# --------------------------------------------------------------------------------------------
# Rendering


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def report_context(
    plan: Plan,
    *,
    boundaries: dict[str, Any],
    supply: pd.DataFrame | None = None,
    polos: pd.DataFrame | None = None,
    title: str = "Plan nacional de CECI",
) -> dict[str, Any]:
    """Everything the template shows, computed and formatted."""
    bs = plan.by_state
    state_names = (
        {str(k): str(v) for k, v in bs["name"].items() if isinstance(v, str)}
        if "name" in bs
        else {}
    )
    sp = plan.params.siting
    return {
        "title": title,
        "figures": headline(plan),
        "solver": solver_summary(plan.result),
        "map": map_layers(plan, boundaries, supply, polos),
        "colours": {"desert": DESERT_COLOUR, "supply": SUPPLY_COLOUR, "polo": POLO_COLOUR},
        "charts": charts(plan),
        "states": state_table(bs),
        "schemes": scheme_table(plan.by_scheme),
        "sites": sites_table(plan, state_names),
        "n_sites": len(plan.sites),
        "top_sites": min(TOP_SITES, len(plan.sites)),
        "assumptions": assumptions_table(plan.params),
        "sizes": ", ".join(f"{s:,}" for s in sp.sizes),
        "costs": ", ".join(fmt_mdp(c) for c in sp.costs_mxn),
        "catchment": fmt_num(plan.params.travel.catchment_minutes, 0),
    }


def render_report(
    plan: Plan,
    *,
    boundaries: dict[str, Any],
    supply: pd.DataFrame | None = None,
    polos: pd.DataFrame | None = None,
    title: str = "Plan nacional de CECI",
) -> str:
    """The report as an HTML string."""
    context = report_context(plan, boundaries=boundaries, supply=supply, polos=polos, title=title)
    return _environment().get_template("report.html.j2").render(**context)


def write_report(
    path: Path,
    plan: Plan,
    *,
    boundaries: dict[str, Any],
    supply: pd.DataFrame | None = None,
    polos: pd.DataFrame | None = None,
    title: str = "Plan nacional de CECI",
) -> Path:
    """Write the self-contained HTML report of ``plan`` to ``path``; returns ``path``."""
    path = Path(path)
    html = render_report(plan, boundaries=boundaries, supply=supply, polos=polos, title=title)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
