"""A roll-call started offline (SQLite and PostgreSQL): the device sends the start late, with
its idempotency key and device time, then marks naming the start by that key. The server's
roll-call lists exactly who was present at the start's device time (from the events, whatever
arrived since), each mark is stored once, and marks that cannot belong to it are refused with
the reason."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from redceci.store.db import Database
from redceci.store.operations import events, live
from redceci.store.operations.inputs import EventIn
from tests.web.operations.world import OpsWorld, operations_world

TZ = ZoneInfo("America/Mexico_City")


@pytest.fixture
def ops(db: Database) -> OpsWorld:
    return operations_world(db)


#: The tests' clock (``clock``): events go up to 40 minutes back and must fall on its day.
NOW: list[dt.datetime] = []


def _clock_at(real: dt.datetime) -> dt.datetime:
    """Now, or 00:45 of the same local day when now is earlier: in the first 40 minutes after
    midnight the events would fall on the day before, which a roll-call does not list."""
    local = real.astimezone(TZ)
    return max(local, local.replace(hour=0, minute=45, second=0, microsecond=0)).astimezone(dt.UTC)


@pytest.fixture(autouse=True)
def clock() -> None:
    NOW[:] = [_clock_at(dt.datetime.now(dt.UTC))]


def _at(minutes_ago: float) -> dt.datetime:
    return NOW[0] - dt.timedelta(minutes=minutes_ago)


def _e(kind: str, minutes_ago: float, key: str | None = None, **fields: Any) -> EventIn:
    return EventIn(
        idempotency_key=key or uuid.uuid4().hex,
        kind=kind,  # type: ignore[arg-type]
        device_time=_at(minutes_ago),
        **fields,
    )


def _send(db: Database, ops: OpsWorld, *batch: EventIn) -> list[tuple[str, str]]:
    results = events.ingest(db, ops.educator, ops.centre, list(batch), tz=TZ, now=NOW[0])
    return [(str(r.status), r.reason) for r in results]


def test_a_roll_call_started_offline_lists_who_was_present_at_its_device_time(
    db: Database, ops: OpsWorld
) -> None:
    kids, luisa = ops.children, ops.staff["Luisa"]
    assert (
        _send(
            db,
            ops,
            _e("staff_in", 40, staff_id=luisa, room_id=ops.lactantes),
            _e("check_in", 35, child_id=kids["Ana"]),
            _e("check_in", 34, child_id=kids["Beto"]),
            # after the offline start's time, stored by other devices before it arrives:
            _e("check_out", 15, child_id=kids["Beto"], guardian_id=ops.guardians["Beto"]),
            _e("check_in", 10, child_id=kids["Caro"]),
        )
        == [("stored", "")] * 5
    )
    start = uuid.uuid4().hex
    offline = [
        _e("roll_call_start", 20, key=start, drill=True),
        _e("roll_call_mark", 19, roll_call_key=start, child_id=kids["Ana"]),
        _e("roll_call_mark", 18, roll_call_key=start, child_id=kids["Beto"]),
        _e("roll_call_mark", 17, roll_call_key=start, staff_id=luisa),
    ]
    assert [s for s, _ in _send(db, ops, *offline)] == ["stored"] * 4
    call = live.roll_call(db, ops.director, ops.centre, tz=TZ, now=NOW[0])
    assert call["key"] == start
    assert {(p["kind"], p["id"]) for p in call["people"]} == {
        ("child", kids["Ana"]),
        ("child", kids["Beto"]),  # present at the start, gone since
        ("staff", luisa),
    }
    assert call["unaccounted"] == 0 and call["all_safe_at"] is not None
    # the queue resends the batch (its answer was lost): each key is stored once
    assert [s for s, _ in _send(db, ops, *offline)] == ["duplicate"] * 4


def test_marks_that_cannot_belong_to_an_offline_roll_call_are_refused_with_the_reason(
    db: Database, ops: OpsWorld
) -> None:
    kids = ops.children
    start, other = uuid.uuid4().hex, uuid.uuid4().hex
    assert (
        _send(
            db,
            ops,
            _e("check_in", 30, child_id=kids["Ana"]),
            _e("roll_call_start", 20, key=start),
            _e("check_in", 10, child_id=kids["Caro"]),
        )
        == [("stored", "")] * 3
    )
    verdicts = _send(
        db,
        ops,
        _e("roll_call_mark", 9, roll_call_key=uuid.uuid4().hex, child_id=kids["Ana"]),
        _e("roll_call_mark", 9, child_id=kids["Ana"]),
        _e("roll_call_mark", 8, roll_call_key=start, child_id=kids["Caro"]),
        # a second device started its own offline while this one was open: not kept
        _e("roll_call_start", 7, key=other),
        _e("roll_call_mark", 6, roll_call_key=other, child_id=kids["Ana"]),
    )
    assert [s for s, _ in verdicts] == ["rejected", "rejected", "rejected", "conflict", "rejected"]
    assert "no roll-call started with key" in verdicts[0][1]
    assert "needs roll_call_id or roll_call_key" in verdicts[1][1]
    assert "only people present when the roll-call started" in verdicts[2][1]
    assert "still open" in verdicts[3][1]
    assert f"the roll-call started with key {other} was not kept" in verdicts[4][1]
    assert live.roll_call(db, ops.director, ops.centre, tz=TZ, now=NOW[0])["unaccounted"] == 1
