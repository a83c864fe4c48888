"""The plan's tables: by state, by scheme, and the largest sites."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from redceci.report.formats import MDP, Millions, finite, fmt_int, fmt_mdp, fmt_num, fmt_pct, pick
from redceci.report.planning.figures import column_total

if TYPE_CHECKING:
    from redceci.planning.plan import Plan

TOP_SITES = 50

KIND_LABELS = {
    "locality": ("localidad", "locality"),
    "ageb": ("AGEB", "AGEB"),
    "industrial_park": ("parque industrial", "industrial park"),
    "polo": ("polo", "pole"),
    "user": ("usuario", "user"),
    "plot": ("predio", "plot"),
}


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


def state_table(
    by_state: pd.DataFrame, *, region: tuple[str, str] = ("Estado", "State"), insurer: str = "IMSS"
) -> Table:
    """The by-state needs and impact, with a national total row for additive columns;
    ``region`` and ``insurer`` name a country pack's first level and insurer."""
    cols = [c for c in STATE_COLUMNS if c[0] in by_state.columns]
    header = [{"es": "Clave", "en": "Code"}, {"es": region[0], "en": region[1]}]
    header += [
        {"es": es.replace("IMSS", insurer), "en": en.replace("IMSS", insurer)}
        for _, es, en, _ in cols
    ]
    rows = []
    for code, row in by_state.sort_index().iterrows():
        name = row.get("name")
        cells = [str(code), str(name) if isinstance(name, str) else ""]
        cells += [fmt(row[c]) for c, _, _, fmt in cols]
        rows.append(cells)
    footer = ["", "Total"]
    for c, _, _, fmt in cols:
        if c in _ADDITIVE:
            footer.append(fmt(column_total(by_state, c)))
        elif c in {"places_per_100", "places_per_100_before"}:
            kids = column_total(by_state, "children")
            footer.append(fmt_num(100 * column_total(by_state, "places") / kids) if kids else "—")
        elif c == "places_per_100_after" and "new_places" in by_state:
            kids = column_total(by_state, "children")
            after = column_total(by_state, "places") + column_total(by_state, "new_places")
            footer.append(fmt_num(100 * after / kids) if kids else "—")
        elif c == "children_per_place":
            total_places = column_total(by_state, "places")
            ratio = column_total(by_state, "children") / total_places if total_places else math.inf
            footer.append(fmt(ratio))
        elif c == "desert_share":
            kids = column_total(by_state, "children")
            footer.append(
                fmt_pct(column_total(by_state, "desert_children") / kids) if kids else "—"
            )
        else:
            footer.append("")
    return Table(header, rows, [False, False] + [True] * len(cols), footer)


def _size_mix(row: pd.Series, sizes: Sequence[int]) -> str:
    parts = []
    for s in sorted(sizes, reverse=True):
        n = finite(row.get(f"centres_{s}"))
        if n:
            parts.append(f"{n:.0f}×{s}")
    return " + ".join(parts)


def sites_table(
    plan: Plan,
    state_names: dict[str, str],
    top: int = TOP_SITES,
    lang: str = "es",
    millions: Millions = MDP,
) -> Table:
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
        (f"Costo {millions[0]}", f"Cost {millions[1]}"),
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
                pick(*KIND_LABELS.get(kind, (kind, kind)), lang),
                str(row.get("scheme", "")),
                state_names.get(state, state),
                str(row.get("MUN_CVEGEO", "")),
                fmt_int(row.get("centres")),
                _size_mix(row, sizes),
                fmt_int(row.get("places")),
                fmt_int(row.get("served")),
                fmt_pct(row.get("occupancy"), 0),
                fmt_mdp(row.get("cost")),
                fmt_int(row.get("mothers_enabled")),
            ]
        )
    numeric = [True, False, False, False, False, False, True, False, True, True, True, True, True]
    return Table([{"es": es, "en": en} for es, en in header], rows, numeric)


def scheme_table(by_scheme: pd.DataFrame, millions: Millions = MDP) -> Table:
    """Sites, centres, places, served, cost and mothers enabled by scheme."""
    cols: tuple[tuple[str, str, str, Callable[[Any], str]], ...] = (
        ("sites", "Sitios", "Sites", fmt_int),
        ("centres", "Centros", "Centres", fmt_int),
        ("places", "Lugares", "Places", fmt_int),
        ("served", "Atendidos", "Served", fmt_int),
        ("cost", f"Costo {millions[0]}", f"Cost {millions[1]}", fmt_mdp),
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


#: The planning resolution of a state (``resolution_table``'s ``resolution``), in words.
RESOLUTION_LABELS = {
    "ageb_counts": ("AGEB, con conteos censales", "AGEB, census counts"),
    "ageb_population": ("AGEB, con su población", "AGEB, with their population"),
    "ageb_location": ("AGEB, reparto por área", "AGEB, split by area"),
    "locality": ("localidad", "locality"),
}
#: Share columns of the resolution table: (column, Spanish, English).
RESOLUTION_SHARES = (
    ("share_ageb_counts", "% AGEB con conteos", "% AGEB with counts"),
    ("share_ageb_population", "% AGEB por población", "% AGEB by population"),
    ("share_ageb_location", "% AGEB por área", "% AGEB by area"),
    ("share_locality_counts", "% localidad censal", "% locality counts"),
    ("share_locality_estimate", "% localidad estimada", "% locality estimated"),
    ("share_municipal_seat", "% en cabecera", "% at municipal seat"),
)


def estimated_inputs(row: pd.Series) -> list[tuple[str, str]]:
    """What is estimated rather than counted in a state's demand, as (es, en) phrases."""
    out = []
    if row.get("share_ageb_location", 0) > 0:
        out.append(("población de AGEB por su área", "AGEB population from its area"))
    if row.get("share_ageb_population", 0) > 0:
        out.append(
            ("edades y actividad de AGEB por su población", "AGEB ages and activity by population")
        )
    if row.get("share_locality_estimate", 0) > 0:
        out.append(
            (
                "conteos de localidad desagregados del municipio",
                "locality counts disaggregated from the municipality",
            )
        )
    if not bool(row.get("inactive_counted", True)):
        out.append(
            (
                "mujeres inactivas = 12+ menos PEA (ITER municipal)",
                "inactive women = 12+ minus active (municipal ITER)",
            )
        )
    return out


def resolution_view(resolution: pd.DataFrame, lang: str = "es") -> Table:
    """Per state: the finest level its demand was planned at, the share of people placed at
    each level, and which inputs are estimated."""
    header = [("Clave", "Code"), ("Estado", "State"), ("Resolución", "Resolution")]
    header += [(es, en) for _, es, en in RESOLUTION_SHARES]
    header += [("Unidades", "Units"), ("Estimado", "Estimated")]
    rows = []
    for code, row in resolution.sort_index().iterrows():
        name = row.get("name")
        es, en = RESOLUTION_LABELS.get(str(row["resolution"]), (str(row["resolution"]),) * 2)
        estimated = estimated_inputs(row)
        rows.append(
            [
                str(code),
                str(name) if isinstance(name, str) else "",
                pick(es, en, lang),
                *(fmt_pct(row.get(c), 0) for c, _, _ in RESOLUTION_SHARES),
                fmt_int(row.get("units")),
                "; ".join(pick(a, b, lang) for a, b in estimated) or "—",
            ]
        )
    numeric = [False, False, False] + [True] * len(RESOLUTION_SHARES) + [True, False]
    return Table([{"es": es, "en": en} for es, en in header], rows, numeric)
