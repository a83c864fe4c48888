"""The dashboard's sums: centres counted over time, the nearest polo, coverage by state."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from redceci.web.dashboard import coverage_bars, nearest_polo, over_time


def test_centres_count_from_approval_until_they_close() -> None:
    frame = pd.DataFrame(
        {
            "since": [dt.date(2026, 3, 10), dt.date(2025, 12, 1), dt.date(2026, 1, 31), None],
            "until": [None, None, dt.date(2026, 5, 2), None],
        }
    )
    months = over_time(frame, today=dt.date(2026, 6, 15), months=6)
    assert [m["month"] for m in months] == [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
        "2026-06",
    ]
    assert [m["centres"] for m in months] == [2, 2, 3, 3, 2, 2]
    assert max(m["width"] for m in months) == 100.0


def test_a_centre_belongs_to_the_nearest_polo_within_25_km_only() -> None:
    polos = pd.DataFrame({"polo": ["Norte", "Sur"], "lat": [25.0, 20.0], "lon": [-100.0, -100.0]})
    centres = pd.DataFrame({"lat": [25.1, 20.0, 22.5], "lon": [-100.0, -100.1, -100.0]})
    assert list(nearest_polo(centres, polos)) == ["Norte", "Sur", None]


def test_coverage_bars_are_scaled_to_the_best_state() -> None:
    table = pd.DataFrame({"name": ["A", "B"], "places_per_100": [5.0, 20.0]})
    bars = coverage_bars(table)
    assert [(b["name"], b["width"], b["value"]) for b in bars] == [
        ("A", 25.0, "5.0"),
        ("B", 100.0, "20.0"),
    ]
