"""Staff a new centre needs by role, and what it costs to run a year: from its rooms by age and
the country's ratio rules, then hiring by state and year for a programme of openings.

A centre's places are split across the room scheme's age groups (``platform.room_mix``; the
country pack's ``rooms``); each group is cut into salas of at most ``sala_max_children``,
evened out; a sala needs its lead educators and assistants by the ratio rules
(``platform.ratios``; the pack's ``ratios``). Under rules with no lead per sala a group with no
sala size is staffed as one sala (without leads, cutting it changes only the rounding). Other
roles are fixed per centre or one per so many children. Care posts (educators, assistants) times ``relief_factor``
are the people hired for them; other roles are hired one per post.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from redceci.errors import InputError
from redceci.planning.parameters import StaffingParameters
from redceci.platform.ratios import DEFAULT_RATIOS, RatioPolicy
from redceci.platform.room_mix import bands_of, room_places
from redceci.platform.rooms import DEFAULT_ROOMS, RoomScheme

#: Roles whose posts must be filled every day for the ratios to hold: hired with relief.
CARE_ROLES = frozenset({"educator", "assistant"})
#: Roles in the order tables show them; educators and assistants come from the ratio rules.
ROLES = (
    "educator",
    "assistant",
    "director",
    "nutritionist",
    "nurse_doctor",
    "cook",
    "cleaning",
    "security",
)


@dataclass(frozen=True)
class CentreStaff:
    """The staff of one centre: children and salas per age group, people hired per role, and
    the yearly running cost (staff at full employer cost plus other costs)."""

    places: int
    children: Mapping[str, int]
    salas: Mapping[str, int]
    posts: Mapping[str, int]  # posts on a normal day
    hired: Mapping[str, int]  # people, with relief cover
    staff_cost: float  # a year
    other_cost: float  # a year
    notes: tuple[str, ...] = field(default=())

    @property
    def total_hired(self) -> int:
        return sum(self.hired.values())

    @property
    def annual_cost(self) -> float:
        return self.staff_cost + self.other_cost


def _even(total: int, parts: int) -> list[int]:
    """``total`` children in ``parts`` salas as evenly as possible."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def centre_staff(
    places: int,
    params: StaffingParameters,
    *,
    eligible_under_3: float | None = None,
    eligible_3_plus: float | None = None,
    rooms: RoomScheme = DEFAULT_ROOMS,
    ratios: RatioPolicy = DEFAULT_RATIOS,
) -> CentreStaff:
    """Staff and yearly cost of a centre of ``places`` (full), its rooms split by the catchment's
    eligible children by age when given, else by the width of each room's age band.

    Raises
    ------
    InputError
        A room's age group has no ratio rule, or no sala size under rules with leads.
    """
    if places < 0:
        raise InputError("a centre's places cannot be negative")
    bands = bands_of(rooms)
    split = room_places(places, bands, eligible_under_3, eligible_3_plus)
    children: dict[str, int] = {}
    salas: dict[str, int] = {}
    posts = dict.fromkeys(ROLES, 0)
    for band, n in zip(bands, split, strict=True):
        group = band.name
        rule = ratios.rule(group)
        most = params.sala_max_children.get(group)
        if most is None and ratios.leads_per_room:
            raise InputError(f"no sala size for age group {group!r} (sala_max_children)")
        children[group] = children.get(group, 0) + n
        k = (math.ceil(n / most) if most else 1) if n else 0
        salas[group] = salas.get(group, 0) + k
        for size in _even(n, k) if k else []:
            posts["educator"] += ratios.leads_per_room
            posts["assistant"] += ratios.assistants_needed([rule.group] * size)
    total = sum(split)
    for role, (fixed, per_children) in params.centre_roles.items():
        extra = math.ceil(total / per_children) if per_children > 0 and total else 0
        posts[role] = posts.get(role, 0) + math.ceil(fixed) + extra
    hired = {
        role: math.ceil(n * params.relief_factor) if role in CARE_ROLES else n
        for role, n in posts.items()
    }
    missing = sorted(r for r, n in hired.items() if n and r not in params.monthly_salary)
    if missing:
        raise InputError(f"no salary for role(s) {', '.join(missing)} (monthly_salary)")
    staff_cost = sum(
        n * params.monthly_salary.get(role, 0.0) * 12 * params.on_cost_factor
        for role, n in hired.items()
    )
    return CentreStaff(
        places=total,
        children=children,
        salas=salas,
        posts=posts,
        hired=hired,
        staff_cost=float(staff_cost),
        other_cost=float(total * params.other_cost_per_place_year),
    )


def staff_by_centre(
    centres: pd.DataFrame,
    params: StaffingParameters,
    *,
    rooms: RoomScheme = DEFAULT_ROOMS,
    ratios: RatioPolicy = DEFAULT_RATIOS,
) -> pd.DataFrame:
    """One row per centre (``places`` and optionally ``eligible_under_3``/``eligible_3_plus``):
    people hired per role (``ROLES``), ``staff_total``, ``staff_cost``, ``other_cost``
    and ``operating_cost`` (a full year), with the country's ``rooms`` and ``ratios``.
    Centres of the same size and age split share one computation."""
    cache: dict[tuple[int, float | None, float | None], CentreStaff] = {}
    rows = []
    for _, c in centres.iterrows():
        u3 = c.get("eligible_under_3")
        p3 = c.get("eligible_3_plus")
        key = (
            int(c["places"]),
            None if u3 is None or pd.isna(u3) else round(float(u3), 6),
            None if p3 is None or pd.isna(p3) else round(float(p3), 6),
        )
        if key not in cache:
            cache[key] = centre_staff(
                key[0],
                params,
                eligible_under_3=key[1],
                eligible_3_plus=key[2],
                rooms=rooms,
                ratios=ratios,
            )
        s = cache[key]
        rows.append(
            {
                **{role: s.hired.get(role, 0) for role in ROLES},
                "staff_total": s.total_hired,
                "staff_cost": s.staff_cost,
                "other_cost": s.other_cost,
                "operating_cost": s.annual_cost,
            }
        )
    return pd.DataFrame(rows, index=centres.index, columns=[*ROLES, *_COST_COLUMNS])


_COST_COLUMNS = ("staff_total", "staff_cost", "other_cost", "operating_cost")


def hiring_by_state_year(schedule: pd.DataFrame) -> pd.DataFrame:
    """People to hire per state and year: the staff of the centres opening that year.

    ``schedule`` has one row per centre with ``CVE_ENT``, ``year`` and the ``ROLES`` columns
    (``staff_by_centre``); rows without a year (not scheduled) are left out.
    """
    sched = schedule[schedule["year"].notna()].copy()
    sched["year"] = sched["year"].astype(int)
    cols = [*ROLES, "staff_total"]
    return sched.groupby(["CVE_ENT", "year"])[cols].sum().astype(int)
