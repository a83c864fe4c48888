"""The plan (and its programme over the years) as one self-contained HTML file in one language:
figures, solver quality, an SVG map, charts, tables.

Nothing is fetched from the web: CSS, SVG and the few lines of JavaScript are all inline.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import pandas as pd

from redceci.planning.parameters import assumptions_table
from redceci.platform.country import Estimate, Words
from redceci.report.formats import fmt_mdp, fmt_num, pick
from redceci.report.planning.charts import charts
from redceci.report.planning.figures import headline, solver_summary
from redceci.report.planning.maps import map_layers
from redceci.report.planning.programme_view import programme_context
from redceci.report.planning.tables import (
    resolution_view,
    scheme_table,
    sites_table,
    state_table,
)

if TYPE_CHECKING:
    from redceci.planning.plan import Plan
    from redceci.planning.programme import Programme

#: The languages a report can be written in.
LANGUAGES = ("es", "en")

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


def translator(lang: str) -> Callable[..., str]:
    """``tr(es, en)`` or ``tr({"es": ..., "en": ...})``: the phrase in ``lang``."""

    def tr(es: str | dict[str, str], en: str | None = None) -> str:
        if isinstance(es, dict):
            return str(es.get(lang) or es.get("es") or "")
        return en if lang == "en" and en is not None else es

    return tr


def default_title(lang: str, programme: bool) -> str:
    if programme:
        return pick(
            "Programa nacional de CECI 2026-2030", "National CECI programme 2026-2030", lang
        )
    return pick("Plan nacional de CECI", "National CECI plan", lang)


#: The report's country words (a country pack's override them: ``words=``).
REPORT_WORDS = {
    "centres_es": "Centros de Educación y Cuidado Infantil (CECI)",
    "centres_en": "childcare centres (CECI)",
    "regions_es": "Estados",
    "regions_en": "States",
    "by_region_es": "Por estado",
    "by_region_en": "By state",
    "region_es": "Estado",
    "region_en": "State",
    "insurer": "IMSS",
    "millions_es": "MDP",
    "millions_en": "MDP",
    "money_es": "pesos",
    "money_en": "pesos",
}


def country_title(words: Words, lang: str, programme: bool) -> str:
    """The report's title naming a country pack's programme and country."""
    if programme:
        return pick(
            f"Programa de {words.programme} — {words.country}",
            f"{words.programme} programme — {words.country}",
            lang,
        )
    return pick(
        f"Plan nacional de {words.programme} — {words.country}",
        f"National {words.programme} plan — {words.country}",
        lang,
    )


def report_words(words: Words) -> dict[str, str]:
    """The report's words of a country pack (its centres and its regions)."""
    return {
        "centres_es": f"{words.centre_type.replace('Centro ', 'Centros ', 1)} ({words.programme})",
        "centres_en": f"{words.centre_type_en}s ({words.programme})",
        "regions_es": words.regions.capitalize(),
        "regions_en": f"{words.region_en.capitalize()}s",
        "by_region_es": f"Por {words.region}",
        "by_region_en": f"By {words.region_en}",
        "region_es": words.region.capitalize(),
        "region_en": words.region_en.capitalize(),
        "insurer": words.insurer,
        "millions_es": words.money_millions("es"),
        "millions_en": words.money_millions("en"),
        "money_es": words.money_name("es"),
        "money_en": words.money_name("en"),
    }


def estimate_rows(estimates: Sequence[Estimate]) -> list[dict[str, str]]:
    """A country pack's estimates as rows heading the assumptions table, marked ESTIMATE."""
    return [
        {
            "group": "estimate",
            "name": e.name,
            "value": f"{e.value:,.0f}",
            "description": f"ESTIMATE: {e.description}"
            + (f" (real counts for {e.replaced_in} municipios)" if e.replaced_in else ""),
            "source": f"{e.source}. Replace with: {e.replaced_by}",
        }
        for e in estimates
    ]


