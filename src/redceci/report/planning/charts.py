"""The plan's bar charts (by state and by scheme, before and after), drawn as SVG."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from redceci.report.formats import finite, fmt_int, fmt_num, pick
from redceci.report.planning.maps import scheme_colour

if TYPE_CHECKING:
    from redceci.planning.plan import Plan

BEFORE_COLOUR = "#9e9e9e"

AFTER_COLOUR = "#0072b2"


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
    clean = [[max(finite(v) or 0.0, 0.0) for v in row] for row in values]
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


def charts(plan: Plan, lang: str = "es") -> list[BarChart]:
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
                [(pick("Lugares nuevos", "New places", lang), AFTER_COLOUR)],
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
                [
                    (pick("Antes", "Before", lang), BEFORE_COLOUR),
                    (pick("Después", "After", lang), AFTER_COLOUR),
                ],
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
                [(pick("Lugares", "Places", lang), AFTER_COLOUR)],
                colours=[scheme_colour(s, ordered) for s in schemes],
                bar_height=18.0,
            )
        )
    return out
