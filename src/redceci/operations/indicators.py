"""The network's operations indicators, from per-centre daily summaries:

* **attendance rate** = child-days present / child-days enrolled on open days;
* **ratio breaches per 1,000 room-hours** = breach episodes (a room turning red) per 1,000
  hours that rooms held children;
* **drills on time** = drill periods with a drill / drill periods (``drills.on_time_share``);
* **incidents per 1,000 child-days** present.

Summaries are grouped by state, by centre or by ISO week ("over time").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class DaySummary:
    """One centre's day, as the indicators need it."""

    centre_id: int
    state_code: str
    day: dt.date
    enrolled: int
    present: int
    refused: int
    notified: int
    room_minutes: float
    breach_minutes: float
    breaches: int
    incidents: int
    drills: int


@dataclass(frozen=True)
class Indicators:
    key: str
    centre_days: int
    child_days_enrolled: int
    child_days_present: int
    attendance_rate: float | None
    room_hours: float
    breaches: int
    breaches_per_1000_room_hours: float | None
    breach_room_hours: float
    incidents: int
    incidents_per_1000_child_days: float | None
    drills: int
    drill_periods_on_time: int
    drill_periods: int
    drills_on_time: float | None


def _ratio(a: float, b: float, scale: float = 1.0) -> float | None:
    return round(scale * a / b, 4) if b else None


def aggregate(key: str, days: Iterable[DaySummary], drills: tuple[int, int] = (0, 0)) -> Indicators:
    """The indicators of a group of centre-days; ``drills`` = (periods on time, periods)."""
    rows = list(days)
    enrolled = sum(r.enrolled for r in rows)
    present = sum(r.present for r in rows)
    room_hours = sum(r.room_minutes for r in rows) / 60.0
    breaches = sum(r.breaches for r in rows)
    incidents = sum(r.incidents for r in rows)
    on_time, periods = drills
    return Indicators(
        key=key,
        centre_days=len(rows),
        child_days_enrolled=enrolled,
        child_days_present=present,
        attendance_rate=_ratio(present, enrolled),
        room_hours=round(room_hours, 2),
        breaches=breaches,
        breaches_per_1000_room_hours=_ratio(breaches, room_hours, 1000.0),
        breach_room_hours=round(sum(r.breach_minutes for r in rows) / 60.0, 2),
        incidents=incidents,
        incidents_per_1000_child_days=_ratio(incidents, present, 1000.0),
        drills=sum(r.drills for r in rows),
        drill_periods_on_time=on_time,
        drill_periods=periods,
        drills_on_time=_ratio(on_time, periods),
    )


def week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


GROUPINGS: Mapping[str, Callable[[DaySummary], str]] = {
    "state": lambda r: r.state_code,
    "centre": lambda r: str(r.centre_id),
    "week": lambda r: week_of(r.day),
}


def grouped(
    days: Iterable[DaySummary],
    by: str,
    drills: Mapping[str, tuple[int, int]] | None = None,
) -> list[Indicators]:
    """Indicators per group (``state``, ``centre`` or ``week``), sorted by key."""
    key = GROUPINGS[by]
    groups: dict[str, list[DaySummary]] = {}
    for r in days:
        groups.setdefault(key(r), []).append(r)
    drills = drills or {}
    return [aggregate(k, v, drills.get(k, (0, 0))) for k, v in sorted(groups.items())]
