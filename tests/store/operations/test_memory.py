"""A server process's memory of the centres' days (SQLite and PostgreSQL): what another process
stored since is caught up by the event sequence, so its check-outs, keys and room moves count;
and a check-in is judged from the remembered day, without reading it again."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from redceci.store.db import Database
from redceci.store.enrolment.models import Enrolment, EnrolmentRoom
from redceci.store.operations import events
from redceci.store.operations.inputs import EventIn
from tests.web.operations.world import OpsWorld, operations_world

TZ = ZoneInfo("America/Mexico_City")


@pytest.fixture
def ops(db: Database) -> OpsWorld:
    return operations_world(db)


@pytest.fixture
def other(db: Database) -> Iterator[Database]:
    """A second server process on the same database (its own memory)."""
    second = Database(db.url)
    yield second
    second.dispose()


def _e(kind: str, minutes_ago: float, key: str | None = None, **fields: Any) -> EventIn:
    return EventIn(
        idempotency_key=key or uuid.uuid4().hex,
        kind=kind,  # type: ignore[arg-type]
        device_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes_ago),
        **fields,
    )


def _send(db: Database, ops: OpsWorld, *batch: EventIn) -> list[tuple[str, str]]:
    results = events.ingest(db, ops.educator, ops.centre, list(batch), tz=TZ)
    return [(str(r.status), r.reason) for r in results]


def test_another_process_s_events_are_caught_up(
    db: Database, other: Database, ops: OpsWorld
) -> None:
    ana, beto = ops.children["Ana"], ops.children["Beto"]
    guardian = ops.guardians["Ana"]
    assert _send(db, ops, _e("check_in", 30, child_id=ana)) == [("stored", "")]
    # the other process checks Ana out and stores a key; then checks Beto in
    resent = _e("check_out", 10, child_id=ana, guardian_id=guardian)
    assert _send(other, ops, resent) == [("stored", "")]
    assert _send(other, ops, _e("check_in", 9, child_id=beto)) == [("stored", "")]
    # this process remembers Ana present: it must learn she left, and know the key
    again = _send(db, ops, _e("check_out", 5, child_id=ana, guardian_id=guardian), resent)
    assert again[0][0] == "conflict" and "already checked out" in again[0][1]
    assert again[1] == ("duplicate", "already received")
    assert _send(db, ops, _e("check_in", 4, child_id=beto))[0][0] == "conflict"


def test_a_room_move_reaches_a_remembered_child(db: Database, ops: OpsWorld) -> None:
    ana = ops.children["Ana"]
    assert _send(db, ops, _e("check_in", 30, child_id=ana)) == [("stored", "")]
    with db.transaction() as session:  # moved to the other centre
        room = session.scalar(
            sa.select(EnrolmentRoom.id).where(EnrolmentRoom.centre_id == ops.other_centre)
        )
        session.execute(sa.update(Enrolment).where(Enrolment.child_id == ana).values(room_id=room))
    out = _send(db, ops, _e("check_out", 5, child_id=ana, guardian_id=ops.guardians["Ana"]))
    assert out[0][0] == "rejected" and "not enrolled at this centre" in out[0][1]


def test_a_remembered_day_judges_a_check_in_in_fewer_queries(db: Database, ops: OpsWorld) -> None:
    kids = list(ops.children.values())
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert _send(db, ops, _e("check_in", 30, child_id=kids[0])) == [("stored", "")]
        cold = len(statements)  # the centre and the day read once
        statements.clear()
        assert _send(db, ops, _e("check_in", 20, child_id=kids[1])) == [("stored", "")]
        new_child = len(statements)
        statements.clear()
        assert _send(db, ops, _e("check_in", 5, child_id=kids[0]))[0][0] == "conflict"
        again = len(statements)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert new_child < cold and again < cold
    # the lock (with the scope check on PostgreSQL), newer events and the batch's keys, the
    # batch's children and health filter, the insert
    most = 4 if db.backend == "postgresql" else 5
    assert new_child <= most and again <= most, statements
