"""The live state of a centre's day, derived by replaying its events in device-time order.

``verdict`` says whether an event can apply to the state (or why not: a conflict with what
another device recorded, or bad input), ``apply`` applies it, and ``replay`` folds a day's
events, voiding corrected ones and keeping the events that could not apply as anomalies.
Events arriving late (a tablet back online) take their place by device time: the state is the
same whatever order the events reached the server in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from redceci.operations.events import (
    CHILD_KINDS,
    STAFF_KINDS,
    Event,
    EventKind,
    Status,
    Verdict,
    in_order,
    voided,
)


class Presence(StrEnum):
    """Where a child stands today."""

    EXPECTED = "absent"  # enrolled, not (yet) arrived
    NOTIFIED = "notified"  # a guardian said the child will not come
    PRESENT = "present"
    LEFT = "left"  # checked out
    REFUSED = "refused"  # the health filter refused entry


@dataclass(frozen=True)
class Roster:
    """Who belongs to the centre today: children by room, staff (counted in ratios or not) with
    their scheduled end of shift, and the rooms."""

    children: Mapping[int, int]  # child id -> room id
    rooms: Mapping[int, str]  # room id -> name, in display order
    staff: Mapping[int, bool] = field(default_factory=dict)  # staff id -> counts in ratios
    shift_ends: Mapping[int, dt.datetime] = field(default_factory=dict)
    births: Mapping[int, dt.date] = field(default_factory=dict)


@dataclass
class ChildDay:
    child_id: int
    room_id: int
    state: Presence = Presence.EXPECTED
    arrived_at: dt.datetime | None = None
    left_at: dt.datetime | None = None
    expected_out: dt.datetime | None = None
    picked_up_by: str = ""
    refusal: str = ""
    observation: Mapping[str, object] | None = None


@dataclass
class StaffDay:
    staff_id: int
    present: bool = False
    room_id: int | None = None
    since: dt.datetime | None = None
    left_at: dt.datetime | None = None


@dataclass
class RollCall:
    """A drill or a real evacuation: exactly who was present when it started, by room, and who
    has been marked safe (``("child", id)`` or ``("staff", id)``) and when."""

    id: int
    started_at: dt.datetime
    drill: bool
    hypothesis: str
    children: dict[int, int]  # child id -> room id
    staff: dict[int, int | None]  # staff id -> room id
    safe: dict[tuple[str, int], dt.datetime] = field(default_factory=dict)
    ended_at: dt.datetime | None = None
    all_safe_at: dt.datetime | None = None

    @property
    def people(self) -> list[tuple[str, int]]:
        return [("child", c) for c in self.children] + [("staff", s) for s in self.staff]

    @property
    def unaccounted(self) -> list[tuple[str, int]]:
        return [p for p in self.people if p not in self.safe]


@dataclass
class DayState:
    children: dict[int, ChildDay]
    staff: dict[int, StaffDay]
    roll_calls: dict[int, RollCall] = field(default_factory=dict)
    anomalies: list[tuple[Event, Verdict]] = field(default_factory=list)
    last_time: dt.datetime | None = None

    def active_roll_call(self) -> RollCall | None:
        active = [r for r in self.roll_calls.values() if r.ended_at is None]
        return active[-1] if active else None

    def present_children(self, room_id: int | None = None) -> list[int]:
        return [
            c.child_id
            for c in self.children.values()
            if c.state is Presence.PRESENT and (room_id is None or c.room_id == room_id)
        ]

    def present_staff(self, room_id: int | None = None) -> list[int]:
        return [
            s.staff_id
            for s in self.staff.values()
            if s.present and (room_id is None or s.room_id == room_id)
        ]


def start(roster: Roster) -> DayState:
    """The state before the day's first event."""
    return DayState(
        children={c: ChildDay(c, r) for c, r in roster.children.items()},
        staff={s: StaffDay(s) for s in roster.staff},
    )


def _hm(t: dt.datetime | None) -> str:
    return t.strftime("%H:%M") if t else "?"


def _reject(reason: str) -> Verdict:
    return Verdict(Status.REJECTED, reason)


def _conflict(reason: str) -> Verdict:
    return Verdict(Status.CONFLICT, reason)


