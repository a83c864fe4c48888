"""Mexico's rooms: a new CECI's rooms by age (``ROOMS``), the six IMSS sub-groups
(``FINE_ROOMS``) and the registry's age groups (``ROOM_GROUPS``), with their sources."""

from __future__ import annotations

from redceci.platform.rooms import AgeLimit, Room, RoomScheme

__all__ = ["FINE_ROOMS", "ROOMS", "ROOM_GROUPS"]

#: The registry's age groups. Lactantes and maternales as IMSS guarderías group children; the
#: CECI's own rooms were not found, only "áreas de preescolar y educación inicial".
ROOM_GROUPS = RoomScheme(
    (
        Room("lactantes", AgeLimit(days=43), AgeLimit(months=19)),
        Room("maternales", AgeLimit(months=19), AgeLimit(months=36)),
        Room("preescolar", AgeLimit(months=36), AgeLimit(months=48)),
    ),
    source=(
        "Lactantes A-C 45 days to 18 months and Maternal A-B 19 to 35 months: a state "
        "Educación Inicial authorisation compendium (operations-facts.md §1 'Rooms and ratios', "
        "[U]); preescolar from 3 years to the CECI's 4: ASSUMPTION, CECI have 'áreas de "
        "preescolar y educación inicial' (domain-facts.md); 43 days to 4 years: IMSS CECI. "
        "A new centre's rooms (lactantes, maternales to 4 years) are named after these groups."
    ),
)

_ROOMS_SOURCE = (
    "ASSUMPTION: IMSS guardería practice groups children as lactantes (43 days to 1 year 6 months"
    " 29 days) and maternales (to 4 years); the 43-day minimum and 4-year maximum are IMSS CECI's"
    " (alcaldesdemexico.com, 2025-10-30). CECI rooms themselves: NOT FOUND (domain-facts.md)."
)

#: A new centre's rooms: lactantes and maternales (IMSS guardería practice).
ROOMS = RoomScheme(
    (
        Room("lactantes", AgeLimit(days=43), AgeLimit(months=19)),
        Room("maternales", AgeLimit(months=19), AgeLimit(months=48)),
    ),
    source=_ROOMS_SOURCE,
)

#: The six IMSS guardería sub-groups (the SYNTHETIC enrolment round's rooms).
FINE_ROOMS = RoomScheme(
    (
        Room("lactantes A", AgeLimit(days=43), AgeLimit(months=7)),
        Room("lactantes B", AgeLimit(months=7), AgeLimit(months=13)),
        Room("lactantes C", AgeLimit(months=13), AgeLimit(months=19)),
        Room("maternales A", AgeLimit(months=19), AgeLimit(months=25)),
        Room("maternales B", AgeLimit(months=25), AgeLimit(months=36)),
        Room("maternales C", AgeLimit(months=36), AgeLimit(months=48)),
    ),
    source=_ROOMS_SOURCE + " Six sub-groups as in IMSS guarderías (lactantes A-C, maternales A-C).",
)
