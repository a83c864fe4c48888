"""A centre's calendar: opening hours, the days it opens, public holidays and its own closures.

Public holidays are the country pack's (``CountryPack.holidays_in``: its fixed and movable
statutory days, each with its legal source), given by ``operations.parameters.rules_for``; a
calendar built without a pack has none. Opening hours are an ASSUMPTION (07:00-16:00,
weekdays): each centre sets its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from redceci.errors import InputError

HOURS_SOURCE = (
    "ASSUMPTION: centres open on weekdays for the parents' working day; 07:00-16:00 is a "
    "default the country pack and each centre override"
)
NO_HOLIDAYS_SOURCE = "holidays: none (the country pack gives them)"


def no_holidays(year: int) -> frozenset[dt.date]:
    """No public holidays (a calendar not given a country's)."""
    return frozenset()


@dataclass(frozen=True)
class CentreCalendar:
    opens: dt.time = dt.time(7, 0)
    closes: dt.time = dt.time(16, 0)
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0
    closures: frozenset[dt.date] = frozenset()
    #: The public holidays of a year (the country pack's ``holidays_in``).
    holidays: Callable[[int], Iterable[dt.date]] = no_holidays
    source: str = f"{HOURS_SOURCE}; {NO_HOLIDAYS_SOURCE}"
    _cache: dict[int, frozenset[dt.date]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.opens < self.closes:
            raise InputError("a centre must open before it closes")
        if not self.weekdays <= set(range(7)):
            raise InputError("weekdays run from 0 (Monday) to 6 (Sunday)")

    def holidays_of(self, year: int) -> frozenset[dt.date]:
        if year not in self._cache:
            self._cache[year] = frozenset(self.holidays(year))
        return self._cache[year]

    def is_open(self, day: dt.date) -> bool:
        return (
            day.weekday() in self.weekdays
            and day not in self.closures
            and day not in self.holidays_of(day.year)
        )

    def open_days(self, start: dt.date, end: dt.date) -> Iterator[dt.date]:
        """The days the centre opens in ``[start, end]``."""
        day = start
        while day <= end:
            if self.is_open(day):
                yield day
            day += dt.timedelta(days=1)

    def with_hours(
        self, opens: dt.time, closes: dt.time, weekdays: Iterable[int]
    ) -> CentreCalendar:
        """The same calendar (holidays, closures, sources) with a centre's own hours."""
        return dataclasses.replace(
            self, opens=opens, closes=closes, weekdays=frozenset(weekdays), _cache={}
        )

    def with_closures(self, days: Iterable[dt.date]) -> CentreCalendar:
        return dataclasses.replace(self, closures=self.closures | frozenset(days), _cache={})


DEFAULT_CALENDAR = CentreCalendar()
