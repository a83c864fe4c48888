"""CSV import: all rows or none, every bad row named by row and column."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from redceci.countries import activate, country_pack
from redceci.errors import ImportRowsError, PermissionDeniedError
from redceci.platform.access import Grant, Principal
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.store.db import Database
from redceci.store.platform.centre_import import import_centres_csv
from redceci.store.platform.models import AuditEntry, Centre, CentreRoom, CentreTransition
from redceci.store.testing import add_user

HEADER = "code,name,scheme,operator,state,lat,lon,status,status_since,lactantes,preescolar\n"
GOOD = (
    HEADER
    + "NL-1,CECI Apodaca,CECI IMSS,IMSS,19,25.78,-100.19,operating,2024-09-02,40,80\n"
    + "NL-2,CECI Escobedo,CECI Empresa,Parque Norte,19,25.80,-100.32,approved,2025-06-01,30,\n"
)


def counts(db: Database) -> dict[str, int]:
    with db.reading() as session:
        return {
            m.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(m)) or 0
            for m in (Centre, CentreRoom, CentreTransition, AuditEntry)
        }


@pytest.fixture(autouse=True)
def mexico() -> Iterator[None]:
    """Mexico's pack is the deployment's: its room groups are the file's room columns."""
    activate(country_pack("mx"))
    yield
    activate(None)


@pytest.fixture
def planner(db: Database) -> Principal:
    return add_user(db, "planner@x.mx", Grant(Role.NATIONAL_PLANNER))


def test_a_good_file_registers_every_row_with_its_rooms(db: Database, planner: Principal) -> None:
    created = import_centres_csv(db, planner, GOOD.encode())
    assert [c.code for c in created] == ["NL-1", "NL-2"]
    assert [c.capacity for c in created] == [120, 30]
    assert created[0].status == CentreStatus.OPERATING
    assert counts(db) == {
        "centres": 2,
        "centre_rooms": 3,
        "centre_transitions": 2,
        "audit_log": 3,  # one per centre and one for the import
    }


ROW = "NL-3,x,CECI IMSS,IMSS,19,25.0,-100.1,operating,2024-01-01,10,10\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEADER + ROW.replace("25.0", "95.0"), {(2, "lat")}),
        (HEADER + ROW.replace("CECI IMSS", "CECI Otro"), {(2, "scheme")}),
        (
            HEADER + "NL-3,x,CECI IMSS,IMSS,19,25.0,-100.1,abierto,2024-13-01,-4,10\n",
            {(2, "lactantes"), (2, "status"), (2, "status_since")},
        ),
        (HEADER + ROW.replace(",19,", ",99,"), {(2, "state")}),
        (HEADER + ROW + ROW.replace("NL-3,x", "NL-3,y"), {(3, "code")}),
        (HEADER + ROW + ROW.replace("NL-3", "NL-1"), {(3, "code")}),
        (HEADER + ROW + ROW.replace("IMSS,IMSS", ",IMSS"), {(3, "scheme")}),
        (
            "code,name,colour\nNL-3,x,red\n",
            {(1, c) for c in ("scheme", "operator", "state", "lat", "lon", "status")}
            | {(1, "status_since"), (1, "colour")},
        ),
        (HEADER, {(2, None)}),
        (HEADER + ROW.replace("\n", ",extra\n"), {(2, None)}),
        (HEADER.encode("utf-16").decode("latin-1"), {(1, None)}),
    ],
    ids=[
        "latitude",
        "scheme",
        "several-in-one-row",
        "unknown-state",
        "repeated-code",
        "already-registered",
        "one-good-one-bad",
        "columns",
        "no-rows",
        "extra-value",
        "not-utf8",
    ],
)
def test_a_bad_file_stores_nothing_and_names_each_bad_row(
    db: Database, planner: Principal, text: str, expected: set[tuple[int, str | None]]
) -> None:
    import_centres_csv(db, planner, GOOD.encode())
    before = counts(db)
    content = text.encode("latin-1") if text.startswith("\xff") else text.encode()
    with pytest.raises(ImportRowsError) as caught:
        import_centres_csv(db, planner, content)
    assert {(e.row, e.column) for e in caught.value.errors} == expected
    assert all(e.message for e in caught.value.errors)
    assert counts(db) == before


def test_a_row_outside_the_coordinators_state_refuses_the_whole_file(db: Database) -> None:
    coordinator = add_user(db, "nl@x.mx", Grant(Role.STATE_COORDINATOR, state_code="19"))
    text = GOOD + ROW.replace(",19,", ",14,")
    before = counts(db)
    with pytest.raises(PermissionDeniedError, match="rows 4"):
        import_centres_csv(db, coordinator, text.encode())
    assert counts(db) == before
    assert len(import_centres_csv(db, coordinator, GOOD.encode())) == 2


def test_roles_without_write_permission_cannot_import(db: Database) -> None:
    partner_org = add_user(db, "f@x.mx", Grant(Role.PARENT, family_id="F1"))
    with pytest.raises(PermissionDeniedError):
        import_centres_csv(db, partner_org, GOOD.encode())
    assert counts(db)["centres"] == 0


def test_room_columns_are_the_pack_s_groups_and_another_s_are_named_unknown(
    db: Database, planner: Principal
) -> None:
    activate(country_pack("gt"))
    row = ROW.replace("CECI IMSS", "CADI SOSEP")
    text = "code,name,scheme,operator,state,lat,lon,status,status_since,multiedad,lactantes\n"
    with pytest.raises(ImportRowsError) as refused:
        import_centres_csv(db, planner, (text + row).encode())
    [error] = refused.value.errors
    assert (error.row, error.column) == (1, "lactantes")
    assert error.message == "unknown column; room groups: multiedad"
    created = import_centres_csv(
        db, planner, (text.replace(",lactantes", "") + row[:-4] + "\n").encode()
    )
    assert [(r.name, r.age_group, r.capacity) for r in created[0].rooms] == [
        ("multiedad", "multiedad", 10)
    ]
