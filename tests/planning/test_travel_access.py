"""Travel pairs (checked against brute force) and 2SFCA / E2SFCA (checked by hand)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from redceci.errors import InputError
from redceci.planning.access import reachable_sum, two_step_fca
from redceci.planning.travel import Pairs, haversine_km, pairs_from_table, pairs_within


def test_haversine_matches_a_known_distance() -> None:
    # Mexico City Zócalo to Monterrey Macroplaza: about 705 km great-circle.
    km = haversine_km(
        np.array([19.4326]), np.array([-99.1332]), np.array([25.6692]), np.array([-100.3099])
    )
    assert km[0] == pytest.approx(703, abs=10)


def test_pairs_within_equal_brute_force() -> None:
    rng = np.random.default_rng(7)
    olat, olon = rng.uniform(19, 21, 400), rng.uniform(-100, -98, 400)
    dlat, dlon = rng.uniform(19, 21, 300), rng.uniform(-100, -98, 300)
    speed = np.where(rng.random(400) < 0.5, 20.0, 40.0)
    pairs = pairs_within(olat, olon, dlat, dlon, speed_kmh=speed, detour_factor=1.3, max_minutes=30)
    km = haversine_km(olat[:, None], olon[:, None], dlat[None, :], dlon[None, :])
    minutes = km * 1.3 / speed[:, None] * 60
    o, d = np.nonzero(minutes <= 30)
    assert set(zip(pairs.origin.tolist(), pairs.dest.tolist(), strict=True)) == set(
        zip(o.tolist(), d.tolist(), strict=True)
    )
    np.testing.assert_allclose(pairs.minutes, minutes[pairs.origin, pairs.dest], rtol=1e-5)
    assert np.all(np.diff(pairs.origin) >= 0)


def test_bad_speed_is_an_input_error() -> None:
    with pytest.raises(InputError):
        pairs_within(
            np.zeros(1),
            np.zeros(1),
            np.zeros(1),
            np.zeros(1),
            speed_kmh=0.0,
            detour_factor=1.2,
            max_minutes=10,
        )


def test_supplied_table_defines_reachability() -> None:
    table = pd.DataFrame(
        {
            "origin": ["a", "a", "b", "zz"],
            "destination": ["x", "y", "x", "x"],
            "minutes": [5, 50, 10, 1],
        }
    )
    pairs = pairs_from_table(table, pd.Index(["a", "b"]), pd.Index(["x", "y"]), max_minutes=20)
    assert list(zip(pairs.origin, pairs.dest, strict=True)) == [(0, 0), (1, 0)]
    with pytest.raises(InputError, match="row 2"):
        pairs_from_table(
            table.assign(minutes=[-1, 1, 1, 1]), pd.Index(["a"]), pd.Index(["x"]), max_minutes=20
        )


def hand_pairs() -> Pairs:
    # Two units, two providers: unit 0 reaches both (5 and 15 min), unit 1 reaches provider 1 (25).
    return Pairs(
        np.array([0, 0, 1], np.int32),
        np.array([0, 1, 1], np.int32),
        np.array([5, 15, 25], np.float32),
        2,
        2,
    )


def test_two_step_fca_by_hand() -> None:
    demand, supply = np.array([100.0, 300.0]), np.array([50.0, 80.0])
    a = two_step_fca(hand_pairs(), demand, supply, catchment_minutes=30)
    # R0 = 50/100, R1 = 80/400; A0 = R0 + R1, A1 = R1.
    np.testing.assert_allclose(a, [0.5 + 0.2, 0.2])
    # Places per person times people equals the places used (no place lost or created).
    assert (a * demand).sum() == pytest.approx(supply.sum())


def test_enhanced_two_step_fca_applies_zone_weights() -> None:
    demand, supply = np.array([100.0, 300.0]), np.array([50.0, 80.0])
    a = two_step_fca(hand_pairs(), demand, supply, catchment_minutes=30, weights=(1.0, 0.68, 0.22))
    r0 = 50 / (1.0 * 100)
    r1 = 80 / (0.68 * 100 + 0.22 * 300)
    np.testing.assert_allclose(a, [r0 + 0.68 * r1, 0.22 * r1])


def test_reachable_sum_respects_the_catchment() -> None:
    np.testing.assert_allclose(
        reachable_sum(hand_pairs(), np.array([50.0, 80.0]), catchment_minutes=20), [130, 0]
    )
