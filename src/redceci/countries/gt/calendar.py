"""Guatemala's movable public holidays: Holy Thursday and Good Friday (Código de Trabajo,
art. 127), from the date of Easter (the Gregorian computus)."""

from __future__ import annotations

import datetime as dt


def easter(year: int) -> dt.date:
    """Easter Sunday of ``year`` (Gregorian; the anonymous algorithm of Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def holy_week(year: int) -> tuple[dt.date, dt.date]:
    """Holy Thursday and Good Friday of ``year``."""
    sunday = easter(year)
    return sunday - dt.timedelta(days=3), sunday - dt.timedelta(days=2)
