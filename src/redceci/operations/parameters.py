"""Every operations rule in one place, each with its source, overridable per country: the
country pack's parts come from ``rules_for(pack)``; build an ``OperationsRules`` with your own
parts (``dataclasses.replace(rules, drills=...)``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from redceci.errors import InputError
from redceci.operations.calendar import DEFAULT_CALENDAR, HOURS_SOURCE, CentreCalendar
from redceci.operations.drills import DEFAULT_DRILLS, DrillRule
from redceci.operations.health import DEFAULT_FILTER, HealthFilter
from redceci.operations.incidents import DEFAULT_INCIDENTS, IncidentRules
from redceci.operations.pickup import DEFAULT_PICKUP, PickupRules
from redceci.platform.country import CountryPack
from redceci.platform.ratios import DEFAULT_RATIOS, RatioPolicy

__all__ = ["DEFAULT_RULES", "OperationsRules", "rules_for"]


@dataclass(frozen=True)
class OperationsRules:
    """The rules a centre's day runs under."""

    ratios: RatioPolicy = DEFAULT_RATIOS
    health: HealthFilter = DEFAULT_FILTER
    pickup: PickupRules = DEFAULT_PICKUP
    drills: DrillRule = DEFAULT_DRILLS
    incidents: IncidentRules = DEFAULT_INCIDENTS
    calendar: CentreCalendar = DEFAULT_CALENDAR
    #: How far ahead of the server's clock a device's time may be (seconds) before an event is
    #: refused as "in the future". ASSUMPTION: tablets keep network time within a minute or
    #: two; five minutes tolerates a drifting clock without accepting invented times.
    future_skew_s: int = 300
    #: How many days one absence notice may cover (ASSUMPTION: a month; longer absences are
    #: handled by the centre with the family).
    absence_max_days: int = 31
    #: How old an event may be when it arrives (days): SIAG's manual capture is backfilled
    #: later (operations-facts.md §1 [V]); ASSUMPTION: within a week.
    late_max_days: int = 7
    sources: dict[str, str] = field(
        default_factory=lambda: {
            "future_skew_s": "ASSUMPTION: device clocks within minutes of network time",
            "absence_max_days": "ASSUMPTION: one notice covers at most a month",
            "late_max_days": "SIAG manual capture then backfill [V]; one week is an ASSUMPTION",
        }
    )

    def __post_init__(self) -> None:
        if self.future_skew_s < 0 or self.absence_max_days < 1 or self.late_max_days < 1:
            raise InputError("operations limits must be positive")


DEFAULT_RULES = OperationsRules()


def rules_for(pack: CountryPack, base: OperationsRules = DEFAULT_RULES) -> OperationsRules:
    """``base`` with the country pack's parts: its staff-to-child ratios (``ratios``) and its
    public holidays (``holidays_in``, fixed and movable) in the centres' calendar."""
    sources = sorted({h.source for h in pack.holidays})
    calendar = dataclasses.replace(
        base.calendar,
        holidays=pack.holidays_in,
        source=f"{HOURS_SOURCE}; holidays ({pack.name}): {'; '.join(sources)}",
        _cache={},
    )
    return dataclasses.replace(base, ratios=pack.ratios, calendar=calendar)
