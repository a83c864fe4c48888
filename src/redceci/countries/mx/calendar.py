"""Mexico's statutory rest days (Ley Federal del Trabajo, art. 74), the fixed ones and those
that move: the Mondays and the change of federal government.

1 January, first Monday of February, third Monday of March, 1 May, 16 September, third Monday
of November, 25 December, and 1 October every six years (2024, 2030 ...).
"""

from __future__ import annotations

import datetime as dt

__all__ = ["mexican_holidays"]


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
