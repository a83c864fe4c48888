"""The centres registry: scoped reads and writes, the dated status pipeline, the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from redceci.errors import InputError
from redceci.store import accounts, audit, centres
from redceci.store.access import Grant, Principal
from redceci.store.centres import CentreChanges, CentreData, RoomData
from redceci.store.db import Database
from redceci.store.enums import AgeGroup, CentreStatus, Role, Scheme
from redceci.store.errors import ConflictError, NotFoundError, PermissionDeniedError
from redceci.store.models import AuditEntry, Centre, CentreRoom
from redceci.store.testing import add_user


def centre(code: str, state: str = "19", **changes: object) -> CentreData:
    base = CentreData(
        code=code,
        name=f"CECI {code}",
        scheme=Scheme.CECI_IMSS,
        operator="IMSS",
        state_code=state,
        lat=25.67,
        lon=-100.31,
        status_since=dt.date(2025, 1, 1),
        rooms=[
            RoomData(name="Lactantes", age_group=AgeGroup.LACTANTES, capacity=40),
            RoomData(name="Preescolar", age_group=AgeGroup.PREESCOLAR, capacity=70),
        ],
    )
    return base.model_copy(update=changes)


def rows(db: Database) -> tuple[int, int, int]:
    with db.reading() as session:
        return tuple(  # type: ignore[return-value]
            session.scalar(sa.select(sa.func.count()).select_from(m)) or 0
            for m in (Centre, CentreRoom, AuditEntry)
        )


@pytest.fixture
def planner(db: Database) -> Principal:
    return add_user(db, "planner@x.mx", Grant(Role.NATIONAL_PLANNER))


@pytest.fixture
def nuevo_leon(db: Database) -> Principal:
    return add_user(db, "nl@x.mx", Grant(Role.STATE_COORDINATOR, state_code="19"))


def test_a_registered_centre_has_its_rooms_capacity_and_first_transition(
    db: Database, planner: Principal
) -> None:
    made = centres.create_centre(db, planner, centre("NL-1"))
    got = centres.get_centre(db, planner, made.id)
    assert got.capacity == 110
    assert [(r.age_group, r.capacity) for r in got.rooms] == [
        (AgeGroup.LACTANTES, 40),
        (AgeGroup.PREESCOLAR, 70),
    ]
    assert [(t.from_status, t.to_status) for t in got.transitions] == [
        (None, CentreStatus.PROPOSED)
    ]


def test_a_coordinator_sees_and_changes_only_their_states_centres(
    db: Database, planner: Principal, nuevo_leon: Principal
) -> None:
    nl = centres.create_centre(db, planner, centre("NL-1"))
    jal = centres.create_centre(db, planner, centre("JAL-1", "14", lat=20.67, lon=-103.35))
    items, total = centres.list_centres(db, nuevo_leon)
    assert total == 1 and [c.code for c in items] == ["NL-1"]
    with pytest.raises(NotFoundError):
        centres.get_centre(db, nuevo_leon, jal.id)
    with pytest.raises(NotFoundError):
        centres.update_centre(db, nuevo_leon, jal.id, CentreChanges(name="mine now"))
    with pytest.raises(PermissionDeniedError):
        centres.create_centre(db, nuevo_leon, centre("JAL-2", "14"))
    with pytest.raises(PermissionDeniedError):
        centres.update_centre(db, nuevo_leon, nl.id, CentreChanges(state_code="14"))
    assert centres.get_centre(db, planner, jal.id).name == "CECI JAL-1"
    assert centres.get_centre(db, planner, nl.id).state_code == "19"


def test_directors_partners_and_parents_cannot_write(db: Database, planner: Principal) -> None:
    org = accounts.create_organisation(db, None, name="Parque Uno")
    made = centres.create_centre(db, planner, centre("NL-1", operator_organisation_id=org.id))
    director = add_user(db, "d@x.mx", Grant(Role.CENTRE_DIRECTOR, centre_id=made.id))
    partner = add_user(db, "p@x.mx", Grant(Role.PARTNER, organisation_id=org.id))
    parent = add_user(db, "f@x.mx", Grant(Role.PARENT, family_id="F1"))
    assert centres.get_centre(db, director, made.id).code == "NL-1"
    assert centres.get_centre(db, partner, made.id).code == "NL-1"
    before = rows(db)
    for who in (director, partner, parent):
        with pytest.raises(PermissionDeniedError):
            centres.update_centre(db, who, made.id, CentreChanges(name="x"))
        with pytest.raises(PermissionDeniedError):
            centres.transition_centre(
                db, who, made.id, to_status=CentreStatus.APPROVED, effective_on=dt.date.today()
            )
    with pytest.raises(PermissionDeniedError):
        centres.list_centres(db, parent)
    assert rows(db) == before


def test_the_pipeline_allows_only_forward_dated_steps(db: Database, planner: Principal) -> None:
    made = centres.create_centre(db, planner, centre("NL-1"))
    steps = [
        (CentreStatus.APPROVED, dt.date(2025, 2, 1)),
        (CentreStatus.UNDER_CONSTRUCTION, dt.date(2025, 3, 1)),
        (CentreStatus.OPERATING, dt.date(2026, 1, 5)),
    ]
    for status, when in steps:
        centres.transition_centre(db, planner, made.id, to_status=status, effective_on=when)
    with pytest.raises(ConflictError, match="operating to approved"):
        centres.transition_centre(
            db, planner, made.id, to_status=CentreStatus.APPROVED, effective_on=dt.date(2026, 2, 1)
        )
    with pytest.raises(InputError, match="before the current status"):
        centres.transition_centre(
            db, planner, made.id, to_status=CentreStatus.CLOSED, effective_on=dt.date(2025, 12, 1)
        )
    got = centres.get_centre(db, planner, made.id)
    assert got.status == CentreStatus.OPERATING and got.status_since == dt.date(2026, 1, 5)
    assert [t.to_status for t in got.transitions] == [
        CentreStatus.PROPOSED,
        CentreStatus.APPROVED,
        CentreStatus.UNDER_CONSTRUCTION,
        CentreStatus.OPERATING,
    ]
    assert [t.effective_on for t in got.transitions][1:] == [w for _, w in steps]


def test_skipping_a_step_of_the_pipeline_is_refused(db: Database, planner: Principal) -> None:
    made = centres.create_centre(db, planner, centre("NL-1"))
    with pytest.raises(ConflictError, match="proposed to operating"):
        centres.transition_centre(
            db, planner, made.id, to_status=CentreStatus.OPERATING, effective_on=dt.date.today()
        )


def test_only_proposed_centres_can_be_deleted(db: Database, planner: Principal) -> None:
    keep = centres.create_centre(db, planner, centre("NL-1", status=CentreStatus.OPERATING))
    drop = centres.create_centre(db, planner, centre("NL-2"))
    with pytest.raises(ConflictError, match="close it instead"):
        centres.delete_centre(db, planner, keep.id)
    centres.delete_centre(db, planner, drop.id)
    assert [c.code for c in centres.list_centres(db, planner)[0]] == ["NL-1"]


def test_bad_input_leaves_the_registry_unchanged(db: Database, planner: Principal) -> None:
    made = centres.create_centre(db, planner, centre("NL-1"))
    before = rows(db)
    with pytest.raises(ConflictError):
        centres.create_centre(db, planner, centre("NL-1"))
    with pytest.raises(InputError, match="unknown state"):
        centres.create_centre(db, planner, centre("XX-1", "99"))
    with pytest.raises(InputError, match="unknown organisation"):
        centres.create_centre(db, planner, centre("NL-9", operator_organisation_id=999))
    with pytest.raises(InputError, match="municipality"):
        centres.update_centre(db, planner, made.id, CentreChanges(municipality="14039"))
    with pytest.raises(InputError, match="cannot be removed"):
        centres.update_centre(db, planner, made.id, CentreChanges(name=None))
    assert rows(db) == before
    assert centres.get_centre(db, planner, made.id).municipality is None


def test_every_change_is_audited_with_before_and_after(db: Database, planner: Principal) -> None:
    admin = add_user(db, "a@x.mx", Grant(Role.ADMINISTRATOR))
    made = centres.create_centre(db, planner, centre("NL-1"))
    centres.update_centre(
        db,
        planner,
        made.id,
        CentreChanges(
            rooms=[RoomData(name="Maternales", age_group=AgeGroup.MATERNALES, capacity=50)]
        ),
    )
    entries, total = audit.list_entries(db, admin, entity="centre", entity_id=str(made.id))
    assert total == 2
    update, create = entries
    assert create.action == "create" and create.before is None
    assert create.after is not None and create.after["code"] == "NL-1"
    assert update.action == "update" and update.actor_email == "planner@x.mx"
    assert update.before is not None and update.after is not None
    assert [r["capacity"] for r in update.before["rooms"]] == [40, 70]
    assert update.after["rooms"] == [
        {"name": "Maternales", "age_group": "maternales", "capacity": 50}
    ]
    with pytest.raises(PermissionDeniedError):
        audit.list_entries(db, planner)
