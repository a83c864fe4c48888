"""The plan as one self-contained HTML file: figures, solver quality, an SVG map, charts, tables.

Nothing is fetched from the web: CSS, SVG and the few lines of JavaScript are all inline.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import pandas as pd

from redceci.planning.parameters import assumptions_table
from redceci.report.formats import fmt_mdp, fmt_num
from redceci.report.planning.charts import charts
from redceci.report.planning.figures import headline, solver_summary
from redceci.report.planning.maps import map_layers
from redceci.report.planning.tables import (
    resolution_view,
    scheme_table,
    sites_table,
    state_table,
)

if TYPE_CHECKING:
    from redceci.planning.plan import Plan

TOP_SITES = 50

DESERT_COLOUR = "#d55e00"

SUPPLY_COLOUR = "#555555"

POLO_COLOUR = "#222222"


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
        "resolution": resolution_view(plan.resolution) if plan.resolution is not None else None,
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
