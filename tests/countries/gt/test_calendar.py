"""Guatemala's movable holidays: Holy Thursday and Good Friday from the date of Easter."""

from __future__ import annotations


def test_holy_week_follows_easter_as_published() -> None:
    import datetime as dt

    from redceci.countries import country_pack
    from redceci.countries.gt.calendar import easter, holy_week

    # Easter Sundays as published (e.g. timeanddate.com): 2024-03-31, 2025-04-20, 2026-04-05.
    assert [easter(y) for y in (2024, 2025, 2026)] == [
        dt.date(2024, 3, 31),
        dt.date(2025, 4, 20),
        dt.date(2026, 4, 5),
    ]
    assert holy_week(2026) == (dt.date(2026, 4, 2), dt.date(2026, 4, 3))
    days = country_pack("gt").holidays_in(2026)
    assert dt.date(2026, 4, 3) in days and dt.date(2026, 9, 15) in days and len(days) == 9
    mexico = country_pack("mx").holidays_in(2026)
    assert dt.date(2026, 2, 2) in mexico and dt.date(2026, 3, 16) in mexico  # the Mondays
