"""The centres registry: scoped reads and writes, the dated status pipeline, the audit trail."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sqlalchemy as sa

from redceci.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from redceci.platform.access import Grant, Principal
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.store.db import Database
from redceci.store.platform import accounts, audit, centres
from redceci.store.platform.centres import (
    COUNTED,
    CentreChanges,
    CentreData,
    RegistryFigures,
    RoomData,
    Tally,
)
from redceci.store.platform.models import AuditEntry, Centre, CentreRoom, State
from redceci.store.testing import add_user


def centre(code: str, state: str = "19", **changes: object) -> CentreData:
    base = CentreData(
        code=code,
        name=f"CECI {code}",
        scheme="CECI IMSS",
        operator="IMSS",
        state_code=state,
        lat=25.67,
        lon=-100.31,
        status_since=dt.date(2025, 1, 1),
        rooms=[
            RoomData(name="Lactantes", age_group="lactantes", capacity=40),
            RoomData(name="Preescolar", age_group="preescolar", capacity=70),
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
        ("lactantes", 40),
        ("preescolar", 70),
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
        CentreChanges(rooms=[RoomData(name="Maternales", age_group="maternales", capacity=50)]),
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


def _register(
    db: Database, planner: Principal, data: CentreData, *steps: tuple[CentreStatus, str]
) -> int:
    made = centres.create_centre(db, planner, data)
    for status, when in steps:
        centres.transition_centre(
            db, planner, made.id, to_status=status, effective_on=dt.date.fromisoformat(when)
        )
    return made.id


def test_a_centre_counts_from_approval_until_it_closes(db: Database, planner: Principal) -> None:
    approved = CentreStatus.APPROVED
    _register(db, planner, centre("A"), (approved, "2026-03-10"))
    _register(db, planner, centre("B", status=approved, status_since=dt.date(2025, 12, 1)))
    _register(
        db, planner, centre("C"), (approved, "2026-01-31"), (CentreStatus.CLOSED, "2026-05-02")
    )
    _register(db, planner, centre("D"))
    month_ends = [dt.date(2026, m + 1, 1) - dt.timedelta(days=1) for m in range(1, 7)]
    figures = centres.registry_figures(db, planner, days=month_ends)
    assert figures.counted_on == [2, 2, 3, 3, 2, 2]


def _summed_with_pandas(db: Database, who: Principal, days: list[dt.date]) -> RegistryFigures:
    """The dashboard's former computation: every visible centre loaded, then pandas."""
    rows, _ = centres.list_centres(db, who, limit=1000)
    with db.reading() as session:
        names = dict(session.execute(sa.select(State.code, State.name)).all())
    records = []
    for c in rows:
        since = min((t.effective_on for t in c.transitions if t.to_status in COUNTED), default=None)
        until = [t.effective_on for t in c.transitions if t.to_status == CentreStatus.CLOSED]
        state, scheme, status = names[c.state_code], c.scheme, c.status.value
        last = until[-1] if until else None
        records.append((c.id, state, scheme, status, c.capacity, c.lat, c.lon, since, last))
    frame = pd.DataFrame(
        records,
        columns=["id", "state", "scheme", "status", "places", "lat", "lon", "since", "until"],
    )

    def tallies(part: pd.DataFrame, key: str) -> list[Tally]:
        grouped = part.groupby(key).agg(centres=("id", "size"), places=("places", "sum"))
        grouped = grouped.sort_values(["centres", "places"], ascending=False, kind="stable")
        return [Tally(str(k), int(r.centres), int(r.places)) for k, r in grouped.iterrows()]

    counted = frame[frame["status"].isin([s.value for s in COUNTED])]
    since, until = pd.to_datetime(frame["since"]), pd.to_datetime(frame["until"])
    return RegistryFigures(
        by_state=tallies(counted, "state"),
        by_scheme=tallies(counted, "scheme"),
        by_status=tallies(frame, "status"),
        positions=list(zip(counted["lat"], counted["lon"], counted["places"], strict=True)),
        counted_on=[
            int((since.notna() & (since <= day) & (until.isna() | (until > day))).sum())
            for day in map(pd.Timestamp, days)
        ],
    )


def test_the_registry_figures_summed_in_sql_equal_a_sum_over_every_centre(
    db: Database, planner: Principal, nuevo_leon: Principal
) -> None:
    org = accounts.create_organisation(db, None, name="Parque Uno")
    partner = add_user(db, "p@x.mx", Grant(Role.PARTNER, organisation_id=org.id))
    s = CentreStatus
    empresa = {"scheme": "CECI Empresa", "operator": "Parque Uno"}
    small = [RoomData(name="Sala", age_group="maternales", capacity=50)]
    _register(db, planner, centre("NL-1", status=s.OPERATING, status_since=dt.date(2024, 5, 1)))
    _register(
        db,
        planner,
        centre("NL-2", rooms=small, **empresa),
        (s.APPROVED, "2025-03-01"),
        (s.UNDER_CONSTRUCTION, "2025-09-01"),
    )
    _register(db, planner, centre("NL-3"), (s.CLOSED, "2025-06-01"))
    _register(
        db,
        planner,
        centre("NL-4", status=s.OPERATING, status_since=dt.date(2023, 1, 1)),
        (s.CLOSED, "2026-02-15"),
    )
    _register(db, planner, centre("NL-5", rooms=[]))
    _register(
        db,
        planner,
        centre("JAL-1", "14", lat=20.6, lon=-103.3, operator_organisation_id=org.id, **empresa),
        (s.APPROVED, "2025-11-20"),
    )
    _register(
        db,
        planner,
        centre("JAL-2", "14", lat=20.7, lon=-103.4, status=s.OPERATING, rooms=[]),
    )
    _register(
        db,
        planner,
        centre("CDMX-1", "09", lat=19.4, lon=-99.1, rooms=small),
        (s.APPROVED, "2025-04-01"),
        (s.UNDER_CONSTRUCTION, "2025-05-01"),
        (s.OPERATING, "2025-11-20"),
    )
    _register(db, planner, centre("CDMX-2", "09", lat=19.3, lon=-99.2, status=s.OPERATING))
    days = [
        dt.date(2022, 12, 31),
        *(
            dt.date.fromisoformat(d)
            for d in (
                "2024-05-01",
                "2025-03-01",
                "2025-06-01",
                "2025-11-20",
                "2026-02-14",
                "2026-02-15",
            )
        ),
    ]
    for who in (planner, nuevo_leon, partner):
        figures = centres.registry_figures(db, who, days=days)
        assert figures == _summed_with_pandas(db, who, days)
    national = centres.registry_figures(db, planner, days=days)
    assert [(t.key, t.centres, t.places) for t in national.by_state] == [
        ("Ciudad de México", 2, 160),  # ties with Nuevo León: by name
        ("Nuevo León", 2, 160),
        ("Jalisco", 2, 110),
    ]
    assert centres.registry_figures(db, partner, days=[]).by_state == [Tally("Jalisco", 1, 110)]
