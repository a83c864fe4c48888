"""The programme's part of the report: headline figures, the yearly chart and cost curve (SVG
columns), and the tables by year, by state and year, of staff and hiring, and of robust sites.

Every label is a pair (Spanish, English); the template shows the report's language."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from redceci.planning.staffing import ROLES, centre_staff
from redceci.report.formats import MDP, Millions, fmt_int, fmt_mdp, fmt_num, fmt_pct, pick
from redceci.report.planning.tables import Table

if TYPE_CHECKING:
    from redceci.planning.programme import Programme

CENTRES_COLOUR = "#0072b2"
PLACES_COLOUR = "#56b4e9"
CAPITAL_COLOUR = "#e69f00"
OPERATING_COLOUR = "#009e73"
GOAL_COLOUR = "#d55e00"

#: Role names (es, en).
ROLE_LABELS = {
    "educator": ("Educadoras", "Educators"),
    "assistant": ("Asistentes", "Assistants"),
    "director": ("Dirección", "Director"),
    "nutritionist": ("Nutrición", "Nutritionist"),
    "nurse_doctor": ("Enfermería/medicina", "Nurse/doctor"),
    "cook": ("Cocina", "Cook"),
    "cleaning": ("Limpieza", "Cleaning"),
    "security": ("Seguridad", "Security"),
}
LAND_LABELS = {
    "plot": ("predio registrado", "registered plot"),
    "registered": ("centro registrado", "registered centre"),
    "land_needed": ("falta terreno", "land needed"),
}
SCENARIO_LABELS = {
    "low": ("bajo (demanda y respuesta bajas)", "low (low take-up and response)"),
    "high": ("alto (demanda y respuesta altas)", "high (high take-up and response)"),
    "demand_2030": ("demanda de 2030 (menos nacimientos)", "demand of 2030 (fewer births)"),
}


def _h(pairs: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"es": es, "en": en} for es, en in pairs]


@dataclass
class ColumnChart:
    """Vertical columns per year (stacked series), with an optional goal line, laid out for SVG."""

    title: dict[str, str]
    width: float
    height: float
    series: list[dict[str, Any]]
    columns: list[dict[str, Any]]
    ticks: list[dict[str, Any]]
    goal: dict[str, Any] | None


def column_chart(
    title: tuple[str, str],
    years: Sequence[int],
    stacks: Sequence[tuple[tuple[str, str], str, Sequence[float]]],
    *,
    fmt: Callable[[Any], str] = fmt_int,
    goal: tuple[tuple[str, str], float] | None = None,
) -> ColumnChart:
    """Columns per year, each stacking ``stacks`` (label (es, en), colour, values per year)."""
    width, height, left, bottom, top_pad = 640.0, 260.0, 70.0, 24.0, 16.0
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    totals = [sum(max(0.0, float(s[2][i])) for s in stacks) for i in range(len(years))]
    top = max([*totals, goal[1] if goal else 0.0, 0.0])
    scale = plot_h / top if top > 0 else 0.0
    slot = plot_w / max(len(years), 1)
    bar = slot * 0.6
    columns = []
    for i, year in enumerate(years):
        x = left + i * slot + (slot - bar) / 2
        y = top_pad + plot_h
        parts = []
        for label, colour, values in stacks:
            v = max(0.0, float(values[i]))
            h = v * scale
            y -= h
            parts.append(
                {
                    "x": round(x, 1),
                    "y": round(y, 1),
                    "w": round(bar, 1),
                    "h": round(h, 1),
                    "colour": colour,
                    "title": {
                        "es": f"{year} · {label[0]}: {fmt(v)}",
                        "en": f"{year} · {label[1]}: {fmt(v)}",
                    },
                }
            )
        columns.append(
            {
                "year": year,
                "x": round(x + bar / 2, 1),
                "label_y": round(top_pad + plot_h + 15, 1),
                "total": fmt(totals[i]),
                "total_y": round(y - 3, 1),
                "parts": parts,
            }
        )
    ticks = []
    if top > 0:
        step = _nice(top / 4)
        t = 0.0
        while t <= top * 1.0001:
            ticks.append({"y": round(top_pad + plot_h - t * scale, 1), "label": fmt(t)})
            t += step
    line = None
    if goal is not None and goal[1] > 0:
        gy = round(top_pad + plot_h - goal[1] * scale, 1)
        line = {
            "y": gy,
            "x1": left,
            "x2": width - 10,
            "label": {"es": goal[0][0], "en": goal[0][1]},
        }
    return ColumnChart(
        {"es": title[0], "en": title[1]},
        width,
        height,
        [{"es": s[0][0], "en": s[0][1], "colour": s[1]} for s in stacks],
        columns,
        ticks,
        line,
    )


def _nice(raw: float) -> float:
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    return next((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), 10 * mag)


def programme_charts(prog: Programme, millions: Millions = MDP) -> list[ColumnChart]:
    """Centres open by year against the goal; places open by year; yearly spending (capital +
    running cost)."""
    by = prog.by_year
    years = [int(y) for y in by.index]
    pp = prog.params.programme
    return [
        column_chart(
            ("Centros abiertos al cierre de cada año", "Centres open at each year's end"),
            years,
            [(("Centros", "Centres"), CENTRES_COLOUR, by["centres_open"].tolist())],
            goal=((f"Meta {pp.goal_centres:,}", f"Goal {pp.goal_centres:,}"), pp.goal_centres),
        ),
        column_chart(
            ("Lugares y niños atendidos por año", "Places and children served by year"),
            years,
            [(("Niños atendidos", "Children served"), PLACES_COLOUR, by["served"].tolist())],
            goal=None,
        ),
        column_chart(
            (
                f"Gasto anual ({millions[0]}): construcción y operación",
                f"Yearly spending ({millions[1]}): building and running",
            ),
            years,
            [
                (("Construcción", "Capital"), CAPITAL_COLOUR, (by["capital"] / 1e6).tolist()),
                (("Operación", "Running"), OPERATING_COLOUR, (by["operating"] / 1e6).tolist()),
            ],
            fmt=fmt_int,
        ),
    ]


def year_table(prog: Programme, millions: Millions = MDP) -> Table:
    """One row per year: centres, places, served, women enabled, spending, goal shares, bound."""
    by = prog.by_year
    cols: tuple[tuple[str, str, str, Callable[[Any], str]], ...] = (
        ("centres_opened", "Centros que abren", "Centres opening", fmt_int),
        ("centres_open", "Centros abiertos", "Centres open", fmt_int),
        ("places_open", "Lugares", "Places", fmt_int),
        ("served", "Niños atendidos", "Children served", fmt_int),
        ("mothers_enabled_low", "Mujeres (bajo)", "Women (low)", fmt_int),
        ("mothers_enabled_central", "Mujeres (central)", "Women (central)", fmt_int),
        ("mothers_enabled_high", "Mujeres (alto)", "Women (high)", fmt_int),
        ("capital", f"Construcción {millions[0]}", f"Capital {millions[1]}", fmt_mdp),
        ("operating", f"Operación {millions[0]}", f"Running {millions[1]}", fmt_mdp),
        (
            "spending",
            f"Gasto total {millions[0]}",
            f"Total spending {millions[1]}",
            fmt_mdp,
        ),
        ("goal_centres_share", "% meta centros", "% centres goal", fmt_pct),
        ("goal_places_share", "% meta lugares", "% places goal", fmt_pct),
        ("mothers_objective", "Objetivo", "Objective", fmt_num),
        ("bound", "Cota", "Bound", fmt_num),
    )
    header = _h([("Año", "Year"), *((es, en) for _, es, en, _ in cols)])
    rows = [[str(year)] + [f(row[c]) for c, _, _, f in cols] for year, row in by.iterrows()]
    footer = ["Σ"] + [
        f(by[c].sum())
        if c
        in {
            "centres_opened",
            "capital",
            "operating",
            "spending",
            "mothers_objective",
            "bound",
        }
        else ""
        for c, _, _, f in cols
    ]
    return Table(header, rows, [False] + [True] * len(cols), footer)


def state_year_table(prog: Programme, millions: Millions = MDP) -> Table:
    """One row per state: centres opening each year, then places, served, women (central),
    capital and running cost by the last year."""
    t = prog.by_state_year
    years = sorted({int(y) for y in t.index.get_level_values("year")})
    last = years[-1] if years else None
    header = _h([("Clave", "Code"), ("Estado", "State")])
    header += _h([(f"Abren {y}", f"Open {y}") for y in years])
    header += _h(
        [
            (f"Lugares {last}", f"Places {last}"),
            (f"Atendidos {last}", f"Served {last}"),
            (f"Mujeres {last} (central)", f"Women {last} (central)"),
            (f"Construcción {millions[0]}", f"Capital {millions[1]}"),
            (f"Operación {last} {millions[0]}", f"Running {last} {millions[1]}"),
        ]
    )
    rows = []
    for state, sub in t.groupby(level="CVE_ENT"):
        sub = sub.droplevel(0)
        name = sub["name"].iloc[0] if "name" in sub else ""
        if last is None or sub["centres_open"].max() == 0:
            continue
        rows.append(
            [str(state), str(name) if isinstance(name, str) else ""]
            + [fmt_int(sub.loc[y, "centres_opened"]) for y in years]
            + [
                fmt_int(sub.loc[last, "places_open"]),
                fmt_int(sub.loc[last, "served"]),
                fmt_int(sub.loc[last, "mothers_enabled_central"]),
                fmt_mdp(sub["capital"].sum()),
                fmt_mdp(sub.loc[last, "operating"]),
            ]
        )
    return Table(header, rows, [False, False] + [True] * (len(years) + 5))


def staffing_table(prog: Programme, lang: str = "es", millions: Millions = MDP) -> Table:
    """Staff of one centre of each size (people hired per role) and its yearly running cost."""
    params = prog.params
    sizes = sorted(params.siting.sizes)
    header = _h([("Puesto", "Role"), *((f"{s} lugares", f"{s} places") for s in sizes)])
    staffs = [centre_staff(s, params.staffing, rooms=prog.rooms, ratios=prog.ratios) for s in sizes]
    rows = [
        [pick(*ROLE_LABELS[r], lang)] + [fmt_int(st.hired.get(r, 0)) for st in staffs]
        for r in ROLES
    ]
    rows.append(["Total"] + [fmt_int(st.total_hired) for st in staffs])
    groups = " + ".join(prog.rooms.names)
    rows.append(
        [pick(f"Salas ({groups})", f"Rooms ({groups})", lang)]
        + ["+".join(str(v) for v in st.salas.values()) for st in staffs]
    )
    rows.append(
        [pick(f"Nómina anual {millions[0]}", f"Yearly payroll {millions[1]}", lang)]
        + [fmt_mdp(st.staff_cost) for st in staffs]
    )
    rows.append(
        [pick(f"Operación anual {millions[0]}", f"Yearly running cost {millions[1]}", lang)]
        + [fmt_mdp(st.annual_cost) for st in staffs]
    )
    return Table(header, rows, [False] + [True] * len(sizes))


def hiring_table_view(prog: Programme) -> Table:
    """People to hire per year, by role (the staff of the centres opening)."""
    by_year = prog.hiring.groupby(level="year").sum()
    header = _h([("Año", "Year"), *(ROLE_LABELS[r] for r in ROLES), ("Total", "Total")])
    rows = [
        [str(y)] + [fmt_int(row[r]) for r in ROLES] + [fmt_int(row["staff_total"])]
        for y, row in by_year.iterrows()
    ]
    return Table(header, rows, [False] + [True] * (len(ROLES) + 1))


def hiring_by_state_view(prog: Programme) -> Table:
    """People to hire per state and year (all roles)."""
    h = prog.hiring["staff_total"].unstack("year", fill_value=0)
    years = [int(y) for y in h.columns]
    names = prog.plan.by_state["name"] if "name" in prog.plan.by_state else pd.Series(dtype=str)
    header = _h(
        [
            ("Clave", "Code"),
            ("Estado", "State"),
            *((str(y), str(y)) for y in years),
            ("Total", "Total"),
        ]
    )
    rows = [
        [str(s), str(names.get(s, ""))]
        + [fmt_int(row[y]) for y in h.columns]
        + [fmt_int(row.sum())]
        for s, row in h.iterrows()
    ]
    return Table(header, rows, [False, False] + [True] * (len(years) + 1))


def sensitivity_view(
    prog: Programme, top: int = 30, lang: str = "es"
) -> tuple[Table | None, Table | None]:
    """Per scenario, how many of the plan's sites stay chosen; and the sites, robust first."""
    if prog.scenarios is None or prog.robustness is None:
        return None, None
    sc = prog.scenarios
    header = _h(
        [
            ("Escenario", "Scenario"),
            ("Sitios", "Sites"),
            ("Centros", "Centres"),
            ("Mismo sitio", "Same site"),
            ("Sitios del plan que se mantienen", "Plan sites kept"),
            ("%", "%"),
        ]
    )
    rows = [
        [
            pick(*SCENARIO_LABELS.get(str(r["scenario"]), (str(r["scenario"]),) * 2), lang),
            fmt_int(r["sites"]),
            fmt_int(r["centres"]),
            fmt_int(r["base_sites_same"]),
            fmt_int(r["base_sites_kept"]),
            fmt_pct(r["base_sites_kept_share"]),
        ]
        for _, r in sc.iterrows()
    ]
    summary = Table(header, rows, [False, True, True, True, True, True])
    rb = prog.robustness.head(top)
    names = list(sc["scenario"])
    header2 = _h(
        [("Sitio", "Site"), ("Estado", "State"), ("Centros", "Centres")]
        + [(f"Centros ({n})", f"Centres ({n})") for n in names]
        + [("Escenarios que lo eligen", "Scenarios choosing it")]
    )
    rows2 = [
        [str(r["name"]), str(r["CVE_ENT"]), fmt_int(r["centres"])]
        + [fmt_int(r[f"centres_{n}"]) for n in names]
        + [f"{int(r['scenarios_kept'])} / {len(names)}"]
        for _, r in rb.iterrows()
    ]
    return summary, Table(header2, rows2, [False, False, True] + [True] * len(names) + [True])


