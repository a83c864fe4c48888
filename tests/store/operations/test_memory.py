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

from redceci.countries import country_pack
from redceci.operations.parameters import rules_for
from redceci.store.db import Database
from redceci.store.enrolment.models import Enrolment, EnrolmentRoom
from redceci.store.operations import events, live, recall
from redceci.store.operations.inputs import EventIn
from redceci.store.operations.models import EventRow
from tests.web.operations.world import OpsWorld, operations_world

TZ = ZoneInfo("America/Mexico_City")
#: Mexico's operations rules (the pack's ratios; the core has none of its own).
RULES = rules_for(country_pack("mx"))


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
    # PostgreSQL: the scope check, the lock, the batch's children and health filter in one;
    # newer events and the batch's keys; the insert (SQLite: the scope, the lock and the
    # children apart)
    most = 3 if db.backend == "postgresql" else 5
    assert new_child <= most and again <= most, statements


def test_the_board_catches_up_another_process_and_keeps_its_replayed_day(
    db: Database, other: Database, ops: OpsWorld
) -> None:
    ana, beto = ops.children["Ana"], ops.children["Beto"]
    assert _send(db, ops, _e("check_in", 30, child_id=ana)) == [("stored", "")]
    assert live.board(db, ops.director, ops.centre, tz=TZ, rules=RULES)["counts"]["present"] == 1
    assert _send(other, ops, _e("check_in", 20, child_id=beto)) == [("stored", "")]
    refused = _e("check_out", 10, child_id=ana, person_name="Un desconocido")
    assert _send(other, ops, refused)[0][0] == "rejected"  # logged as a refused pick-up
    reads: list[str] = []

    def count(*args: Any) -> None:
        if "ops_events" in str(args[2]):
            reads.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        board = live.board(db, ops.director, ops.centre, tz=TZ, rules=RULES)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert board["counts"]["present"] == 2  # the other process's check-in, caught up
    assert [p["person_name"] for p in board["pickup_refusals"]] == ["Un desconocido"]
    # the events table is read only for what the memory does not hold: the events stored since
    # it last saw the centre, the day's conflicts and the drill log (not the whole day again)
    assert len(reads) == 3, reads
    call = live.presence(db, ops.director, ops.centre, tz=TZ)
    assert {c["id"] for c in call["children"] if c["present"]} == {ana, beto}


def test_a_key_stored_behind_the_batch_s_back_is_a_duplicate_not_a_failed_batch(
    db: Database, ops: OpsWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, beto = ops.children["Ana"], ops.children["Beto"]
    first = _e("check_in", 30, child_id=ana)
    [stored] = events.ingest(db, ops.educator, ops.centre, [first], tz=TZ)
    real = events.recall

    def missing_keys(*args: Any, **kwargs: Any) -> dict[str, int]:
        real(*args, **kwargs)
        return {}  # as if another writer stored the key after the batch looked it up

    monkeypatch.setattr(events, "recall", missing_keys)
    again = first.model_copy(update={"child_id": beto})  # same key, another child
    other = _e("check_in", 20, child_id=ops.children["Caro"])
    results = events.ingest(db, ops.educator, ops.centre, [again, other], tz=TZ)
    assert [(str(r.status), r.event_id) for r in results[:1]] == [("duplicate", stored.event_id)]
    assert str(results[1].status) == "stored"  # the rest of the batch goes on
    with db.reading() as s:
        keyed = s.scalars(sa.select(EventRow.child_id).where(EventRow.key == first.idempotency_key))
        assert list(keyed) == [ana]  # stored once; Beto was not checked in


def test_an_event_stored_while_a_reader_reads_the_day_is_remembered_once(
    db: Database, other: Database, ops: OpsWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = ops.children["Ana"]
    assert _send(other, ops, _e("check_in", 30, child_id=ana)) == [("stored", "")]
    real = recall.day_events
    refused = _e("check_out", 10, child_id=ana, person_name="Un desconocido")

    def racing(*args: Any, **kwargs: Any) -> Any:
        # once: another process stores an event while this one reads the day
        assert _send(other, ops, refused)[0][0] == "rejected"  # a refused pick-up, logged
        monkeypatch.setattr(recall, "day_events", real)
        return real(*args, **kwargs)

    monkeypatch.setattr(recall, "day_events", racing)
    live.board(db, ops.director, ops.centre, tz=TZ, rules=RULES)  # the reader holds no lock
    board = live.board(db, ops.director, ops.centre, tz=TZ, rules=RULES)  # caught up
    assert [p["person_name"] for p in board["pickup_refusals"]] == ["Un desconocido"]


def test_a_child_who_joins_the_centre_after_the_board_was_read_checks_in(
    db: Database, ops: OpsWorld
) -> None:
    """The remembered whole day (read by the board) does not know a child enrolled since: her
    check-in is stored and the board then shows her present, it never fails the batch."""
    ana = ops.children["Ana"]
    with db.transaction() as session:
        home = session.scalar(sa.select(Enrolment.room_id).where(Enrolment.child_id == ana))
        away = session.scalar(
            sa.select(EnrolmentRoom.id).where(EnrolmentRoom.centre_id == ops.other_centre)
        )
        session.execute(sa.update(Enrolment).where(Enrolment.child_id == ana).values(room_id=away))
    assert live.board(db, ops.director, ops.centre, tz=TZ, rules=RULES)["counts"]["present"] == 0
    with db.transaction() as session:  # enrolled here again
        session.execute(sa.update(Enrolment).where(Enrolment.child_id == ana).values(room_id=home))
    assert _send(db, ops, _e("check_in", 5, child_id=ana)) == [("stored", "")]
    assert live.board(db, ops.director, ops.centre, tz=TZ, rules=RULES)["counts"]["present"] == 1
