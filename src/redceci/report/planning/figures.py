"""The plan's headline figures, notes on the goals it meets or misses, and the solver's quality
(status, certified bound and gap) in words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from redceci.report.formats import MDP, Millions, finite, fmt_int, fmt_mdp, fmt_num, fmt_pct

if TYPE_CHECKING:
    from redceci.planning.plan import Plan

STATUS_LABELS = {
    "optimal": ("óptimo", "optimal"),
    "feasible": ("factible", "feasible"),
    "time_limit": ("límite de tiempo", "time limit"),
}


def column_total(frame: pd.DataFrame, column: str) -> float:
    if column not in frame:
        return 0.0
    return float(pd.to_numeric(frame[column], errors="coerce").fillna(0.0).sum())


def headline(plan: Plan, millions: Millions = MDP) -> dict[str, Any]:
    """Totals of the plan and progress towards the centres and places goals."""
    sp = plan.params.siting
    sites, bs = plan.sites, plan.by_state
    centres = column_total(sites, "centres")
    places = column_total(sites, "places")
    figures: dict[str, Any] = {
        "centres": fmt_int(centres),
        "places": fmt_int(places),
        "cost_mdp": fmt_mdp(column_total(sites, "cost"), 0),
        "served": fmt_int(column_total(sites, "served")),
        "sites": fmt_int(len(sites)),
        "mothers": {
            s: fmt_int(column_total(bs, f"mothers_enabled_{s}")) for s in ("low", "central", "high")
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
    figures["notes"] = goal_notes(plan, millions)
    return figures


def goal_notes(plan: Plan, millions: Millions = MDP) -> list[dict[str, str]]:
    """Plain statements (es, en) of why a goal is or is not reached."""
    sp = plan.params.siting
    centres = column_total(plan.sites, "centres")
    places = column_total(plan.sites, "places")
    cost = column_total(plan.sites, "cost")
    unmet_before = column_total(plan.units, "unmet")
    unmet_after = column_total(plan.units, "unmet_after")
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
        notes.append(_shortfall_note(plan, cost, unmet_after, millions))
    elif not menu_short:
        notes.append(
            {
                "es": f"Se usaron los {centres:,.0f} centros permitidos; con ellos caben "
                f"{places:,.0f} lugares.",
                "en": f"All {centres:,.0f} centres allowed are used; they hold {places:,.0f} places.",
            }
        )
    return notes


def _shortfall_note(
    plan: Plan, cost: float, unmet_after: float, millions: Millions = MDP
) -> dict[str, str]:
    """Why fewer centres were opened than allowed: budget, time limit or demand running out."""
    sp = plan.params.siting
    if sp.budget is not None and cost + min(sp.costs) > sp.budget:
        return {
            "es": f"El presupuesto de {fmt_mdp(sp.budget, 0)} {millions[0]} se agotó "
            f"({fmt_mdp(cost, 0)} {millions[0]} usados).",
            "en": f"The budget of {fmt_mdp(sp.budget, 0)} {millions[1]} is spent "
            f"({fmt_mdp(cost, 0)} {millions[1]} used).",
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


#: Which valid bound certified the plan (``SitingResult.bound_source``), in Spanish and English.
BOUND_SOURCES = {
    "lagrangian": ("relajación lagrangiana", "Lagrangian relaxation"),
    "coverable": ("toda la demanda alcanzable", "all reachable demand"),
    "standalone": ("mejores sitios por separado", "best sites taken alone"),
    "lp": ("relajación lineal (HiGHS)", "LP relaxation (HiGHS)"),
    "covering_lp": (
        "relajación lineal del modelo de cobertura (HiGHS)",
        "LP relaxation of the covering model (HiGHS)",
    ),
    "exact": ("resolución exacta (HiGHS)", "exact re-solve (HiGHS)"),
    "highs": ("cota dual de HiGHS", "HiGHS dual bound"),
    "objective": ("el propio plan", "the plan itself"),
}


def solver_summary(result: Any) -> dict[str, str]:
    """Method, status, objective, certified bound, gap (%) and time of the siting solution."""
    status = str(getattr(result, "status", ""))
    es, en = STATUS_LABELS.get(status, (status, status))
    gap = finite(getattr(result, "gap", None))
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
    source = str(getattr(result, "bound_source", ""))
    source_es, source_en = BOUND_SOURCES.get(source, (source, source))
    limits = tuple(getattr(result, "limits_hit", ()) or ())
    if limits:
        source_es += " (límite de tiempo de seguridad en: " + ", ".join(limits) + ")"
        source_en += " (wall-clock safety net hit in: " + ", ".join(limits) + ")"
    return {
        "bound_source_es": source_es,
        "bound_source_en": source_en,
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
