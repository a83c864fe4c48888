"""The network dashboard: aggregates only, small cells suppressed, rates equal to a count made
directly from the stored measurements; and the SYNTHETIC health demo it shows."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from redceci.errors import PermissionDeniedError
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.store.db import Database
from redceci.store.nutrition_health import dashboard
from redceci.store.nutrition_health.demo import load_health_demo
from redceci.store.nutrition_health.models import DietRestriction, Measurement
from redceci.store.testing import add_user
from tests.store.nutrition_health.factories import centre_with_children

ON = dt.date(2026, 3, 2)


def test_a_centre_of_three_children_shows_only_suppressed_cells(db: Database) -> None:
    place = centre_with_children(db)
    found = dashboard.network(db, place.nutritionist, on=ON)
    row = next(c for c in found["centres"] if c["centre_id"] == place.centre_id)
    assert row["children"] is None and row["vaccination"]["suppressed"]
    assert all(
        p[k]["suppressed"] for p in row["prevalence"] for k in ("stunting", "wasting", "overweight")
    )
    assert "Ana" not in str(found)
    with pytest.raises(PermissionDeniedError):
        dashboard.network(db, place.medical, on=ON)


def test_the_demo_rates_are_the_stored_measurements_counted_directly(db: Database) -> None:
    place = centre_with_children(db)
    loaded = load_health_demo(db, place.admin, centre_code="COL-NH", children=60, seed=3, on=ON)
    assert loaded.children == 60 and loaded.measurements > 60 and loaded.menu_id is not None
    found = dashboard.network(db, place.nutritionist, on=ON)
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
    assert dashboard.network(db, coordinator, on=ON)["centres"] == []
    assert dashboard.network(db, place.nutritionist, on=ON)["centres"]
