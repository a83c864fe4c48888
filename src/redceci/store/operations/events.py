"""Storing a centre's events: batch ingest with one lock per centre, idempotency keys, device
time order, and a verdict per event (stored, duplicate, conflict or rejected, with a reason).

Every batch is one transaction holding the centre's lock (a PostgreSQL advisory lock on the
centre, taken in the same statement as the scope check; SQLite's write lock), so two tablets
never judge against the same stale day. The days are judged against the process's memory of
them (``memory``), brought up to date with the events stored since it last saw the centre. An event
whose key is already stored is a duplicate (nothing changes: a resent offline queue never
double-counts). A rejected event writes nothing, except a refused pick-up, which is logged as a
``pickup_refused`` event. A conflict (a check-out of a child another device already checked
out) is kept with its reason for the director's board and never replayed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from redceci.errors import InputError
from redceci.operations.daily import check_entry
from redceci.operations.events import CHILD_KINDS, Event, EventKind, Status, Verdict
from redceci.operations.health import HealthFilter, Observation
from redceci.operations.incidents import check_incident
from redceci.operations.parameters import DEFAULT_RULES, OperationsRules
from redceci.operations.pickup import IssuedCode, match_code
from redceci.operations.state import Roster, admit, verdict
from redceci.platform.access import Permission, Principal
from redceci.store.base import utcnow
from redceci.store.db import Database
from redceci.store.enrolment.models import AuthorisedPerson, Child, Guardian
from redceci.store.operations.centrelock import hold_centre, lock
from redceci.store.operations.inputs import EventIn, local_day
from redceci.store.operations.memory import WHOLE_DAY, CentreMemory, View, centre_memory
from redceci.store.operations.models import DaySummaryRow, EventRow, PickupCode
from redceci.store.operations.recall import (
    EVENTS,
    first_day,
    note,
    recall,
    remembered_day,
    whole_day,
)
from redceci.store.operations.roster import (
    child_centre,
    child_for_family,
    children_and_filter,
    day_events,
    health_filter,
    scoped_roster,
)

#: Kinds whose validity depends on the day's state (replayed in device-time order).
STATEFUL = frozenset(
    {
        EventKind.CHECK_IN,
        EventKind.CHECK_OUT,
        EventKind.REFUSAL,
        EventKind.STAFF_IN,
        EventKind.STAFF_OUT,
        EventKind.STAFF_MOVE,
        EventKind.ROLL_CALL_START,
        EventKind.ROLL_CALL_MARK,
        EventKind.ROLL_CALL_END,
    }
)


def _scope(e: EventIn) -> tuple[str, int | None]:
    """Which part of the day an event is judged against."""
    if e.kind in WHOLE_DAY:
        return ("all", None)
    if e.child_id is not None:
        return ("child", e.child_id)
    if e.staff_id is not None:
        return ("staff", e.staff_id)
    return ("all", None)


#: What a centre's devices may send (acknowledgements come from guardians; refused pick-ups
#: are logged by the server itself).
STAFF_KINDS = frozenset(EventKind) - {EventKind.INCIDENT_ACK, EventKind.PICKUP_REFUSED}


@cache
def _insert(dialect: str) -> Any:
    """``_store``'s statement (built once per dialect): one event, its id returned, or no row
    if its key is already stored at the centre (``ON CONFLICT DO NOTHING``: under the centre's
    lock the batch's keys were looked up first, so this only guards a writer that skipped the
    lock: its key is answered as a duplicate instead of failing the batch)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(EVENTS)
        .on_conflict_do_nothing(index_elements=["centre_id", "key"])
        .returning(EVENTS.c.id)
    )


class AlreadyStoredError(Exception):
    """The event's key was stored at the centre after the batch looked its keys up."""

    def __init__(self, event_id: int) -> None:
        super().__init__(f"already stored as event {event_id}")
        self.event_id = event_id


@dataclass(frozen=True)
class Result:
    """What became of one sent event."""

    key: str
    status: Status
    reason: str = ""
    event_id: int | None = None
    logged: bool = False  # a refused pick-up: rejected, and logged

    def as_dict(self) -> dict[str, Any]:
        return {
            "idempotency_key": self.key,
            "status": str(self.status),
            "reason": self.reason,
            "event_id": self.event_id,
            "logged": self.logged,
        }