def land_summary(prog: Programme) -> list[dict[str, str]]:
    """How many centres have land, and how many are scheduled, by land status."""
    c = prog.centres
    out = []
    for key, (es, en) in LAND_LABELS.items():
        sub = c[c["land"] == key]
        if len(sub):
            out.append(
                {
                    "es": f"{es}: {len(sub):,} centros ({int(sub['year'].notna().sum()):,} programados)",
                    "en": f"{en}: {len(sub):,} centres ({int(sub['year'].notna().sum()):,} scheduled)",
                }
            )
    return out


def programme_context(
    prog: Programme, lang: str = "es", millions: Millions = MDP
) -> dict[str, Any]:
    """Everything the programme sections of the report show, cells in ``lang``, amounts in
    ``millions`` of the country's currency."""
    ph = prog.phasing
    summary, robust = sensitivity_view(prog, lang=lang)
    return {
        "gap": fmt_pct(ph.gap, 2),
        "value": fmt_num(ph.value, 0),
        "bound": fmt_num(ph.bound, 0),
        "seconds": fmt_num(ph.seconds, 1),
        "method": ph.method,
        "charts": programme_charts(prog, millions),
        "years": year_table(prog, millions),
        "states": state_year_table(prog, millions),
        "staffing": staffing_table(prog, lang, millions),
        "hiring": hiring_table_view(prog),
        "hiring_states": hiring_by_state_view(prog),
        "scenarios": summary,
        "robust": robust,
        "land": land_summary(prog),
        "unscheduled": int(prog.centres["year"].isna().sum()),
    }
