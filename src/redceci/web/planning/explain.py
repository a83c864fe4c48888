"""What a plan's figures mean, in one sentence each, for the scenario pages: why the places
asked for cannot be reached, what the certified gap says (and why a state plan's can be
large), and the solver's outcome in words instead of its method's name."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from redceci.planning.targets import (
    Limit,
    Shortfall,
    gap_headroom,
    places_within_reach,
    result_shortfall,
)
from redceci.report.formats import fmt_int, fmt_pct
from redceci.settings import Settings
from redceci.web.i18n import register

#: Spanish then English; ``{…}`` fields are filled by ``shortfall_text`` and ``gap_text``.
MESSAGES: dict[str, tuple[str, str]] = {
    "short_centres": (
        "No se pueden alcanzar los {asked} lugares pedidos: {centres} centros de a lo sumo "
        "{size} lugares suman {reachable} ({centres} × {size} = {reachable}). Pida más "
        "centros o menos lugares.",
        "The {asked} places asked for cannot be reached: {centres} centres of at most {size} "
        "places hold {reachable} ({centres} × {size} = {reachable}). Ask for more centres or "
        "fewer places.",
    ),
    "short_budget": (
        "El presupuesto no alcanza para los {asked} lugares pedidos: {budget} millones de "
        "pesos pagan {centres} centros de {size} lugares ({cost} millones cada uno), es decir "
        "{reachable} lugares.",
        "The budget does not reach the {asked} places asked for: {budget} million pesos pay "
        "for {centres} centres of {size} places ({cost} million each), that is {reachable} "
        "places.",
    ),
    "short_demand": (
        "El plan abre {reachable} de los {asked} lugares pedidos: un centro más no tendría "
        "suficientes niñas y niños a su alcance para llenar al menos la ocupación mínima.",
        "The plan opens {reachable} of the {asked} places asked for: one more centre would "
        "not have enough children within reach to fill its minimum occupancy.",
    ),
    "gap_sentence": (
        "Ningún plan con las mismas reglas lograría más de {headroom} más que éste en el "
        "objetivo del modelo (madres que podrían trabajar): la brecha certificada es la "
        "distancia máxima al mejor plan posible.",
        "No plan under the same rules would reach more than {headroom} more than this one on "
        "the model's objective (mothers enabled to work): the certified gap is the largest "
        "possible distance to the best plan.",
    ),
    "gap_state": (
        "En un plan de uno o pocos estados la brecha puede ser grande sin que el plan sea "
        "malo: la cota que lo certifica permite abrir fracciones de centro, y con pocos "
        "centros esa holgura pesa mucho.",
        "In a plan of one or a few states the gap can be large without the plan being poor: "
        "the bound that certifies it may open fractions of centres, and with few centres that "
        "slack weighs a lot.",
    ),
    "programme_gap_sentence": (
        "Ningún calendario con las mismas reglas lograría más de {headroom} más que éste en "
        "el beneficio acumulado (madres que podrían trabajar, sumadas año por año).",
        "No timetable under the same rules would reach more than {headroom} more than this one "
        "in cumulative benefit (mothers enabled to work, summed year by year).",
    ),
    "outcome": ("Resultado del cálculo", "Outcome of the computation"),
    "outcome_optimal": ("Plan óptimo (demostrado)", "Optimal plan (proven)"),
    "outcome_feasible": ("Plan factible, con brecha certificada", "Feasible plan, gap certified"),
    "outcome_other": ("Plan calculado", "Plan computed"),
    "plan_warnings": ("Avisos del plan", "Plan warnings"),
    "open_report": ("Abrir el informe del plan", "Open the plan's report"),
}
register(MESSAGES)

Translate = Callable[..., str]

#: A gap from which a plan of ``FEW_STATES`` states or fewer gets the sentence on why it can
#: be large (below it, the plan is as good as proven and the sentence would only distract).
LARGE_GAP = 0.01
FEW_STATES = 3


def _mdp(amount: float | None) -> str:
    """Millions of the country's currency: whole from ten millions, else one decimal."""
    millions = (amount or 0.0) / 1e6
    return fmt_int(millions) if millions >= 10 else f"{millions:.1f}"


def shortfall_text(shortfall: Shortfall, t: Translate) -> str:
    """One sentence saying which cap keeps the places asked for out of reach, with its sum."""
    fields: dict[str, Any] = {
        "asked": fmt_int(shortfall.asked),
        "reachable": fmt_int(shortfall.reachable),
        "centres": fmt_int(shortfall.centres),
        "size": fmt_int(shortfall.size),
        "cost": _mdp(shortfall.cost),
        "budget": _mdp(shortfall.budget),
    }
    key = {Limit.CENTRES: "short_centres", Limit.BUDGET: "short_budget"}.get(
        shortfall.limit, "short_demand"
    )
    return t(key, **fields)


def gap_text(gap: float | None, t: Translate, *, states: int) -> list[str]:
    """The certified gap in one sentence, and a second for plans of one to a few states whose
    gap is large."""
    if gap is None:
        return []
    out = [t("gap_sentence", headroom=fmt_pct(gap_headroom(float(gap)), 2))]
    if 0 < states <= FEW_STATES and float(gap) >= LARGE_GAP:
        out.append(t("gap_state"))
    return out


def programme_gap_text(gap: float | None, t: Translate) -> str:
    """The phased programme's certified gap in one sentence ("" without one)."""
    if gap is None:
        return ""
    return str(t("programme_gap_sentence", headroom=fmt_pct(gap_headroom(float(gap)), 2)))


def outcome_text(status: str | None, t: Translate) -> str:
    """The solver's status in words (its method's name is for the report and the logs)."""
    return t(
        {"optimal": "outcome_optimal", "feasible": "outcome_feasible"}.get(
            str(status), "outcome_other"
        )
    )


def warnings_for(
    parameters: Mapping[str, Any],
    settings: Settings,
    t: Translate,
    *,
    planned: int | None = None,
) -> list[str]:
    """The sentences a scenario's page shows about its places: each cap that keeps those
    asked for out of reach and, after a run that fell short with no cap to blame, the demand."""
    siting = settings.model.siting
    sizes = list(parameters.get("sizes") or siting.sizes)
    costs = list(parameters.get("costs") or siting.costs)
    if len(costs) != len(sizes):
        costs = []
    places = parameters.get("places")
    caps = places_within_reach(
        int(places) if places else None,
        centres=parameters.get("centres"),
        sizes=sizes,
        costs=costs,
        budget=parameters.get("budget"),
    )
    found = list(caps)
    if planned is not None:
        after = result_shortfall(int(places) if places else None, planned, caps)
        if after is not None:
            found.append(after)
    return [shortfall_text(s, t) for s in found]