def verdict(state: DayState, e: Event, roster: Roster) -> Verdict | None:
    """None if ``e`` can apply to ``state``; else why not (conflict or rejection)."""
    if e.kind in CHILD_KINDS:
        if e.child_id is None:
            return _reject(f"{e.kind} needs a child")
        if e.child_id not in state.children:
            return _reject(f"child {e.child_id} is not enrolled at this centre")
    if e.kind in STAFF_KINDS:
        if e.staff_id is None or e.staff_id not in state.staff:
            return _reject(f"staff member {e.staff_id} does not work at this centre")
        if e.kind != EventKind.STAFF_OUT and (e.room_id is None or e.room_id not in roster.rooms):
            return _reject(f"room {e.room_id} is not a room of this centre")
    child = state.children.get(e.child_id) if e.child_id is not None else None
    staff = state.staff.get(e.staff_id) if e.staff_id is not None else None
    match e.kind:
        case EventKind.CHECK_IN:
            assert child is not None
            if child.state is Presence.PRESENT:
                return _conflict(
                    f"child {child.child_id} was already checked in at "
                    f"{_hm(child.arrived_at)} (another device?)"
                )
        case EventKind.CHECK_OUT:
            assert child is not None
            if child.state is Presence.LEFT:
                return _conflict(
                    f"child {child.child_id} was already checked out at "
                    f"{_hm(child.left_at)} (another device?)"
                )
            if child.state is not Presence.PRESENT:
                return _reject(f"child {child.child_id} has no check-in today: cannot check out")
            if not str(e.data.get("picked_up_by") or "").strip():
                return _reject("a check-out names who picks the child up")
        case EventKind.REFUSAL:
            assert child is not None
            if child.state is Presence.PRESENT:
                return _conflict(
                    f"child {child.child_id} was already checked in at "
                    f"{_hm(child.arrived_at)}: cannot be refused at the door"
                )
        case EventKind.STAFF_IN:
            assert staff is not None
            if staff.present:
                return _conflict(
                    f"staff member {staff.staff_id} already clocked in at {_hm(staff.since)}"
                )
        case EventKind.STAFF_OUT | EventKind.STAFF_MOVE:
            assert staff is not None
            if not staff.present:
                if staff.left_at is not None:
                    return _conflict(
                        f"staff member {staff.staff_id} already clocked out at {_hm(staff.left_at)}"
                    )
                return _reject(f"staff member {staff.staff_id} has not clocked in today")
        case EventKind.ROLL_CALL_START:
            active = state.active_roll_call()
            if active is not None:
                return _conflict(
                    f"roll-call {active.id} started at {_hm(active.started_at)} is still open"
                )
        case EventKind.ROLL_CALL_MARK | EventKind.ROLL_CALL_END:
            rc = state.roll_calls.get(int(e.data.get("roll_call_id") or 0))
            if rc is None:
                return _reject(f"no roll-call {e.data.get('roll_call_id')} today")
            if rc.ended_at is not None:
                return _conflict(f"roll-call {rc.id} ended at {_hm(rc.ended_at)}")
            if e.kind == EventKind.ROLL_CALL_MARK:
                who = _person(e)
                if who is None or who not in rc.people:
                    return _reject("only people present when the roll-call started are marked")
                if who in rc.safe:
                    return _conflict(
                        f"{who[0]} {who[1]} already marked safe at {_hm(rc.safe[who])}"
                    )
        case _:
            pass
    return None


def _person(e: Event) -> tuple[str, int] | None:
    if e.child_id is not None:
        return ("child", e.child_id)
    if e.staff_id is not None:
        return ("staff", e.staff_id)
    return None


def _time(value: object) -> dt.datetime | None:
    if not value:
        return None
    t = dt.datetime.fromisoformat(str(value))
    return t if t.tzinfo else None


