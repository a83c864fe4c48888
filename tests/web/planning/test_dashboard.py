"""The dashboard's sums: the months over time, the nearest polo, coverage by state, drawn once
per world."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from pathlib import Path
from typing import cast

import pandas as pd
import pytest

from redceci.web.planning import dashboard
from redceci.web.planning.dashboard import (
    cached_coverage,
    coverage_bars,
    last_months,
    nearest_polo,
    series,
)
from redceci.workflow import World


def test_the_series_covers_the_last_months_each_to_its_last_day() -> None:
    assert last_months(dt.date(2026, 2, 15), months=4) == [
        ("2025-11", dt.date(2025, 11, 30)),
        ("2025-12", dt.date(2025, 12, 31)),
        ("2026-01", dt.date(2026, 1, 31)),
        ("2026-02", dt.date(2026, 2, 28)),
    ]
    assert len(last_months(dt.date(2026, 6, 1))) == 12


def test_the_series_bars_are_scaled_to_the_busiest_month() -> None:
    bars = series(["2026-01", "2026-02", "2026-03"], [2, 4, 3])
    assert [(b["month"], b["centres"], b["width"]) for b in bars] == [
        ("2026-01", 2, 50.0),
        ("2026-02", 4, 100.0),
        ("2026-03", 3, 75.0),
    ]
    assert [b["width"] for b in series(["2026-01"], [0])] == [0.0]


def test_a_centre_belongs_to_the_nearest_polo_within_25_km_only() -> None:
    polos = pd.DataFrame({"polo": ["Norte", "Sur"], "lat": [25.0, 20.0], "lon": [-100.0, -100.0]})
    lat, lon = [25.1, 20.0, 22.5], [-100.0, -100.1, -100.0]
    assert nearest_polo(lat, lon, polos) == ["Norte", "Sur", None]
    assert nearest_polo(lat, lon, polos.iloc[:0]) == [None, None, None]


def test_coverage_bars_are_scaled_to_the_best_state() -> None:
    table = pd.DataFrame({"name": ["A", "B"], "places_per_100": [5.0, 20.0]})
    bars = coverage_bars(table)
    assert [(b["name"], b["width"], b["value"]) for b in bars] == [
        ("A", 25.0, "5.0"),
        ("B", 100.0, "20.0"),
    ]


class _World:
    """A stand-in for a world: only its identity matters to the cache."""

    def __init__(self, name: str) -> None:
        self.name = name


def test_coverage_is_drawn_once_per_world_and_forgotten_with_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn: list[str] = []

    def draw(world: _World, data: Path) -> Path:
        drawn.append(world.name)
        return data

    monkeypatch.setattr(dashboard, "coverage_of", draw)
    first, second = _World("first"), _World("second")
    for world in (first, first, second, first):
        cached_coverage(cast(World, world), Path("data"))
    assert drawn == ["first", "second"]
    forgotten = weakref.ref(first)
    del first, world
    gc.collect()
    assert forgotten() is None  # the cache does not keep a world alive
    for world in (_World("third"), second):
        cached_coverage(cast(World, world), Path("data"))
    assert drawn == ["first", "second", "third"]
