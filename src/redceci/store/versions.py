"""Answers a server process keeps between requests, checked against the database's data
versions: one cheap query says whether any write, by any process, has touched their tables.

Migration ``0012`` keeps a counter per group of tables (``centres``: centres, their rooms and
status steps; ``states``; ``scenarios``) that triggers bump in every writer's own transaction. An answer is
kept with the version read *before* it was computed, so it is never older than that version:
when the counter moves, the next request computes it again. A missing counter (an emptied
table) keeps nothing. Kept answers are shared between requests: callers must not change them.
Counters only grow: a restore, which brings back a backup's older counters, moves them past
every value they had (``move_past``), else a kept answer would meet its version again.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Final, TypeVar

import sqlalchemy as sa

from redceci.store.db import Database

T = TypeVar("T")

#: Answers kept per database handle and group (least recently used go first).
MAX_KEPT: Final = 512
#: And their bytes (as the callers weigh them, ``kept(size=...)``) per handle and group: 512
#: pages of 1,000 centres would hold about 2 GB (3.3 kB a centre's record in memory, 0.65 kB in
#: JSON, measured on 500 stored centres), which a reader asking page after page could fill.
MAX_BYTES: Final = 64 * 1024 * 1024

#: The counters' table (bookkeeping, not data: a backup's fingerprint leaves it out).
TABLE: Final = "data_versions"
_VERSIONS = sa.table(TABLE, sa.column("name"), sa.column("version"))
_READ = sa.select(_VERSIONS.c.name, _VERSIONS.c.version).where(
    _VERSIONS.c.name.in_(sa.bindparam("names", expanding=True))
)


class _Kept:
    """One group's kept answers: key -> (version, answer, bytes)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.answers: OrderedDict[Hashable, tuple[tuple[int, ...], object, int]] = OrderedDict()
        self.bytes = 0

    def get(self, key: Hashable, version: tuple[int, ...]) -> tuple[bool, object]:
        with self.lock:
            found = self.answers.get(key)
            if found is None or found[0] != version:
                return False, None
            self.answers.move_to_end(key)
            return True, found[1]

    def put(self, key: Hashable, version: tuple[int, ...], answer: object, size: int) -> None:
        with self.lock:
            before = self.answers.pop(key, None)
            self.bytes -= before[2] if before else 0
            if size > MAX_BYTES:
                return  # larger than all the room: computed each time
            self.answers[key] = (version, answer, size)
            self.bytes += size
            while len(self.answers) > MAX_KEPT or self.bytes > MAX_BYTES:
                self.bytes -= self.answers.popitem(last=False)[1][2]


_KEPT: weakref.WeakKeyDictionary[Database, dict[tuple[str, ...], _Kept]] = (
    weakref.WeakKeyDictionary()
)
_KEPT_LOCK = threading.Lock()


def version(db: Database, *groups: str) -> tuple[int, ...] | None:
    """The groups' data versions now, in the order given (None if a counter is missing)."""
    with db.read_engine.connect() as conn:  # PostgreSQL: autocommit, no BEGIN nor ROLLBACK
        found = dict(conn.execute(_READ, {"names": list(groups)}).all())
    if len(found) < len(set(groups)):
        return None
    return tuple(int(found[g]) for g in groups)


def kept(
    db: Database,
    groups: str | tuple[str, ...],
    key: Hashable,
    compute: Callable[[], T],
    *,
    size: Callable[[T], int] = lambda _answer: 0,
) -> T:
    """``compute()``'s answer, or the one kept for ``key`` if none of the ``groups``' tables
    has been written since it was computed; ``size`` weighs an answer in bytes (``MAX_BYTES``)."""
    names = (groups,) if isinstance(groups, str) else groups
    now = version(db, *names)
    if now is None:
        return compute()
    with _KEPT_LOCK:
        by_groups = _KEPT.setdefault(db, {})
        answers = by_groups.get(names) or by_groups.setdefault(names, _Kept())
    hit, answer = answers.get(key, now)
    if hit:
        return answer  # type: ignore[return-value]
    fresh = compute()
    answers.put(key, now, fresh, size(fresh))
    return fresh


def highest(db: Database) -> int:
    """The largest data version now (0 if there are none, or no database to read)."""
    try:
        with db.engine.connect() as conn:
            if not sa.inspect(conn).has_table(TABLE):
                return 0
            return int(conn.scalar(sa.select(sa.func.max(_VERSIONS.c.version))) or 0)
    except sa.exc.SQLAlchemyError:
        return 0


def move_past(db: Database, floor: int) -> None:
    """Set every data version past ``floor`` (the highest before a restore), past its own value
    and past the clock in microseconds, which no counter outgrows (a write bumps it by one per
    row at most), so even a recreated database's counters meet no value kept before."""
    with db.engine.begin() as conn:
        if not sa.inspect(conn).has_table(TABLE):
            return
        now = int(conn.scalar(sa.select(sa.func.max(_VERSIONS.c.version))) or 0)
        fresh = max(floor, now, time.time_ns() // 1000) + 1
        conn.execute(_VERSIONS.update().values(version=fresh))
