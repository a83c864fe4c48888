"""Rooms by age: the default IMSS bands, a child's room on a date, moves up and flows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from redceci.countries.mx.rooms import FINE_ROOMS, ROOMS
from redceci.errors import InputError
from redceci.platform.rooms import AgeLimit, Room, RoomScheme, add_months


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)


def test_children_are_admitted_from_43_days_to_4_years() -> None:
    birth = date(2025, 1, 1)
    assert ROOMS.room_for(birth, birth + timedelta(days=42)) is None
    assert ROOMS.room_for(birth, birth + timedelta(days=43)) == 0
    assert ROOMS.room_for(birth, date(2026, 7, 31)) == 0
    assert ROOMS.room_for(birth, date(2026, 8, 1)) == 1  # 19 months
    assert ROOMS.room_for(birth, date(2028, 12, 31)) == 1
    assert ROOMS.room_for(birth, date(2029, 1, 1)) is None  # fourth birthday
    assert len(FINE_ROOMS) == 6
    assert FINE_ROOMS.room_for(birth, date(2025, 8, 1)) == 1


def test_rooms_must_be_contiguous_and_ordered() -> None:
    with pytest.raises(InputError, match="contiguous"):
        RoomScheme(
            (
                Room("a", AgeLimit(days=43), AgeLimit(months=12)),
                Room("b", AgeLimit(months=13), AgeLimit(months=48)),
            )
        )
    with pytest.raises(InputError, match="below"):
        RoomScheme((Room("a", AgeLimit(months=5), AgeLimit(months=5)),))


def test_moves_list_room_changes_and_leaving_in_date_order() -> None:
    births = [date(2025, 1, 1), date(2022, 3, 10), date(2024, 12, 1)]
    moves = ROOMS.moves(births, date(2025, 6, 1), date(2026, 12, 31))
    assert [(m.child, m.on, m.from_room, m.to_room) for m in moves] == [
        (1, date(2026, 3, 10), 1, -1),  # fourth birthday: leaves
        (2, date(2026, 7, 1), 0, 1),  # 19 months: lactantes -> maternales
        (0, date(2026, 8, 1), 0, 1),
    ]
    flows = ROOMS.net_flows(births, date(2025, 6, 1), date(2026, 12, 31))
    assert flows == {"lactantes": (2, 0), "maternales": (1, 2)}


def test_moves_due_by_a_date_take_each_child_to_the_room_of_its_age() -> None:
    on = date(2026, 9, 1)
    births = [
        date(2025, 1, 10),  # 19 months on 2026-08-10: lactantes -> maternales
        date(2025, 6, 1),  # still a lactante
        date(2022, 8, 20),  # four on 2026-08-20: leaves
        date(2025, 1, 10),  # already holds maternales
    ]
    moves = ROOMS.due_moves([0, 0, 1, 1], births, on)
    assert [(m.child, m.on, m.from_room, m.to_room) for m in moves] == [
        (0, date(2026, 8, 10), 0, 1),
        (2, date(2026, 8, 20), 1, -1),
    ]


def test_a_full_room_with_a_child_moving_up_has_one_place_free_and_the_next_one_fewer() -> None:
    on = date(2026, 9, 1)
    births = [date(2025, 1, 10), date(2025, 6, 1), date(2025, 7, 1), date(2024, 1, 1)]
    held = [0, 0, 0, 1]  # three lactantes (a full room of 3) and one maternal
    assert ROOMS.occupancy_on(held, births, on) == [2, 2]
    # the day before the move nothing changes
    assert ROOMS.occupancy_on(held, births, date(2026, 8, 9)) == [3, 1]