@dataclass
class Ingest:
    """One batch's work at one centre (inside its transaction and lock)."""

    session: Session
    centre_id: int
    actor: Principal
    tz: ZoneInfo
    rules: OperationsRules
    now: dt.datetime
    memory: CentreMemory
    kinds: frozenset[EventKind] = STAFF_KINDS
    sender: str = "centre"  # who writes messages: the centre or a guardian
    known: dict[str, int] = field(default_factory=dict)  # stored keys among the batch's
    rosters: dict[int, Roster] = field(default_factory=dict)  # the batch's children, fresh
    refreshed: set[tuple[dt.date, str, int | None]] = field(default_factory=set)  # whole days
    _filter: HealthFilter | None = None

    @property
    def since(self) -> dt.date:
        """The first day the memory keeps (events older than ``late_max_days`` are refused)."""
        return first_day(self.now, self.tz, self.rules)

    def prepare(self, events: Sequence[EventIn]) -> None:
        """Bring the memory up to the centre's last event and find the batch's stored keys
        (one query), then read the batch's children and the health filter (one query, unless
        ``hold_centre`` read them with the lock)."""
        m, since = self.memory, self.since
        keys = [e.idempotency_key for e in events]
        self.known = recall(self.session, m, self.centre_id, since, keys)
        kids = batch_children(events)
        if kids is not None and self._filter is None:
            self.rosters, self._filter = children_and_filter(
                self.session, self.centre_id, kids, self.rules
            )
        for who, fresh in self.rosters.items():  # the batch's children only, by key
            for day in list(m.days):  # a remembered child's day is a remembered day
                view = m.views.get((day, "child", who))
                if view is not None and fresh != view.roster:  # moved room, left the centre
                    m.views[(day, "child", who)] = View(fresh, view.events)

    def day(self, day: dt.date, scope: tuple[str, int | None] = ("all", None)) -> View:
        """The day's roster and events, all of them or one child's or one adult's (an event
        about one child depends only on that child's day)."""
        key = (day, *scope)
        days = self.memory.views
        if scope == ("all", None) and key not in self.refreshed:  # its roster, once a batch
            self.refreshed.add(key)
            return whole_day(
                self.session, self.memory, self.centre_id, day, self.tz, self.rules, self.since
            )
        if key not in days:
            what, who = scope
            if what == "child" and who in self.rosters:
                roster = self.rosters[who]
                if day >= self.since and day not in self.memory.days:
                    self.memory.days[day] = remembered_day(
                        self.session, self.memory, self.centre_id, day, self.rules
                    )
                known = self.memory.child_events(day, who)
                stored = (
                    known
                    if known is not None
                    else day_events(self.session, self.centre_id, day, self.rules, child_id=who)
                )
            else:
                child = who if what == "child" else None
                staff = who if what == "staff" else None
                roster = scoped_roster(
                    self.session, self.centre_id, day, self.tz, child_id=child, staff_id=staff
                )
                stored = day_events(
                    self.session, self.centre_id, day, self.rules, child_id=child, staff_id=staff
                )
            days[key] = View(roster, stored)
        return days[key]

    @property
    def filter(self) -> HealthFilter:
        if self._filter is None:
            self._filter = health_filter(self.session, self.centre_id, self.rules)
        return self._filter

    def one(self, e: EventIn) -> Result:
        """The verdict on one event of the prepared batch."""
        stored = self.known.get(e.idempotency_key)
        if stored is not None:
            return Result(e.idempotency_key, Status.DUPLICATE, "already received", stored)
        try:
            return self._judge(e)
        except InputError as exc:
            return Result(e.idempotency_key, Status.REJECTED, str(exc))
        except AlreadyStoredError as exc:
            self.known[e.idempotency_key] = exc.event_id
            return Result(e.idempotency_key, Status.DUPLICATE, "already received", exc.event_id)

    def _judge(self, e: EventIn) -> Result:
        if e.kind not in self.kinds:
            raise InputError(f"{e.kind} events cannot be sent here")
        skew = dt.timedelta(seconds=self.rules.future_skew_s)
        if e.device_time > self.now + skew:
            raise InputError(
                f"device time {e.device_time.isoformat()} is in the future (server time "
                f"{self.now.isoformat(timespec='seconds')})"
            )
        if e.device_time < self.now - dt.timedelta(days=self.rules.late_max_days):
            raise InputError(
                f"device time {e.device_time.isoformat()} is more than "
                f"{self.rules.late_max_days} days old"
            )
        day = local_day(e.device_time, self.tz)
        data, day = self._data(e, day)
        here = self.day(day, _scope(e))
        if (e.kind in CHILD_KINDS or e.child_id is not None) and (
            e.child_id not in here.roster.children
        ):
            raise InputError(f"child {e.child_id} is not enrolled at this centre")
        if e.kind == EventKind.CHECK_OUT:
            refused = self._pickup(e, data)
            if refused:
                seq = self._store(e, EventKind.PICKUP_REFUSED, day, data | {"reason": refused})
                return Result(e.idempotency_key, Status.REJECTED, refused, seq, logged=True)
        event = Event(
            kind=e.kind,
            device_time=e.device_time,
            key=e.idempotency_key,
            child_id=e.child_id,
            staff_id=e.staff_id,
            room_id=e.room_id,
            actor_id=self.actor.user_id,
            data=data,
        )
        v: Verdict | None
        if e.kind in STATEFUL:
            v = admit(here.roster, here.events, event, here.current())
        elif e.kind == EventKind.CORRECTION:
            v = None
        else:
            v = verdict(here.current(), event, here.roster)
        if v is not None and v.status is Status.REJECTED:
            return Result(e.idempotency_key, Status.REJECTED, v.reason)
        if v is not None:
            seq = self._store(e, e.kind, day, data, status="conflict", reason=v.reason)
            return Result(e.idempotency_key, Status.CONFLICT, v.reason, seq)
        seq = self._store(e, e.kind, day, data)
        if e.kind == EventKind.CHECK_OUT and data.get("pickup_code_id"):
            code = self.session.get(PickupCode, int(data["pickup_code_id"]))
            assert code is not None
            code.used_at = e.device_time
            code.used_event_id = seq
        if day < local_day(self.now, self.tz):
            self.session.execute(
                sa.delete(DaySummaryRow).where(
                    DaySummaryRow.centre_id == self.centre_id, DaySummaryRow.day == day
                )
            )
        return Result(e.idempotency_key, Status.STORED, "", seq)

    def _store(
        self,
        e: EventIn,
        kind: EventKind,
        day: dt.date,
        data: dict[str, Any],
        *,
        status: str = "stored",
        reason: str = "",
    ) -> int:
        """Insert an event (one statement, no unit of work); its id."""
        seq = (
            self.session.connection()
            .execute(
                _insert(self.session.get_bind().dialect.name),
                {
                    "centre_id": self.centre_id,
                    "key": e.idempotency_key,
                    "kind": kind,
                    "status": status,
                    "reason": reason[:300],
                    "day": day,
                    "device_time": e.device_time,
                    "server_time": self.now,
                    "actor_id": self.actor.user_id,
                    "child_id": e.child_id,
                    "staff_id": e.staff_id,
                    "room_id": e.room_id,
                    "data": data,
                },
            )
            .scalar_one_or_none()
        )
        if seq is None:  # stored meanwhile by a writer that skipped the lock
            t = EVENTS.c
            raise AlreadyStoredError(
                self.session.connection()
                .execute(
                    sa.select(t.id).where(t.centre_id == self.centre_id, t.key == e.idempotency_key)
                )
                .scalar_one()
            )
        self.known[e.idempotency_key] = seq
        saved = Event(
            kind=kind,
            device_time=e.device_time,
            key=e.idempotency_key,
            seq=seq,
            child_id=e.child_id,
            staff_id=e.staff_id,
            room_id=e.room_id,
            actor_id=self.actor.user_id,
            data=data,
        )
        note(self.memory, saved, status, day, self.since)
        return int(seq)

    def _started(self, key: str) -> int:
        """The id of the roll-call a device started offline, found by its start's idempotency
        key (the queue sends the start before its marks, so it is stored by now)."""
        start = self.session.execute(
            sa.select(EventRow.id, EventRow.status, EventRow.reason).where(
                EventRow.centre_id == self.centre_id,
                EventRow.key == key,
                EventRow.kind == EventKind.ROLL_CALL_START,
            )
        ).one_or_none()
        if start is None:
            raise InputError(f"no roll-call started with key {key}")
        if start.status != "stored":
            raise InputError(f"the roll-call started with key {key} was not kept: {start.reason}")
        return int(start.id)

    def _data(self, e: EventIn, day: dt.date) -> tuple[dict[str, Any], dt.date]:
        """The event's stored data, checked; and the day it belongs to."""
        match e.kind:
            case EventKind.CHECK_IN:
                obs = Observation.from_data(e.observation.model_dump() if e.observation else None)
                hits = self.filter.excluded_by(obs)
                if hits:
                    names = ", ".join(r.code for r in hits)
                    raise InputError(
                        f"the health filter excludes this child ({names}): record a refusal"
                    )
                data: dict[str, Any] = {"observation": obs.as_data()}
                if e.expected_out is not None:
                    if not e.device_time <= e.expected_out <= e.device_time + dt.timedelta(days=1):
                        raise InputError("the expected departure is within a day of arriving")
                    data["expected_out"] = e.expected_out.isoformat()
                return data, day
            case EventKind.REFUSAL:
                if not e.reason:
                    raise InputError("a refusal needs a reason from the exclusion list")
                self.filter.check_reason(e.reason, e.note or "")
                obs = Observation.from_data(e.observation.model_dump() if e.observation else None)
                return {"reason": e.reason, "note": e.note or "", "observation": obs.as_data()}, day
            case EventKind.CHECK_OUT:
                return {}, day
            case EventKind.ROLL_CALL_START:
                return {"drill": e.drill, "hypothesis": e.hypothesis or ""}, day
            case EventKind.ROLL_CALL_MARK | EventKind.ROLL_CALL_END:
                if e.roll_call_id is not None:
                    return {"roll_call_id": e.roll_call_id}, day
                if e.roll_call_key is None:
                    raise InputError(f"{e.kind} needs roll_call_id or roll_call_key")
                return {"roll_call_id": self._started(e.roll_call_key)}, day
            case EventKind.INCIDENT:
                if e.incident is None:
                    raise InputError("an incident event needs its incident")
                data = e.incident.model_dump(mode="json", exclude_none=True)
                check_incident(data)
                happened = e.incident.occurred_at
                if happened is not None and not (
                    e.device_time - dt.timedelta(days=self.rules.late_max_days)
                    <= happened
                    <= e.device_time + dt.timedelta(seconds=self.rules.future_skew_s)
                ):
                    raise InputError("an incident is recorded within days of happening, not before")
                if e.incident.incident_id is not None:
                    self._incident_root(e.incident.incident_id)
                return data, day
            case EventKind.INCIDENT_ACK:
                if e.incident_id is None:
                    raise InputError("an acknowledgement names the incident")
                root = self._incident_root(e.incident_id)
                if root.child_id != e.child_id:
                    raise InputError(f"incident {e.incident_id} is not about this child")
                versions = self.session.scalar(
                    sa.select(sa.func.count()).where(
                        EventRow.centre_id == self.centre_id,
                        EventRow.kind == EventKind.INCIDENT,
                        EventRow.status == "stored",
                        sa.or_(
                            EventRow.id == root.id,
                            EventRow.data["incident_id"].as_integer() == root.id,
                        ),
                    )
                )
                return {"incident_id": root.id, "version": int(versions or 1)}, root.day
            case EventKind.DAILY_ENTRY:
                if e.entry is None:
                    raise InputError("a daily entry needs its entry")
                data = e.entry.model_dump(exclude_none=True)
                check_entry(data)
                return data, day
            case EventKind.MESSAGE:
                if not e.text:
                    raise InputError("a message needs its text")
                return {"text": e.text, "from": self.sender}, day
            case EventKind.ABSENCE_NOTICE:
                first = e.first_day or day
                until = e.until or first
                if first < day:
                    raise InputError("an absence notice is for today or later")
                if until < first:
                    raise InputError("an absence notice ends on or after its first day")
                if (until - first).days >= self.rules.absence_max_days:
                    raise InputError(
                        f"one absence notice covers at most {self.rules.absence_max_days} days"
                    )
                return {"until": until.isoformat(), "note": e.note or ""}, first
            case EventKind.CORRECTION:
                if not e.corrects or not (e.note or e.reason):
                    raise InputError("a correction names the event it corrects and why")
                target = self.session.get(EventRow, e.corrects)
                if target is None or target.centre_id != self.centre_id:
                    raise InputError(f"no event {e.corrects} at this centre")
                if target.status != "stored":
                    raise InputError(f"event {e.corrects} is not in the record")
                return {"corrects": target.id, "reason": e.note or e.reason}, target.day
            case _:
                return {}, day

    def _incident_root(self, incident_id: int) -> EventRow:
        root = self.session.get(EventRow, incident_id)
        if (
            root is None
            or root.centre_id != self.centre_id
            or root.kind != EventKind.INCIDENT
            or root.data.get("incident_id")
        ):
            raise InputError(f"no incident {incident_id} at this centre")
        return root

    def _pickup(self, e: EventIn, data: dict[str, Any]) -> str:
        """Fill in who picks the child up; a non-empty reason when they may not."""
        assert e.child_id is not None
        child = self.session.get(Child, e.child_id)
        assert child is not None
        if e.person_id is not None:
            person = self.session.get(AuthorisedPerson, e.person_id)
            if person is None or person.family_id != child.family_id:
                return f"person {e.person_id} is not authorised to pick up this child"
            data.update(picked_up_by=person.name, relation=person.relation, person_id=person.id)
            return ""
        if e.guardian_id is not None:
            guardian = self.session.get(Guardian, e.guardian_id)
            if guardian is None or guardian.family_id != child.family_id:
                return f"guardian {e.guardian_id} is not this child's guardian"
            data.update(picked_up_by=guardian.name, relation="tutor", guardian_id=guardian.id)
            return ""
        if e.pickup_code is not None:
            rows = self.session.scalars(
                sa.select(PickupCode).where(PickupCode.child_id == e.child_id)
            ).all()
            issued = [
                IssuedCode(r.id, r.child_id, r.code_hash, r.person_name, r.expires_at, r.used_at)
                for r in rows
            ]
            code, why = match_code(issued, e.child_id, e.pickup_code, e.device_time)
            if code is None:
                data["person_name"] = e.person_name or ""
                return why
            if e.person_name and e.person_name.casefold() != code.person_name.casefold():
                data["person_name"] = e.person_name
                return f"this code was issued for {code.person_name}, not {e.person_name}"
            data.update(picked_up_by=code.person_name, relation="código", pickup_code_id=code.id)
            return ""
        if e.person_name:
            data["person_name"] = e.person_name
            return f"{e.person_name} is not an authorised person for this child"
        raise InputError("a check-out names who picks the child up")


