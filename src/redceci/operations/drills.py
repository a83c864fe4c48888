"""Drills: how often a centre must evacuate for practice, when the next one is due, whether it
is overdue, and the share of periods with a drill on time (a network indicator).

The default is one evacuation drill every 30 days of at most 3 minutes; the country pack sets
its own with its source (Mexico's: IMSS guarderías drill monthly, ``countries/mx/operations``),
a deployment or state its own ``DrillRule``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from redceci.errors import InputError


@dataclass(frozen=True)
class DrillRule:
    interval_days: int = 30
    #: Longest evacuation a drill should take (minutes).
    target_minutes: float = 3.0
    source: str = (
        "ASSUMPTION: a drill every 30 days, evacuating within 3 minutes, until the country "
        "pack gives its rule (CountryPack.operations)"
    )

    def __post_init__(self) -> None:
        if self.interval_days < 1:
            raise InputError("the drill interval must be at least one day")


DEFAULT_DRILLS = DrillRule()


@dataclass(frozen=True)
class DrillStatus:
    last: dt.date | None
    next_due: dt.date
    overdue: bool
    days_overdue: int


def drill_status(
    drills: Iterable[dt.date], today: dt.date, rule: DrillRule, *, since: dt.date
) -> DrillStatus:
    """When the next drill is due (``interval_days`` after the last one, or after ``since``
    when there was none: the day the centre started operating) and whether it is overdue."""
    done = sorted(d for d in drills if d <= today)
    last = done[-1] if done else None
    due = (last or since) + dt.timedelta(days=rule.interval_days)
    late = (today - due).days
    return DrillStatus(last, due, late > 0, max(late, 0))


def on_time_share(
    drills: Iterable[dt.date], start: dt.date, end: dt.date, rule: DrillRule
) -> tuple[int, int]:
    """(periods with a drill, periods) over ``[start, end]`` cut into ``interval_days`` periods
    (a partial last period counts only if it has a drill)."""
    days = sorted(d for d in drills if start <= d <= end)
    total = on_time = 0
    begin = start
    while begin <= end:
        stop = begin + dt.timedelta(days=rule.interval_days)
        has = any(begin <= d < stop for d in days)
        complete = stop - dt.timedelta(days=1) <= end
        if complete or has:
            total += 1
            on_time += has
        begin = stop
    return on_time, total