def apply(state: DayState, e: Event) -> None:
    """Apply an event that passed ``verdict``."""
    child = state.children.get(e.child_id) if e.child_id is not None else None
    staff = state.staff.get(e.staff_id) if e.staff_id is not None else None
    match e.kind:
        case EventKind.CHECK_IN:
            assert child is not None
            child.state = Presence.PRESENT
            child.arrived_at = e.device_time
            child.left_at = None
            child.expected_out = _time(e.data.get("expected_out"))
            obs = e.data.get("observation")
            child.observation = obs if isinstance(obs, Mapping) else None
        case EventKind.CHECK_OUT:
            assert child is not None
            child.state = Presence.LEFT
            child.left_at = e.device_time
            child.picked_up_by = str(e.data.get("picked_up_by") or "")
        case EventKind.REFUSAL:
            assert child is not None
            child.state = Presence.REFUSED
            child.refusal = str(e.data.get("reason") or "")
        case EventKind.ABSENCE_NOTICE:
            assert child is not None
            if child.state is Presence.EXPECTED:
                child.state = Presence.NOTIFIED
        case EventKind.STAFF_IN | EventKind.STAFF_MOVE:
            assert staff is not None
            if not staff.present:
                staff.since = e.device_time
            staff.present = True
            staff.room_id = e.room_id
            staff.left_at = None
        case EventKind.STAFF_OUT:
            assert staff is not None
            staff.present = False
            staff.left_at = e.device_time
        case EventKind.ROLL_CALL_START:
            state.roll_calls[e.seq] = RollCall(
                id=e.seq,
                started_at=e.device_time,
                drill=bool(e.data.get("drill", True)),
                hypothesis=str(e.data.get("hypothesis") or ""),
                children={c: state.children[c].room_id for c in state.present_children()},
                staff={s: state.staff[s].room_id for s in state.present_staff()},
            )
        case EventKind.ROLL_CALL_MARK:
            rc = state.roll_calls[int(e.data["roll_call_id"])]
            who = _person(e)
            assert who is not None
            rc.safe[who] = e.device_time
            if not rc.unaccounted and rc.all_safe_at is None:
                rc.all_safe_at = e.device_time
        case EventKind.ROLL_CALL_END:
            rc = state.roll_calls[int(e.data["roll_call_id"])]
            rc.ended_at = e.device_time
        case _:
            pass
    if state.last_time is None or e.device_time > state.last_time:
        state.last_time = e.device_time


Observer = Callable[[DayState, Event], None]


def replay(roster: Roster, events: Iterable[Event], *, observe: Observer | None = None) -> DayState:
    """The day's state from its events (corrected ones voided); events that cannot apply are
    kept in ``anomalies``. ``observe`` is called after each applied event (for timelines)."""
    events = list(events)
    void = voided(events)
    state = start(roster)
    notices = [e for e in events if e.kind == EventKind.ABSENCE_NOTICE and e.seq not in void]
    for e in notices:  # a notice holds for the whole day, whenever it was sent
        if verdict(state, e, roster) is None:
            apply(state, e)
    for e in in_order(events):
        if e.seq in void or e.kind in (EventKind.CORRECTION, EventKind.ABSENCE_NOTICE):
            continue
        v = verdict(state, e, roster)
        if v is not None:
            state.anomalies.append((e, v))
            continue
        apply(state, e)
        if observe is not None:
            observe(state, e)
    return state


def admit(
    roster: Roster, stored: list[Event], new: Event, state: DayState | None = None
) -> Verdict | None:
    """Whether ``new`` can join the stored events of its day: None if it applies, else why not.

    An event later than every stored one is checked against the current state (``state``, the
    replay of ``stored``, when given). A late event is replayed in its place; it is a conflict
    if it would make any stored event impossible (e.g. a check-out at 10:00 arriving after
    another device's check-out at 16:00)."""
    if new.kind == EventKind.CORRECTION:
        return None
    current = state if state is not None else replay(roster, stored)
    if current.last_time is None or new.device_time >= current.last_time:
        return verdict(current, new, roster)
    before = {id(e) for e, _ in current.anomalies}
    after = replay(roster, [*stored, new])
    for e, v in after.anomalies:
        if e is new:
            return v
    broken = [e for e, _ in after.anomalies if id(e) not in before]
    if broken:
        other = broken[0]
        return _conflict(
            f"recorded for {_hm(new.device_time)}, it contradicts {other.kind} recorded at "
            f"{_hm(other.device_time)} on another device"
        )
    return None
