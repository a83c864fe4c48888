"""A new centre's places split across age rooms: exactly the places asked for, in proportion to
the eligible children in each room's age band."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from redceci.countries.mx.rooms import ROOMS
from redceci.platform.room_mix import (
    DAYS_PER_MONTH,
    RoomBand,
    bands_of,
    room_demand,
    room_places,
    split_places,
)

MONTH = DAYS_PER_MONTH
TWO_ROOMS = [RoomBand("lactantes", 43, 19 * MONTH), RoomBand("maternales", 19 * MONTH, 48 * MONTH)]


def test_mexico_s_rooms_are_lactantes_to_19_months_and_maternales_to_4_years() -> None:
    assert bands_of(ROOMS) == TWO_ROOMS


def test_room_demand_spreads_each_census_band_evenly_over_its_days() -> None:
    under_3, three_plus = 1053.0, 100.0
    lactantes, maternales = room_demand(TWO_ROOMS, under_3, three_plus)
    assert abs(lactantes - 1053 * (19 * MONTH - 43) / (36 * MONTH - 43)) < 1e-9
    assert abs(lactantes + maternales - (under_3 + three_plus)) < 1e-9


def test_a_room_beyond_the_census_bands_gets_no_demand() -> None:
    later = [RoomBand("preescolar", 48 * MONTH, 72 * MONTH)]
    assert room_demand(later, 500.0, 200.0) == [0.0]


def test_largest_remainder_gives_the_exact_total() -> None:
    assert split_places(10, [1, 1, 1]) == [4, 3, 3]
    assert split_places(250, [0, 0]) == [125, 125]
    assert split_places(7, [3, 0]) == [7, 0]


@given(
    places=st.integers(0, 1000),
    weights=st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=8),
)
def test_split_places_sums_exactly_and_stays_within_one_of_proportional(
    places: int, weights: list[float]
) -> None:
    split = split_places(places, weights)
    assert sum(split) == places and all(n >= 0 for n in split)
    total = sum(weights)
    shares = weights if total > 0 else [1.0] * len(weights)
    norm = sum(shares)
    for n, w in zip(split, shares, strict=True):
        assert abs(n - places * w / norm) < 1


def test_without_an_age_split_places_follow_each_rooms_age_span() -> None:
    lactantes, maternales = room_places(110, TWO_ROOMS, None, None)
    span = (19 * MONTH - 43) / (48 * MONTH - 43)
    assert lactantes + maternales == 110 and abs(lactantes - 110 * span) <= 0.5