def batch_children(events: Sequence[EventIn]) -> list[int] | None:
    """The children whose rosters a batch needs (with the health filter), or None if it needs
    neither."""
    kids = sorted({e.child_id for e in events if e.child_id is not None})
    if kids or any(e.kind in (EventKind.CHECK_IN, EventKind.REFUSAL) for e in events):
        return kids
    return None


def ingest(
    db: Database,
    actor: Principal,
    centre_id: int,
    events: Sequence[EventIn],
    *,
    tz: ZoneInfo,
    rules: OperationsRules = DEFAULT_RULES,
    now: dt.datetime | None = None,
    permission: Permission = Permission.OPERATIONS_RECORD,
    kinds: frozenset[EventKind] = STAFF_KINDS,
) -> list[Result]:
    """Store a batch of a centre's events; one result per event, in the order sent."""
    now = now or utcnow()
    with centre_memory(db, centre_id) as memory, db.transaction() as session:
        held = hold_centre(session, actor, centre_id, permission, batch_children(events), rules)
        work = Ingest(session, centre_id, actor, tz, rules, now, memory, kinds)
        if held is not None:  # the children and the filter came with the lock
            work.rosters, work._filter = held
        work.prepare(events)
        seen: dict[str, Result] = {}
        out = []
        for e in events:
            if e.idempotency_key in seen:  # sent twice in one batch
                first = seen[e.idempotency_key]
                out.append(
                    Result(e.idempotency_key, Status.DUPLICATE, "sent twice", first.event_id)
                )
                continue
            result = work.one(e)
            seen[e.idempotency_key] = result
            out.append(result)
        memory.keep(work.since)
        return out


def guardian_event(
    db: Database,
    actor: Principal,
    child_id: int,
    event: EventIn,
    *,
    tz: ZoneInfo,
    rules: OperationsRules = DEFAULT_RULES,
    now: dt.datetime | None = None,
) -> Result:
    """A guardian's event about their own child (absence notice, message, acknowledgement),
    stored at the child's centre through the same checks."""
    now = now or utcnow()
    with db.reading() as session:
        _, _, centre_id = child_for_family(session, actor, child_id)
    if centre_id is None:
        raise InputError(f"child {child_id} is not enrolled at a centre")
    with centre_memory(db, centre_id) as memory, db.transaction() as session:
        lock(session, centre_id)
        work = Ingest(
            session,
            centre_id,
            actor,
            tz,
            rules,
            now,
            memory,
            frozenset({EventKind.ABSENCE_NOTICE, EventKind.MESSAGE, EventKind.INCIDENT_ACK}),
            sender="guardian",
        )
        sent = event.model_copy(update={"child_id": child_id})
        work.prepare([sent])
        result = work.one(sent)
        memory.keep(work.since)
        return result


__all__ = ["Ingest", "Result", "child_centre", "guardian_event", "ingest"]
