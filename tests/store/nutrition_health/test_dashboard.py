"""The network dashboard: aggregates only, small cells suppressed, rates equal to a count made
directly from the stored measurements; and the SYNTHETIC health demo it shows."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import sqlalchemy as sa

from redceci.countries.mx.rooms import ROOMS
from redceci.countries.mx.vaccines import CNV_2023
from redceci.errors import PermissionDeniedError
from redceci.operations.events import EventKind
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.store.db import Database
from redceci.store.nutrition_health import dashboard
from redceci.store.nutrition_health.demo import load_health_demo
from redceci.store.nutrition_health.models import DietRestriction, Measurement
from redceci.store.operations.models import EventRow
from redceci.store.testing import add_user
from tests.store.nutrition_health.factories import centre_with_children

ON = dt.date(2026, 3, 2)


def test_a_centre_of_three_children_shows_only_suppressed_cells(db: Database) -> None:
    place = centre_with_children(db)
    found = dashboard.network(db, place.nutritionist, CNV_2023, on=ON)
    row = next(c for c in found["centres"] if c["centre_id"] == place.centre_id)
    assert row["children"] is None and row["vaccination"]["suppressed"]
    assert all(
        p[k]["suppressed"] for p in row["prevalence"] for k in ("stunting", "wasting", "overweight")
    )
    assert "Ana" not in str(found)
    with pytest.raises(PermissionDeniedError):
        dashboard.network(db, place.medical, CNV_2023, on=ON)


def test_the_demo_rates_are_the_stored_measurements_counted_directly(db: Database) -> None:
    place = centre_with_children(db)
    loaded = load_health_demo(
        db,
        place.admin,
        centre_code="COL-NH",
        children=60,
        seed=3,
        vaccines=CNV_2023,
        rooms=ROOMS,
        on=ON,
    )
    assert loaded.children == 60 and loaded.measurements > 60 and loaded.menu_id is not None
    found = dashboard.network(db, place.nutritionist, CNV_2023, on=ON)
    row = next(c for c in found["centres"] if c["centre_id"] == place.centre_id)
    assert row["children"] == 63 and row["menu_compliant"] is True
    with db.reading() as s:
        latest: dict[int, Measurement] = {}
        for m in s.scalars(sa.select(Measurement).order_by(Measurement.measured_on)):
            latest[m.child_id] = m
        allergic = len(set(s.scalars(sa.select(DietRestriction.child_id))))
    state = next(r for r in found["states"] if r["state_code"] == "06")
    band = state["prevalence"][3]  # 36-59 months
    pool = [
        m
        for m in latest.values()
        if m.zlen is not None and 36 <= (m.measured_on - _birth(db, m.child_id)).days / 30.4375 < 60
    ]
    assert len(pool) >= 10  # the band is shown
    expected = sum(1 for m in pool if m.zlen is not None and m.zlen < -2) / len(pool)
    assert band["stunting"]["rate"] == pytest.approx(expected)
    assert band["stunting"]["n"] == len(pool)
    assert row["allergies"]["n"] == allergic or row["allergies"]["suppressed"]


def _birth(db: Database, child_id: int) -> dt.date:
    from redceci.store.enrolment.models import Child

    with db.reading() as s:
        child = s.get(Child, child_id)
        assert child is not None
        return child.birth_date


def test_a_coordinator_sees_only_their_state(db: Database) -> None:
    place = centre_with_children(db)
    coordinator = add_user(db, "coord@x.mx", Grant(Role.STATE_COORDINATOR, state_code="19"))
    assert dashboard.network(db, coordinator, CNV_2023, on=ON)["centres"] == []
    assert dashboard.network(db, place.nutritionist, CNV_2023, on=ON)["centres"]


def _event(
    centre_id: int, n: int, kind: EventKind, child_id: int, day: dt.date, data: dict[str, object]
) -> EventRow:
    at = dt.datetime.combine(day, dt.time(12, 30), tzinfo=dt.UTC) + dt.timedelta(minutes=n)
    return EventRow(
        centre_id=centre_id,
        key=f"T-{n}",
        kind=kind,
        day=day,
        device_time=at,
        child_id=child_id,
        data=data,
    )


def test_meals_served_to_allergic_children_are_counted_against_their_allergic_reactions(
    db: Database,
) -> None:
    place = centre_with_children(db)
    ana, beto, caro = (place.children[n] for n in ("Ana", "Beto", "Caro"))
    meal = {"entry": "meal", "meal": "lunch", "amount": "all"}
    inside, outside = ON - dt.timedelta(days=3), ON - dt.timedelta(days=40)
    rows, serial = [], itertools.count()

    def add(kind: EventKind, child: int, day: dt.date, data: dict[str, object]) -> EventRow:
        row = _event(place.centre_id, next(serial), kind, child, day, data)
        rows.append(row)
        return row

    for child, meals in ((ana, 10), (beto, 5), (caro, 4)):
        for _ in range(meals):
            add(EventKind.DAILY_ENTRY, child, inside, meal)
    for _ in range(3):
        add(EventKind.DAILY_ENTRY, ana, outside, meal)  # before the window
    add(EventKind.DAILY_ENTRY, ana, inside, {"entry": "nap", "start": "13:00", "end": "14:00"})
    reaction = {"severity": "moderate", "what": "ronchas", "where": "comedor"}
    reaction |= {"category": "allergic_reaction", "allergen": "peanut"}
    with db.transaction() as s:
        s.add(DietRestriction(child_id=ana, kind="allergy", allergen="peanut", document="d"))
        s.add(DietRestriction(child_id=beto, kind="allergy", allergen="milk", document="d"))
        first = add(EventKind.INCIDENT, ana, inside, reaction)
        s.add_all(rows)
        s.flush()
        rows.clear()
        add(EventKind.INCIDENT, ana, inside, reaction | {"incident_id": first.id})  # version 2
        add(EventKind.INCIDENT, caro, inside, reaction)  # no allergy on record
        add(EventKind.INCIDENT, beto, inside, reaction | {"category": "injury"})
        add(EventKind.INCIDENT, ana, outside, reaction)  # before the window
        s.add_all(rows)

    found = dashboard.network(db, place.nutritionist, CNV_2023, on=ON, min_cell=2)
    row = next(c for c in found["centres"] if c["centre_id"] == place.centre_id)
    expected = {"children": 2, "meals": 15, "reactions": 1, "unrecorded": 1}
    assert row["served_safely"] == {"suppressed": False, "rate": 14 / 15, **expected}
    assert found["served_safely"] == row["served_safely"]
    state = next(r for r in found["states"] if r["state_code"] == "06")
    assert state["served_safely"] == row["served_safely"]
    hidden = dashboard.network(db, place.nutritionist, CNV_2023, on=ON, min_cell=3)
    assert hidden["served_safely"] == {"suppressed": True}
