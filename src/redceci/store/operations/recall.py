"""One catch-up of a process's memory of a centre, shared by the check-in (under the centre's
lock) and the live views (board, room, roll-call, presence): only the events after the last one
seen are read, and today's whole day keeps its replayed state between requests.

Reading without the centre's lock is safe: every writer of a centre's events holds that lock
until it commits, and takes its ids under it, so a read sees a prefix of the centre's events in
id order; what it missed is read by the next catch-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, cast
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from redceci.operations.events import Event, EventKind
from redceci.operations.parameters import OperationsRules
from redceci.operations.state import DayState, Roster
from redceci.store.operations.inputs import local_day
from redceci.store.operations.memory import CentreMemory, View
from redceci.store.operations.models import EventRow
from redceci.store.operations.roster import as_event, day_events, day_roster

#: The events table (Core: the hot paths build no ORM object).
EVENTS = cast(sa.Table, EventRow.__table__)


@cache
def _newer_and_keys() -> Any:
    """The centre's events stored after ``seq`` on days from ``since``, the one at ``seq``
    (still there?) and those with one of ``keys`` (built once; Core rows)."""
    seq, t = sa.bindparam("seq", type_=sa.Integer), EVENTS.c
    return (
        sa.select(EVENTS)
        .where(
            t.centre_id == sa.bindparam("centre", type_=sa.Integer),
            sa.or_(
                sa.and_(t.id > seq, t.day >= sa.bindparam("since", type_=sa.Date)),
                t.key.in_(sa.bindparam("keys", expanding=True)),
                t.id == seq,
            ),
        )
        .order_by(t.id)
    )


def first_day(now: dt.datetime, tz: ZoneInfo, rules: OperationsRules) -> dt.date:
    """The first day a memory keeps (events older than ``late_max_days`` are refused)."""
    return local_day(now - dt.timedelta(days=rules.late_max_days + 1), tz)


def note(memory: CentreMemory, saved: Event, status: str, day: dt.date, since: dt.date) -> None:
    """The memory has seen ``saved`` (stored with ``status`` on ``day``): the last seen event,
    and, if kept in the record's replay, added to the views it belongs to."""
    memory.seq, memory.key = saved.seq, saved.key
    if status == "stored" and day >= since:
        until = saved.data.get("until") if saved.kind == EventKind.ABSENCE_NOTICE else None
        memory.remember(day, saved, dt.date.fromisoformat(str(until)) if until else None)


def recall(
    session: Session,
    memory: CentreMemory,
    centre_id: int,
    since: dt.date,
    keys: Sequence[str] = (),
) -> dict[str, int]:
    """Bring ``memory`` up to the centre's last stored event, reading only those after the
    last one it saw (one query; the memory is read afresh if that event is gone or its id
    holds another key, as when the tables were emptied); the stored ids of ``keys``."""
    m = memory
    if m.seq is not None:
        rows = (
            session.connection()
            .execute(
                _newer_and_keys(),
                {"centre": centre_id, "seq": m.seq, "since": since, "keys": list(keys)},
            )
            .all()
        )
        if not m.seq or any(r.id == m.seq and r.key == m.key for r in rows):
            for row in rows:
                if row.id > m.seq:
                    note(m, as_event(row), row.status, row.day, since)
            return {r.key: r.id for r in rows if r.key in keys}
        m.seq = None  # the record lost the last event this process saw: read afresh
    m.views.clear()
    m.days.clear()
    t = EVENTS.c
    last = (
        session.connection()
        .execute(
            sa.select(t.id, t.key)
            .where(t.centre_id == centre_id, t.day >= since)
            .order_by(t.id.desc())
            .limit(1)
        )
        .first()
    )
    m.seq, m.key = (last[0], last[1]) if last is not None else (0, "")
    if not keys:
        return {}
    found = (
        session.connection()
        .execute(sa.select(t.key, t.id).where(t.centre_id == centre_id, t.key.in_(list(keys))))
        .all()
    )
    return dict(found)


def remembered_day(
    session: Session, memory: CentreMemory, centre_id: int, day: dt.date, rules: OperationsRules
) -> list[Event]:
    """The day's stored events up to the last one the memory saw (a reader holds no lock: an
    event committed since its catch-up is left to the next one, which adds it once)."""
    seen = memory.seq or 0
    return [e for e in day_events(session, centre_id, day, rules) if e.seq <= seen]


def whole_day(
    session: Session,
    memory: CentreMemory,
    centre_id: int,
    day: dt.date,
    tz: ZoneInfo,
    rules: OperationsRules,
    since: dt.date,
) -> View:
    """The centre's whole ``day`` with its roster read fresh (a room move, a new adult count at
    once) and its events and replayed state remembered (read and replayed only when not
    remembered or the roster changed)."""
    roster = day_roster(session, centre_id, day, tz)
    key = (day, "all", None)
    view = memory.views.get(key)
    if view is None or view.roster != roster:
        if day >= since and day not in memory.days:
            memory.days[day] = remembered_day(session, memory, centre_id, day, rules)
        stored = (
            list(memory.days[day])  # a copy: ``remember`` appends to both
            if day >= since
            else day_events(session, centre_id, day, rules)
        )
        view = memory.views[key] = View(roster, stored)
    return view


@contextmanager
def today(
    memory: CentreMemory,
    session: Session,
    centre_id: int,
    *,
    tz: ZoneInfo,
    rules: OperationsRules,
    now: dt.datetime,
) -> Iterator[tuple[Roster, DayState, dt.date, list[Event]]]:
    """The centre's day now, caught up: its roster, its replayed state, the day and its
    stored events (absence notices included), for the block. ``memory`` is held
    (``centre_memory``, taken before the session's connection, as a batch takes it: a reader
    holding a connection never waits for a batch that waits for one); the state is the
    memory's: read it, never change it."""
    day = local_day(now, tz)
    since = first_day(now, tz, rules)
    recall(session, memory, centre_id, since)
    view = whole_day(session, memory, centre_id, day, tz, rules, since)
    yield view.roster, view.current(), day, view.events


__all__ = ["first_day", "note", "recall", "remembered_day", "today", "whole_day"]
