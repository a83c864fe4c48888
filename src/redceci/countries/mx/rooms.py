"""Mexico's room groups: the age groups a registered CECI's rooms are organised by (lactantes,
maternales, preescolar), with their age ranges and sources."""

from __future__ import annotations

from redceci.platform.rooms import AgeLimit, Room, RoomScheme

__all__ = ["ROOM_GROUPS"]

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
