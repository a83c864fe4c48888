"""A centre's calendar: opening hours, the days it opens, public holidays and its own closures.

Holidays default to Mexico's statutory rest days (Ley Federal del Trabajo, art. 74): 1 January,
first Monday of February, third Monday of March, 1 May, 16 September, third Monday of November,
25 December, and 1 October every six years (change of federal government; 2024, 2030...).
Another country gives its own list. Opening hours are an ASSUMPTION (07:00-16:00, weekdays):
each centre sets its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from redceci.errors import InputError

HOLIDAYS_SOURCE = "Ley Federal del Trabajo, art. 74 (statutory rest days)"
HOURS_SOURCE = (
    "ASSUMPTION: IMSS guarderías open on weekdays for the parents' working day; 07:00-16:00 "
    "is a default each centre overrides"
)


def _nth_monday(year: int, month: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    offset = (7 - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (n - 1))


def mexican_holidays(year: int) -> frozenset[dt.date]:
    """The statutory rest days of ``year`` (LFT art. 74)."""
    days = {
        dt.date(year, 1, 1),
        _nth_monday(year, 2, 1),
        _nth_monday(year, 3, 3),
        dt.date(year, 5, 1),
        dt.date(year, 9, 16),
        _nth_monday(year, 11, 3),
        dt.date(year, 12, 25),
    }
    if (year - 2024) % 6 == 0:
        days.add(dt.date(year, 10, 1))
    return frozenset(days)


@dataclass(frozen=True)
class CentreCalendar:
    opens: dt.time = dt.time(7, 0)
    closes: dt.time = dt.time(16, 0)
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0
    closures: frozenset[dt.date] = frozenset()
    holidays: frozenset[dt.date] | None = None  # None: Mexico's statutory list, by year
    source: str = f"{HOURS_SOURCE}; holidays: {HOLIDAYS_SOURCE}"
    _cache: dict[int, frozenset[dt.date]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.opens < self.closes:
            raise InputError("a centre must open before it closes")
        if not self.weekdays <= set(range(7)):
            raise InputError("weekdays run from 0 (Monday) to 6 (Sunday)")

    def holidays_of(self, year: int) -> frozenset[dt.date]:
        if self.holidays is not None:
            return self.holidays
        if year not in self._cache:
            self._cache[year] = mexican_holidays(year)
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

    def with_closures(self, days: Iterable[dt.date]) -> CentreCalendar:
        return CentreCalendar(
            self.opens, self.closes, self.weekdays, self.closures | frozenset(days), self.holidays
        )


DEFAULT_CALENDAR = CentreCalendar()
