"""SYNTHETIC days: the same seed gives the same days, every event is marked synthetic and
applies to the day's replay, and the drawn rates are those documented (allergic reactions only
for children with a recorded allergy)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

from redceci.operations.calendar import CentreCalendar
from redceci.operations.events import EventKind
from redceci.operations.incidents import Severity, check_incident
from redceci.operations.state import Presence, Roster, replay
from redceci.operations.synthetic import (
    DEFAULT_RATES,
    SyntheticCentre,
    SyntheticChild,
    SyntheticStaff,
    synthetic_days,
)

TZ = ZoneInfo("America/Mexico_City")
START, END = dt.date(2026, 9, 1), dt.date(2026, 11, 30)


def centre() -> SyntheticCentre:
    return SyntheticCentre(
        children=[SyntheticChild(c, 10, (("guardian", c, f"Madre {c}"),)) for c in range(1, 61)],
        staff=[SyntheticStaff(100 + s, 10, dt.time(7), dt.time(15, 30)) for s in range(8)],
        calendar=CentreCalendar(),
        tz=TZ,
    )


def test_the_same_seed_gives_the_same_days() -> None:
    a = [
        (d, [(e.kind, e.device_time, e.child_id) for e in ev])
        for d, ev in synthetic_days(centre(), START, START + dt.timedelta(days=13), seed=5)
    ]
    b = [
        (d, [(e.kind, e.device_time, e.child_id) for e in ev])
        for d, ev in synthetic_days(centre(), START, START + dt.timedelta(days=13), seed=5)
    ]
    c = [
        (d, [(e.kind, e.device_time, e.child_id) for e in ev])
        for d, ev in synthetic_days(centre(), START, START + dt.timedelta(days=13), seed=6)
    ]
    assert a == b and a != c


def test_synthetic_days_are_marked_valid_and_at_the_documented_rates() -> None:
    roster = Roster(
        children=dict.fromkeys(range(1, 61), 10),
        rooms={10: "sala"},
        staff={100 + s: True for s in range(8)},
    )
    present = expected = 0
    drill_days: list[dt.date] = []
    days = list(synthetic_days(centre(), START, END, seed=1))
    assert all(CentreCalendar().is_open(d) for d, _ in days)
    seq = 0
    for day, events in days:
        numbered = []
        ids: dict[str, int] = {}
        for e in events:
            seq += 1
            ids[e.key] = seq
            data = {
                k: (ids[v[1:]] if isinstance(v, str) and v.startswith("@") else v)
                for k, v in e.data.items()
            }
            numbered.append(
                type(e)(
                    kind=e.kind,
                    device_time=e.device_time,
                    key=e.key,
                    seq=seq,
                    child_id=e.child_id,
                    staff_id=e.staff_id,
                    room_id=e.room_id,
                    data=data,
                )
            )
        assert all(e.data.get("synthetic") is True for e in numbered)
        state = replay(roster, numbered)
        assert state.anomalies == []
        present += sum(1 for c in state.children.values() if c.arrived_at is not None)
        expected += len(state.children)
        if any(e.kind == EventKind.ROLL_CALL_START for e in numbered):
            drill_days.append(day)
        assert all(c.state is not Presence.PRESENT for c in state.children.values())
    rate = present / expected
    assert abs(rate - DEFAULT_RATES.attendance * (1 - DEFAULT_RATES.refusal)) < 0.02
    # a drill on the first day, then each time the interval has passed (Tuesdays 28 days apart)
    assert drill_days == [
        dt.date(2026, 9, 1),
        dt.date(2026, 9, 29),
        dt.date(2026, 10, 27),
        dt.date(2026, 11, 24),
    ]


def test_allergic_reactions_are_drawn_for_allergic_children_only_at_the_given_rate() -> None:
    allergic = {1: ("peanut",), 2: ("milk", "egg")}
    people = centre()
    people.children = [
        SyntheticChild(c.child_id, c.room_id, c.pickup, allergic.get(c.child_id, ()))
        for c in people.children
    ]
    people.rates = replace(DEFAULT_RATES, allergic_reaction=0.25)
    reactions, present = [], 0
    for _, events in synthetic_days(people, START, END, seed=3):
        present += sum(1 for e in events if e.kind == EventKind.CHECK_IN and e.child_id in allergic)
        reactions += [
            e
            for e in events
            if e.kind == EventKind.INCIDENT and e.data["category"] == "allergic_reaction"
        ]
    assert {e.child_id for e in reactions} == {1, 2}
    assert {e.data["allergen"] for e in reactions} <= {"peanut", "milk", "egg"}
    assert abs(len(reactions) / present - 0.25) < 0.06
    assert all(check_incident(e.data) in (Severity.MODERATE, Severity.SERIOUS) for e in reactions)


def test_a_centre_without_allergic_children_draws_the_same_days_as_before() -> None:
    plain = list(synthetic_days(centre(), START, START + dt.timedelta(days=13), seed=5))
    people = centre()
    people.rates = replace(DEFAULT_RATES, allergic_reaction=0.9)
    same = list(synthetic_days(people, START, START + dt.timedelta(days=13), seed=5))
    assert same == plain
