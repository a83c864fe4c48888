"""Mexico's staff-to-child ratios: one responsable per sala plus one assistant per 5 lactantes
or 10 maternales (the best public proxy found for IMSS), with their sources."""

from __future__ import annotations

from redceci.platform.ratios import RatioPolicy, RatioRule
from redceci.platform.rooms import AgeLimit

__all__ = ["RATIOS"]

_COMPENDIUM = (
    "ASSUMPTION [U]: a state Educación Inicial authorisation compendium (third-party notes, "
    "operations-facts.md §1 'Rooms and ratios'): one qualified responsable per sala plus one "
    "assistant per 5 lactantes / 10 maternales; the IMSS guardería norm's own table was not "
    "retrievable."
)

#: IMSS: lactantes to 19 months (as ``countries.mx.rooms.ROOMS``), maternales to 4
#: years, and the maternal rule extended to 6 years for the planned preschool rooms
#: (ASSUMPTION: no public preschool ratio found; the federal Estancias rule, 1 per 8, is
#: stricter and can be set instead).
RATIOS = RatioPolicy(
    rules=(
        RatioRule("lactantes", AgeLimit(days=43), AgeLimit(months=19), 5, _COMPENDIUM),
        RatioRule("maternales", AgeLimit(months=19), AgeLimit(months=48), 10, _COMPENDIUM),
        RatioRule(
            "preescolar",
            AgeLimit(months=48),
            AgeLimit(months=72),
            10,
            "ASSUMPTION: the maternal rule (1 per 10) extended to 4-6 years (no public source).",
        ),
    ),
    leads_per_room=1,
    mixing="strictest",
    source=_COMPENDIUM,
)
