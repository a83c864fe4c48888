"""A centre's set-up kept by its director (SQLite and PostgreSQL): weekly shifts replaced whole
(checked before anything changes), an adult deactivated (off the roster and the rooms, never
while clocked in) and brought back, closure days added and removed one at a time; every change
audited, nobody else may make it."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from redceci.countries import country_pack
from redceci.errors import InputError, NotFoundError, PermissionDeniedError
from redceci.operations.parameters import rules_for
from redceci.store.db import Database
from redceci.store.operations import events, live, setup
from redceci.store.operations.inputs import EventIn
from redceci.store.operations.setup import ClosureData, ShiftData
from redceci.store.platform.models import AuditEntry
from tests.web.operations.world import OpsWorld, operations_world

TZ = ZoneInfo("America/Mexico_City")
#: Mexico's operations rules (the pack's ratios; the core has none of its own).
RULES = rules_for(country_pack("mx"))


@pytest.fixture
def ops(db: Database) -> OpsWorld:
    return operations_world(db)


def _audits(db: Database, entity: str) -> int:
    with db.reading() as s:
        return int(
            s.scalar(
                sa.select(sa.func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.entity == entity)
            )
            or 0
        )


def _shift(weekday: int, starts: str, ends: str, room: int | None = None) -> ShiftData:
    return ShiftData(
        weekday=weekday,
        starts=dt.time.fromisoformat(starts),
        ends=dt.time.fromisoformat(ends),
        room_id=room,
    )


def test_the_director_replaces_an_adults_weekly_shifts_and_bad_ones_change_nothing(
    db: Database, ops: OpsWorld
) -> None:
    luisa = ops.staff["Luisa"]
    week = [_shift(d, "07:00", "15:00", ops.lactantes) for d in range(5)]
    saved = setup.set_shifts(db, ops.director, ops.centre, luisa, week)
    assert [(s["weekday"], s["starts"], s["ends"], s["room_id"]) for s in saved["shifts"]] == [
        (d, "07:00", "15:00", ops.lactantes) for d in range(5)
    ]
    audited = _audits(db, "ops_staff")
    for bad, reason in (
        ([_shift(0, "15:00", "07:00")], "start before it ends"),
        ([_shift(0, "07:00", "15:00"), _shift(0, "09:00", "12:00")], "one shift per weekday"),
        ([_shift(1, "07:00", "15:00", 999_999)], "not a room of this centre"),
    ):
        with pytest.raises(InputError, match=reason):
            setup.set_shifts(db, ops.director, ops.centre, luisa, bad)
    [listed] = [s for s in setup.list_staff(db, ops.director, ops.centre) if s["staff_id"] == luisa]
    assert listed["shifts"] == saved["shifts"] and _audits(db, "ops_staff") == audited
    assert setup.set_shifts(db, ops.director, ops.centre, luisa, [])["shifts"] == []
    with pytest.raises(PermissionDeniedError):
        setup.set_shifts(db, ops.educator, ops.centre, luisa, week)
    with pytest.raises(NotFoundError):  # a staff id of no adult of this centre
        setup.set_shifts(db, ops.director, ops.centre, 999_999, week)


def test_a_deactivated_adult_leaves_the_rooms_but_not_while_clocked_in(
    db: Database, ops: OpsWorld
) -> None:
    nora = ops.staff["Nora"]
    [clock_in] = events.ingest(
        db,
        ops.director,
        ops.centre,
        [
            EventIn(
                idempotency_key=uuid.uuid4().hex,
                kind="staff_in",  # type: ignore[arg-type]
                device_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5),
                staff_id=nora,
                room_id=ops.maternales,
            )
        ],
        tz=TZ,
    )
    assert clock_in.status == "stored"
    with pytest.raises(InputError, match="clocked in now"):
        setup.set_active(db, ops.director, ops.centre, nora, False, tz=TZ)
    luisa = ops.staff["Luisa"]
    assert setup.set_active(db, ops.director, ops.centre, luisa, False, tz=TZ)["active"] is False
    room = live.room_view(db, ops.educator, ops.centre, ops.lactantes, tz=TZ, rules=RULES)
    assert luisa not in {s["staff_id"] for s in room["staff"]}
    assert nora in {s["staff_id"] for s in room["staff"]}
    assert setup.set_active(db, ops.director, ops.centre, luisa, True, tz=TZ)["active"] is True
    room = live.room_view(db, ops.educator, ops.centre, ops.lactantes, tz=TZ, rules=RULES)
    assert luisa in {s["staff_id"] for s in room["staff"]}
    with pytest.raises(PermissionDeniedError):
        setup.set_active(db, ops.educator, ops.centre, luisa, False, tz=TZ)


def test_closure_days_are_added_and_removed_one_at_a_time(db: Database, ops: OpsWorld) -> None:
    day = dt.date(2027, 3, 8)
    added = setup.add_closure(
        db, ops.director, ops.centre, ClosureData(day=day, reason="Fumigación")
    )
    assert added["closures"] == [{"day": "2027-03-08", "reason": "Fumigación"}]
    with pytest.raises(InputError, match="already a closure day"):
        setup.add_closure(db, ops.director, ops.centre, ClosureData(day=day, reason="Otra"))
    assert setup.calendar(db, ops.director, ops.centre)["closures"] == added["closures"]
    assert setup.remove_closure(db, ops.director, ops.centre, day)["closures"] == []
    with pytest.raises(NotFoundError):
        setup.remove_closure(db, ops.director, ops.centre, day)
    with pytest.raises(PermissionDeniedError):
        setup.add_closure(db, ops.educator, ops.centre, ClosureData(day=day, reason="x"))
    assert _audits(db, "ops_calendar") == 2