def report_context(
    plan: Plan,
    *,
    boundaries: dict[str, Any],
    supply: pd.DataFrame | None = None,
    polos: pd.DataFrame | None = None,
    title: str | None = None,
    lang: str = "es",
    programme: Programme | None = None,
    estimates: Sequence[Mapping[str, str]] = (),
    words: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the template shows, computed and formatted, in ``lang`` (es or en);
    ``estimates`` (rows like the assumptions table's) head that table: what the country pack
    estimated instead of reading; ``words`` name the centres and regions (``REPORT_WORDS``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown report language {lang!r}; use es or en")
    bs = plan.by_state
    state_names = (
        {str(k): str(v) for k, v in bs["name"].items() if isinstance(v, str)}
        if "name" in bs
        else {}
    )
    sp = plan.params.siting
    said = {**REPORT_WORDS, **(words or {})}
    millions = (said["millions_es"], said["millions_en"])
    return {
        "lang": lang,
        "tr": translator(lang),
        "title": title or default_title(lang, programme is not None),
        "figures": headline(plan, millions),
        "solver": solver_summary(plan.result),
        "map": map_layers(plan, boundaries, supply, polos, lang),
        "colours": {"desert": DESERT_COLOUR, "supply": SUPPLY_COLOUR, "polo": POLO_COLOUR},
        "charts": charts(plan, lang),
        "states": state_table(
            bs,
            region=(
                (words or {}).get("region_es", "Estado"),
                (words or {}).get("region_en", "State"),
            ),
            insurer=(words or {}).get("insurer", "IMSS"),
        ),
        "resolution": (
            resolution_view(plan.resolution, lang) if plan.resolution is not None else None
        ),
        "programme": (
            programme_context(programme, lang, millions) if programme is not None else None
        ),
        "schemes": scheme_table(plan.by_scheme, millions),
        "sites": sites_table(plan, state_names, lang=lang, millions=millions),
        "n_sites": len(plan.sites),
        "top_sites": min(TOP_SITES, len(plan.sites)),
        "assumptions": [*(dict(e) for e in estimates), *assumptions_table(plan.params)],
        "sizes": ", ".join(f"{s:,}" for s in sp.sizes),
        "costs": ", ".join(fmt_mdp(c) for c in sp.costs),
        "catchment": fmt_num(plan.params.travel.catchment_minutes, 0),
        "currency": plan.params.currency,  # ISO 4217, of every amount in the report
        "words": said,
    }


def render_report(
    plan: Plan,
    *,
    boundaries: dict[str, Any],
    supply: pd.DataFrame | None = None,
    polos: pd.DataFrame | None = None,
    title: str | None = None,
    lang: str = "es",
    programme: Programme | None = None,
    estimates: Sequence[Mapping[str, str]] = (),
    words: Mapping[str, str] | None = None,
) -> str:
    """The report as an HTML string."""
    context = report_context(
        plan,
        boundaries=boundaries,
        supply=supply,
        polos=polos,
        title=title,
        lang=lang,
        programme=programme,
        estimates=estimates,
        words=words,
    )
    return _environment().get_template("report.html.j2").render(**context)


def write_report(
    path: Path,
    plan: Plan,
    *,
    boundaries: dict[str, Any],
    supply: pd.DataFrame | None = None,
    polos: pd.DataFrame | None = None,
    title: str | None = None,
    lang: str = "es",
    programme: Programme | None = None,
    estimates: Sequence[Mapping[str, str]] = (),
    words: Mapping[str, str] | None = None,
) -> Path:
    """Write the self-contained HTML report of ``plan`` (and its ``programme``) in ``lang`` to
    ``path``; returns ``path``."""
    path = Path(path)
    html = render_report(
        plan,
        boundaries=boundaries,
        supply=supply,
        polos=polos,
        title=title,
        lang=lang,
        programme=programme,
        estimates=estimates,
        words=words,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
