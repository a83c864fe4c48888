"""The day's state from its events: replay in device-time order, late events, conflicts and
rejections, corrections, roll-calls."""

from __future__ import annotations

import datetime as dt
import itertools

from redceci.operations.events import Event, EventKind, Status
from redceci.operations.state import Presence, Roster, admit, replay

TZ = dt.timezone(dt.timedelta(hours=-6))
DAY = dt.date(2026, 11, 30)
ROSTER = Roster(
    children={1: 10, 2: 10, 3: 20},
    rooms={10: "lactantes", 20: "maternales"},
    staff={7: True, 8: True},
)


def at(h: int, m: int = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(h, m), tzinfo=TZ)


def ev(kind: str, t: dt.datetime, seq: int, **kw: object) -> Event:
    return Event(kind=EventKind(kind), device_time=t, seq=seq, key=f"k{seq}", **kw)  # type: ignore[arg-type]


def out(child: int, t: dt.datetime, seq: int) -> Event:
    return ev("check_out", t, seq, child_id=child, data={"picked_up_by": "Madre"})


def test_the_state_is_the_same_whatever_order_the_events_arrived_in() -> None:
    events = [
        ev("check_in", at(8), 1, child_id=1),
        ev("check_in", at(8, 5), 2, child_id=2),
        ev("staff_in", at(7, 55), 3, staff_id=7, room_id=10),
        out(1, at(15), 4),
        ev("staff_move", at(12), 5, staff_id=7, room_id=20),
    ]
    states = []
    for perm in itertools.permutations(events):
        s = replay(ROSTER, perm)
        states.append(
            (
                {c: (d.state, d.arrived_at, d.left_at) for c, d in s.children.items()},
                {k: (d.present, d.room_id) for k, d in s.staff.items()},
                len(s.anomalies),
            )
        )
    assert all(x == states[0] for x in states)
    assert states[0][0][1][0] is Presence.LEFT and states[0][0][2][0] is Presence.PRESENT
    assert states[0][1][7] == (True, 20)
    assert states[0][2] == 0


def test_check_out_without_check_in_is_rejected_and_twice_is_a_conflict() -> None:
    stored = [ev("check_in", at(8), 1, child_id=1), out(1, at(15), 2)]
    v = admit(ROSTER, [], out(2, at(15), 0))
    assert v is not None and v.status is Status.REJECTED and "no check-in" in v.reason
    v = admit(ROSTER, stored, out(1, at(15, 5), 0))
    assert v is not None and v.status is Status.CONFLICT and "15:00" in v.reason


def test_a_child_of_another_centre_is_rejected() -> None:
    v = admit(ROSTER, [], ev("check_in", at(8), 0, child_id=99))
    assert v is not None and v.status is Status.REJECTED and "not enrolled" in v.reason


def test_a_late_check_out_that_would_break_a_stored_later_one_is_a_conflict() -> None:
    stored = [ev("check_in", at(8), 1, child_id=1), out(1, at(16), 2)]
    v = admit(ROSTER, stored, out(1, at(10), 0))
    assert v is not None and v.status is Status.CONFLICT
    assert "contradicts" in v.reason


def test_a_late_check_in_takes_its_place_by_device_time() -> None:
    stored = [ev("check_in", at(8), 1, child_id=1), out(1, at(16), 2)]
    late = ev("check_in", at(7, 30), 0, child_id=2)
    assert admit(ROSTER, stored, late) is None
    s = replay(ROSTER, [*stored, ev("check_in", at(7, 30), 3, child_id=2)])
    assert s.children[2].state is Presence.PRESENT and s.children[2].arrived_at == at(7, 30)


def test_a_correction_voids_an_event_instead_of_editing_it() -> None:
    events = [
        ev("check_in", at(8), 1, child_id=1),
        out(1, at(9), 2),
        ev("correction", at(9, 5), 3, data={"corrects": 2, "reason": "wrong child"}),
    ]
    s = replay(ROSTER, events)
    assert s.children[1].state is Presence.PRESENT
    # a correction of the correction restores the check-out
    s = replay(ROSTER, [*events, ev("correction", at(9, 6), 4, data={"corrects": 3})])
    assert s.children[1].state is Presence.LEFT


def test_an_absence_notice_holds_all_day_but_a_check_in_wins() -> None:
    notice = ev("absence_notice", at(6), 1, child_id=3)
    s = replay(ROSTER, [notice])
    assert s.children[3].state is Presence.NOTIFIED
    s = replay(ROSTER, [notice, ev("check_in", at(9), 2, child_id=3)])
    assert s.children[3].state is Presence.PRESENT


def test_the_roll_call_lists_exactly_who_is_present_and_records_when_all_are_safe() -> None:
    events = [
        ev("staff_in", at(7), 1, staff_id=7, room_id=10),
        ev("check_in", at(8), 2, child_id=1),
        ev("check_in", at(8), 3, child_id=2),
        out(2, at(10), 4),
        ev("roll_call_start", at(10, 30), 5, data={"drill": True}),
        ev("roll_call_mark", at(10, 31), 6, child_id=1, data={"roll_call_id": 5}),
    ]
    s = replay(ROSTER, events)
    rc = s.roll_calls[5]
    assert set(rc.people) == {("child", 1), ("staff", 7)}
    assert rc.unaccounted == [("staff", 7)] and rc.all_safe_at is None
    twice = ev("roll_call_mark", at(10, 32), 0, child_id=1, data={"roll_call_id": 5})
    v = admit(ROSTER, events, twice)
    assert v is not None and v.status is Status.CONFLICT
    absent = ev("roll_call_mark", at(10, 32), 0, child_id=2, data={"roll_call_id": 5})
    v = admit(ROSTER, events, absent)
    assert v is not None and v.status is Status.REJECTED
    s = replay(
        ROSTER, [*events, ev("roll_call_mark", at(10, 33), 7, staff_id=7, data={"roll_call_id": 5})]
    )
    assert s.roll_calls[5].unaccounted == [] and s.roll_calls[5].all_safe_at == at(10, 33)


def test_staff_cannot_clock_out_before_clocking_in_nor_into_another_centres_room() -> None:
    v = admit(ROSTER, [], ev("staff_out", at(15), 0, staff_id=7))
    assert v is not None and v.status is Status.REJECTED
    v = admit(ROSTER, [], ev("staff_in", at(7), 0, staff_id=7, room_id=99))
    assert v is not None and v.status is Status.REJECTED
    v = admit(ROSTER, [], ev("staff_in", at(7), 0, staff_id=55, room_id=10))
    assert v is not None and v.status is Status.REJECTED
