"""The pack's rooms and ratios are the ones the core uses: a new centre's default rooms
(enrolment), a room's live ratio (operations), chosen as the settings choose the country."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from redceci.api.operations.schemas import operations_rules
from redceci.countries import country_pack
from redceci.operations.events import Event, EventKind
from redceci.operations.ratios import Colour, room_ratios
from redceci.operations.state import Roster, replay
from redceci.platform.country import CountryPack
from redceci.settings import Settings
from redceci.store.enrolment.rules import default_room_bands, room_scheme

DAY = dt.date(2026, 3, 10)
TZ = ZoneInfo("America/Guatemala")


def _settings(country: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("REDCECI_COUNTRY", country)
    monkeypatch.delenv("REDCECI_TIMEZONE", raising=False)
    return Settings()


def _room(children: int, adults: int) -> tuple[Roster, list[Event]]:
    """A room of two-year-olds with ``adults`` clocked in at 7:00, everyone in by 8:00."""
    kids = dict.fromkeys(range(1, children + 1), 10)
    roster = Roster(
        children=kids,
        rooms={10: "sala"},
        staff={100 + s: True for s in range(adults)},
        births=dict.fromkeys(kids, dt.date(2024, 1, 15)),
    )
    t = dt.datetime.combine(DAY, dt.time(8), tzinfo=TZ)
    events = [
        Event(kind=EventKind.CHECK_IN, device_time=t, seq=c, key=f"c{c}", child_id=c) for c in kids
    ]
    events += [
        Event(
            kind=EventKind.STAFF_IN,
            device_time=t - dt.timedelta(hours=1),
            seq=100 + s,
            key=f"s{s}",
            staff_id=100 + s,
            room_id=10,
        )
        for s in range(adults)
    ]
    return roster, events


def test_a_guatemalan_room_is_judged_by_sosep_s_ten_children_per_madre_cuidadora(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rules = operations_rules(_settings("gt", monkeypatch))
    assert rules.ratios == country_pack("gt").ratios
    now = dt.datetime.combine(DAY, dt.time(9), tzinfo=TZ)
    ten, one = _room(10, 1)
    [ratio] = room_ratios(replay(ten, one), ten, now, rules.ratios)
    assert ratio.needed == 1 and ratio.colour is not Colour.RED  # 10 children, 1 adult
    eleven, still_one = _room(11, 1)
    [ratio] = room_ratios(replay(eleven, still_one), eleven, now, rules.ratios)
    assert ratio.needed == 2 and ratio.colour is Colour.RED  # the eleventh child needs a second
    # The same ten two-year-olds under Mexico's rules need a lead and an assistant.
    mexico = operations_rules(_settings("mx", monkeypatch))
    [ratio] = room_ratios(replay(ten, one), ten, now, mexico.ratios)
    assert ratio.needed == 2 and ratio.colour is Colour.RED


def test_a_new_centre_s_default_rooms_are_the_pack_s(pack: CountryPack) -> None:
    bands = default_room_bands(60, pack.rooms)
    assert [b.name for b in bands] == list(pack.rooms.names)
    assert sum(b.places for b in bands) == 60
    assert room_scheme(bands).rooms == pack.rooms.rooms
    if pack.code == "gt":
        assert [(b.name, b.min_days, b.max_months, b.places) for b in bands] == [
            ("multiedad", 43, 48, 60)
        ]
