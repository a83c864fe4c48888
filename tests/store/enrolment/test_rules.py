"""A centre's enrolment rooms: at most ``MAX_ROOMS``; by default the engine's ``ROOMS``
age bands, a new centre's places split across them by the width of each band."""

from __future__ import annotations

import pytest

from redceci.countries.mx.rooms import ROOMS
from redceci.errors import InputError
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.store.db import Database
from redceci.store.enrolment.rules import (
    MAX_ROOMS,
    RoomBand,
    default_room_bands,
    room_scheme,
    set_rooms,
)
from redceci.store.testing import add_user


def test_mexico_s_default_rooms_are_lactantes_from_43_days_and_maternales_from_19_to_48_months() -> (
    None
):
    lactantes, maternales = default_room_bands(100, ROOMS)
    assert (lactantes.name, lactantes.min_months, lactantes.min_days) == ("lactantes", 0, 43)
    assert (lactantes.max_months, lactantes.max_days) == (19, 0)
    assert (maternales.name, maternales.min_months, maternales.min_days) == ("maternales", 19, 0)
    assert (maternales.max_months, maternales.max_days) == (48, 0)
    assert room_scheme(default_room_bands(100, ROOMS)).rooms == ROOMS.rooms


@pytest.mark.parametrize("places", [0, 1, 7, 100, 333])
def test_default_rooms_share_every_place_by_the_width_of_their_age_band(places: int) -> None:
    bands = default_room_bands(places, ROOMS)
    assert sum(b.places for b in bands) == places
    assert all(b.reserved == 0 for b in bands)
    if places >= 100:  # 43 days to 19 months is narrower than 19 to 48 months
        assert bands[0].places < bands[1].places


def test_a_centre_cannot_be_given_more_rooms_than_allowed(db: Database) -> None:
    admin = add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
    bands = [
        RoomBand(name=f"sala {m}", min_months=m, max_months=m + 1, places=1)
        for m in range(MAX_ROOMS + 1)
    ]
    with pytest.raises(InputError, match=f"at most {MAX_ROOMS} rooms"):
        set_rooms(db, admin, 1, bands)
