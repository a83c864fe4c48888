"""Storing a centre's events (SQLite and PostgreSQL): concurrent devices take turns on the
centre's lock, so one child is never checked out twice and one key is never stored twice;
a late event for a past day drops that day's cached summary; a coordinator's indicators cover
their state only; the SYNTHETIC demo writes valid days once."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from redceci.countries import country_pack
from redceci.countries.mx.identity import made_up_curp, made_up_nss
from redceci.operations.events import Status
from redceci.operations.parameters import rules_for
from redceci.operations.state import replay
from redceci.platform.access import Grant, Principal
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.store.db import Database
from redceci.store.enrolment import families, rules
from redceci.store.enrolment.families import ChildData, FamilyData, GuardianData
from redceci.store.enrolment.models import Child, Enrolment, Family, Guardian
from redceci.store.enrolment.rules import RoomBand
from redceci.store.operations import demo, events, network
from redceci.store.operations.inputs import EventIn
from redceci.store.operations.models import DaySummaryRow, EventRow
from redceci.store.operations.roster import day_events, day_roster
from redceci.store.platform import centres
from redceci.store.platform.centres import CentreData, RoomData
from redceci.store.testing import add_user

TZ = ZoneInfo("America/Mexico_City")
#: Mexico's operations rules (the pack's ratios; the core has none of its own).
RULES = rules_for(country_pack("mx"))


def _centre(db: Database, admin: Principal, code: str, state: str, children: int) -> list[int]:
    centre = centres.create_centre(
        db,
        admin,
        CentreData(
            code=code,
            name=f"CECI {code}",
            scheme="CECI IMSS",
            operator="IMSS",
            state_code=state,
            lat=20.6,
            lon=-100.4,
            status=CentreStatus.OPERATING,
            status_since=dt.date(2025, 1, 1),
            rooms=[RoomData(name="Sala", age_group="maternales", capacity=50)],
        ),
    )
    [room] = rules.set_rooms(
        db, admin, centre.id, [RoomBand(name="maternales", min_months=19, max_months=48, places=50)]
    )
    kids = []
    for k in range(children):
        serial = 900 + centre.id * 100 + k
        birth = dt.date(2024, 1, 1) + dt.timedelta(days=k)
        ref = f"ST-{code}-{k}"
        families.register_family(
            db,
            admin,
            ref,
            FamilyData(
                guardians=[GuardianData(name=f"Madre {k}", nss=made_up_nss(serial))],
                children=[
                    ChildData(name=f"Niño {k}", curp=made_up_curp(serial, birth), birth_date=birth)
                ],
            ),
        )
        with db.transaction() as session:
            child = session.scalar(sa.select(Child.id).join(Family).where(Family.ref == ref))
            assert child is not None
            session.add(Enrolment(child_id=child, room_id=room.id, since=dt.date(2025, 1, 1)))
            kids.append(int(child))
    return [centre.id, *kids]


def _event(kind: str, child: int, key: str | None = None, **fields: object) -> EventIn:
    return EventIn(
        idempotency_key=key or uuid.uuid4().hex,
        kind=kind,  # type: ignore[arg-type]
        device_time=fields.pop("device_time", dt.datetime.now(dt.UTC)),  # type: ignore[arg-type]
        child_id=child,
        **fields,  # type: ignore[arg-type]
    )


def _concurrently(db: Database, admin: Principal, centre: int, batches: list[EventIn]) -> list:
    out: list = []
    start = threading.Barrier(len(batches))

    def send(e: EventIn) -> None:
        start.wait(5)
        out.extend(events.ingest(db, admin, centre, [e], tz=TZ))

    threads = [threading.Thread(target=send, args=(e,)) for e in batches]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return out


def test_two_devices_checking_out_one_child_at_once_store_one_and_report_a_conflict(
    db: Database,
) -> None:
    admin = add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
    centre, child = _centre(db, admin, "LOCK", "22", 1)
    events.ingest(db, admin, centre, [_event("check_in", child)], tz=TZ)
    outs = [_event("check_out", child, guardian_id=_guardian(db, child)) for _ in range(4)]
    results = _concurrently(db, admin, centre, outs)
    assert sorted(r.status for r in results) == [Status.CONFLICT] * 3 + [Status.STORED]
    with db.reading() as session:
        kinds = session.execute(
            sa.select(EventRow.kind, EventRow.status).where(EventRow.child_id == child)
        ).all()
    assert sorted((str(k), s) for k, s in kinds) == sorted(
        [("check_in", "stored"), ("check_out", "stored")] + [("check_out", "conflict")] * 3
    )


def test_one_key_sent_by_several_devices_at_once_is_stored_once(db: Database) -> None:
    admin = add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
    centre, child = _centre(db, admin, "KEY", "22", 1)
    key = str(uuid.uuid4())
    results = _concurrently(db, admin, centre, [_event("check_in", child, key) for _ in range(4)])
    assert sorted(r.status for r in results) == [Status.DUPLICATE] * 3 + [Status.STORED]
    with db.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).where(EventRow.key == key)) == 1


def _guardian(db: Database, child: int) -> int:
    with db.reading() as session:
        g = session.scalar(
            sa.select(Guardian.id)
            .join(Child, Child.family_id == Guardian.family_id)
            .where(Child.id == child)
        )
        assert g is not None
        return int(g)


def test_a_late_event_drops_the_days_summary_and_the_indicators_follow(db: Database) -> None:
    admin = add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
    centre, *kids = _centre(db, admin, "SUM", "22", 3)
    other, *_ = _centre(db, admin, "OTHER", "19", 1)
    now = dt.datetime.now(dt.UTC)
    today = now.astimezone(TZ).date()
    past = today - dt.timedelta(days=1)
    while past.weekday() >= 5:
        past -= dt.timedelta(days=1)
    morning = dt.datetime.combine(past, dt.time(8), tzinfo=TZ)
    events.ingest(db, admin, centre, [_event("check_in", kids[0], device_time=morning)], tz=TZ)
    coordinator = add_user(db, "qro@x.mx", Grant(Role.STATE_COORDINATOR, state_code="22"))
    first = network.indicators(
        db, coordinator, by="centre", start=past, end=past, tz=TZ, now=now, rules=RULES
    )
    assert [g["key"] for g in first["groups"]] == [str(centre)]  # not the other state's
    assert first["total"]["child_days_present"] == 1
    with db.reading() as session:
        assert session.get(DaySummaryRow, (centre, past)) is not None
    late = _event("check_in", kids[1], device_time=morning + dt.timedelta(minutes=5))
    assert events.ingest(db, admin, centre, [late], tz=TZ)[0].status is Status.STORED
    with db.reading() as session:
        assert session.get(DaySummaryRow, (centre, past)) is None
    again = network.indicators(
        db, coordinator, by="state", start=past, end=past, tz=TZ, now=now, rules=RULES
    )
    assert again["total"]["child_days_present"] == 2
    assert again["total"]["attendance_rate"] == round(2 / 3, 4)
    assert other not in {c["centre_id"] for c in again["centres"]}


def test_the_synthetic_demo_writes_valid_days_once(db: Database) -> None:
    admin = add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
    centre, *_ = _centre(db, admin, "DEMO", "22", 12)
    now = dt.datetime.now(dt.UTC)
    loaded = demo.load_operations_demo(db, admin, weeks=2, seed=3, tz=TZ, now=now, rules=RULES)
    assert loaded.centres == 1 and loaded.events > 0 and loaded.staff_created >= 3
    with db.reading() as session:
        keys = session.scalars(sa.select(EventRow.key).where(EventRow.centre_id == centre)).all()
        days = sorted(
            set(session.scalars(sa.select(EventRow.day).where(EventRow.centre_id == centre)))
        )
        assert all(k.startswith("SYN-") for k in keys)
        for day in days[-5:]:
            roster = day_roster(session, centre, day, TZ)
            state = replay(roster, day_events(session, centre, day))
            assert state.anomalies == [], (day, state.anomalies[:3])
        summaries = session.scalar(sa.select(sa.func.count()).select_from(DaySummaryRow))
    assert summaries and summaries >= 5
    assert demo.load_operations_demo(
        db, admin, weeks=2, seed=3, tz=TZ, now=now, rules=RULES
    ).skipped == ("DEMO",)


def test_days_summarised_before_the_demo_are_summarised_again_after_it(db: Database) -> None:
    admin = add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
    centre, *_ = _centre(db, admin, "PRE", "22", 12)
    now = dt.datetime.now(dt.UTC)
    start, end = (now - dt.timedelta(days=10)).date(), (now - dt.timedelta(days=2)).date()
    before = network.indicators(
        db, admin, by="state", start=start, end=end, tz=TZ, now=now, rules=RULES
    )
    assert before["total"]["child_days_present"] == 0  # empty days, now cached
    demo.load_operations_demo(db, admin, weeks=2, seed=3, tz=TZ, now=now, rules=RULES)
    after = network.indicators(
        db, admin, by="state", start=start, end=end, tz=TZ, now=now, rules=RULES
    )
    assert after["total"]["child_days_present"] > 0
    assert centre in {c["centre_id"] for c in after["centres"]}


def test_serious_incidents_reach_the_states_coordinator_with_what_is_due(db: Database) -> None:
    admin = add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
    centre, child = _centre(db, admin, "INC", "22", 1)
    now = dt.datetime.now(dt.UTC)
    minor, serious = (
        EventIn(
            idempotency_key=uuid.uuid4().hex,
            kind="incident",  # type: ignore[arg-type]
            device_time=now - dt.timedelta(hours=3),
            child_id=child,
            incident={"severity": level, "what": "Caída", "where": "escalera"},  # type: ignore[arg-type]
        )
        for level in ("minor", "serious")
    )
    results = events.ingest(db, admin, centre, [minor, serious], tz=TZ, now=now)
    assert [r.status for r in results] == [Status.STORED, Status.STORED]
    coordinator = add_user(db, "qro@x.mx", Grant(Role.STATE_COORDINATOR, state_code="22"))
    view = network.indicators(db, coordinator, tz=TZ, now=now, rules=RULES)
    [found] = view["serious_incidents"]
    assert found["incident_id"] == results[1].event_id and found["centre_id"] == centre
    assert {d["to"] for d in found["due"]} == {"state", "network"}
    assert all(d["overdue"] for d in found["due"])  # two hours have passed
    elsewhere = add_user(db, "nl@x.mx", Grant(Role.STATE_COORDINATOR, state_code="19"))
    assert network.indicators(db, elsewhere, tz=TZ, now=now)["serious_incidents"] == []
