"""Dose-response of women's participation on places per 100 eligible children."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from redceci.planning.impact import (
    impact_by_area,
    mothers_enabled,
    participation_gain_pp,
    siting_weights,
)
from redceci.planning.parameters import ImpactParameters


def test_curve_passes_through_the_published_points() -> None:
    curve = ImpactParameters().dose_response_pp
    assert participation_gain_pp(np.array([10.0]), curve["low"])[0] == 1
    assert participation_gain_pp(np.array([10.0]), curve["high"])[0] == 5
    assert participation_gain_pp(np.array([30.0]), curve["high"])[0] == 17
    assert participation_gain_pp(np.array([90.0]), curve["central"])[0] == 11  # flat beyond


def test_mothers_enabled_from_zero_to_ten_places_per_hundred() -> None:
    params = ImpactParameters(children_per_mother=1.0)
    got = mothers_enabled(np.array([1000.0]), np.array([0.0]), np.array([100.0]), params, "central")
    assert got[0] == pytest.approx(1000 * 3 / 100)


def test_scenarios_are_ordered_and_nothing_added_gives_nothing() -> None:
    areas = pd.DataFrame({"children": [1000.0, 500.0], "places": [50.0, 0.0]}, index=["01", "02"])
    out = impact_by_area(areas, pd.Series({"01": 100.0}), ImpactParameters())
    assert (out["mothers_enabled_low"] <= out["mothers_enabled_central"]).all()
    assert (out["mothers_enabled_central"] <= out["mothers_enabled_high"]).all()
    assert out.loc["02", "mothers_enabled_central"] == 0
    assert out.loc["01", "places_per_100_after"] == pytest.approx(15.0)


def test_weights_favour_places_where_fewer_women_work() -> None:
    w = siting_weights(np.array([0.2, 0.6]), np.array([1.0, 1.0]), ImpactParameters())
    assert w[0] > w[1]
    flat = siting_weights(
        np.array([0.2, 0.6]), np.array([1.0, 1.0]), ImpactParameters(headroom_weighting=False)
    )
    assert flat[0] == flat[1] == pytest.approx(0.3 / 1.2)
