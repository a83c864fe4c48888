"""A server process's memory of its centres' days: each day's stored events and each child's
replayed day (roster, events, state) kept between batches, valid up to the centre's last event
sequence this process saw.

A batch (holding the centre's lock) reads only the events stored since that sequence, by
another process or a direct load, and adds them to the views they belong to; so a check-in is
judged without re-reading and replaying the child's day. A failed batch forgets the centre.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from redceci.operations.events import Event, EventKind
from redceci.operations.state import DayState, Roster, apply, replay, verdict
from redceci.store.db import Database

#: How many centres one server process keeps in memory (least recently written forgotten
#: first). ASSUMPTION: a child's day is ~2 KB, so 500 centres x 250 children ~ 250 MB at most;
#: a forgotten centre is read back from the database on its next batch.
MAX_CENTRES = 500

#: Kinds that depend on the whole day or may change any part of it (roll-calls, corrections).
WHOLE_DAY = frozenset(
    {
        EventKind.ROLL_CALL_START,
        EventKind.ROLL_CALL_MARK,
        EventKind.ROLL_CALL_END,
        EventKind.CORRECTION,
    }
)

Scope = tuple[str, int | None]  # ("all", None), ("child", id) or ("staff", id)


@dataclass
class View:
    """One day of a centre, of one child or one adult, or all of it: roster, events, state."""

    roster: Roster
    events: list[Event]
    state: DayState | None = None

    def current(self) -> DayState:
        if self.state is None:
            self.state = replay(self.roster, self.events)
        return self.state


@dataclass
class CentreMemory:
    """The views of one centre's days, valid up to event ``seq`` (None: not read yet) whose
    idempotency key is ``key`` (the record is append-only; if that event is gone or another
    took its id, as when a test empties the tables, the memory is read afresh)."""

    seq: int | None = None
    key: str = ""
    days: dict[dt.date, list[Event]] = field(default_factory=dict)  # ``day_events``' each
    views: dict[tuple[dt.date, str, int | None], View] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def remember(self, day: dt.date, saved: Event, until: dt.date | None = None) -> None:
        """Add a stored event of ``day`` (an absence notice: of ``day`` to ``until``) to the
        days and every view it belongs to (found by key: a check-in touches its child's view
        and the whole day's, not every remembered child's)."""
        for d, stored in self.days.items():
            if d == day or (saved.kind == EventKind.ABSENCE_NOTICE and day <= d <= (until or day)):
                stored.append(saved)
        if saved.kind == EventKind.ABSENCE_NOTICE:
            for (d, what, who), view in self.views.items():
                if what != "all" and (what != "child" or saved.child_id != who):
                    continue
                if day <= d <= (until or day):
                    view.events.append(saved)
                    view.state = None  # a notice holds for the whole day: replay
            return
        if saved.kind == EventKind.CORRECTION:  # voids may reach any view: reload
            self.views = {k: v for k, v in self.views.items() if k[0] != day}
            return
        keys: list[tuple[dt.date, str, int | None]] = [(day, "all", None)]
        if saved.kind not in WHOLE_DAY:
            if saved.child_id is not None:
                keys.append((day, "child", saved.child_id))
            if saved.staff_id is not None:
                keys.append((day, "staff", saved.staff_id))
        for key in keys:
            found = self.views.get(key)
            if found is None:
                continue
            found.events.append(saved)
            if (
                found.state is not None
                and (found.state.last_time is None or saved.device_time >= found.state.last_time)
                and verdict(found.state, saved, found.roster) is None
            ):
                apply(found.state, saved)
            else:  # out of order, or not for this view's roster (a child enrolled since): replay
                found.state = None

    def keep(self, since: dt.date) -> None:
        """Forget the views of days before ``since`` and those whose roster is not refreshed
        per batch (an adult's; a child's and the whole day's are: ``recall.whole_day``)."""
        self.views = {
            k: v for k, v in self.views.items() if k[1] in ("child", "all") and k[0] >= since
        }
        self.days = {d: events for d, events in self.days.items() if d >= since}

    def child_events(self, day: dt.date, child_id: int) -> list[Event] | None:
        """``day_events``' for one child, from the remembered day (None if not remembered)."""
        stored = self.days.get(day)
        return None if stored is None else [e for e in stored if e.child_id == child_id]


_MEMORY: WeakKeyDictionary[Database, OrderedDict[int, CentreMemory]] = WeakKeyDictionary()
_GUARD = threading.Lock()


@contextmanager
def centre_memory(
    db: Database, centre_id: int, *, forget_on_error: bool = True
) -> Iterator[CentreMemory]:
    """The process's memory of a centre, held by this thread for the block; forgotten if the
    block fails (its events may not have been stored), unless ``forget_on_error`` is false (a
    read: what it caught up was stored, and a refused reader must not make the next batch
    read the centre afresh)."""
    with _GUARD:
        centres = _MEMORY.setdefault(db, OrderedDict())
        memory = centres.get(centre_id)
        if memory is None:
            memory = centres[centre_id] = CentreMemory()
        centres.move_to_end(centre_id)
        while len(centres) > MAX_CENTRES:
            centres.popitem(last=False)
    with memory.lock:
        try:
            yield memory
        except BaseException:
            if not forget_on_error:
                raise
            memory.seq = None
            memory.days.clear()
            memory.views.clear()
            raise


def forget(db: Database) -> None:
    """Forget every centre of ``db`` (after a restore or a bulk change of its events)."""
    with _GUARD:
        _MEMORY.pop(db, None)
