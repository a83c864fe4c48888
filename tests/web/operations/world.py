"""The operations pages' world: a Querétaro centre with a lactantes and a maternales room,
children of several families (guardians and authorised persons), its staff (educators counted
in the ratio) and the people who use the pages; a second centre in another state. Rows are
inserted directly (fast); ages are set from today so each child is in its room's age group."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from redceci.platform.access import Grant, Principal
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.store.db import Database
from redceci.store.enrolment.models import (
    AuthorisedPerson,
    Child,
    Enrolment,
    EnrolmentRoom,
    Family,
    Guardian,
)
from redceci.store.operations import setup
from redceci.store.operations.setup import StaffData
from redceci.store.platform.models import Centre
from redceci.store.testing import add_user
from tests.store.nutrition_health.factories import curp

#: name, room ("L" lactantes, "M" maternales), age in days today
KIDS = (
    ("Ana Ruiz", "L", 200),
    ("Beto Gil", "L", 250),
    ("Caro Paz", "L", 300),
    ("Dani Sol", "M", 700),
    ("Eva Mar", "M", 800),
    ("Fer Luz", "M", 900),
    ("Gael Rey", "M", 1000),
    ("Hugo Paz", "M", 750),
    ("Iris Sol", "M", 850),
)


@dataclass(frozen=True)
class OpsWorld:
    centre: int
    other_centre: int
    lactantes: int
    maternales: int
    children: dict[str, int]  # by first name
    other_child: int
    guardians: dict[str, int]  # by the child's first name
    authorised: dict[str, int]  # the grandmother of each child (voter card INE-<serial>)
    staff: dict[str, int]  # ops staff ids by first name
    director: Principal
    educator: Principal
    parent: Principal  # Ana's family
    admin: Principal


def _centre(session: Session, code: str, state: str) -> Centre:
    centre = Centre(
        code=code,
        name=f"CECI {code}",
        scheme="CECI IMSS",
        operator="IMSS",
        state_code=state,
        lat=20.59,
        lon=-100.39,
        status=CentreStatus.OPERATING,
        status_since=dt.date(2025, 1, 1),
    )
    session.add(centre)
    session.flush()
    return centre


def _room(session: Session, centre_id: int, position: int, name: str, lo: int, hi: int) -> int:
    room = EnrolmentRoom(
        centre_id=centre_id,
        position=position,
        name=name,
        min_months=lo,
        min_days=43 if lo == 0 else 0,
        max_months=hi,
        max_days=0,
        places=20,
    )
    session.add(room)
    session.flush()
    return int(room.id)


def _child(
    session: Session, serial: int, name: str, days: int, room_id: int
) -> tuple[int, int, int]:
    """A family with one child enrolled in ``room_id``: (child, guardian, authorised person)."""
    birth = dt.date.today() - dt.timedelta(days=days)
    family = Family(ref=f"OPS-{serial}")
    session.add(family)
    session.flush()
    first = name.split()[0]
    guardian = Guardian(family_id=family.id, name=f"Mamá de {first}")
    grandma = AuthorisedPerson(
        family_id=family.id,
        name=f"Abuela de {first}",
        relation="abuela",
        document_type="voter_id",
        identification=f"INE-{serial:04d}",
    )
    child = Child(family_id=family.id, name=name, curp=curp(serial, birth), birth_date=birth)
    session.add_all([guardian, grandma, child])
    session.flush()
    session.add(Enrolment(child_id=child.id, room_id=room_id, since=dt.date(2025, 9, 1)))
    return int(child.id), int(guardian.id), int(grandma.id)


def operations_world(db: Database) -> OpsWorld:
    with db.transaction() as s:
        centre = _centre(s, "QRO-OPS", "22")
        other = _centre(s, "COL-OPS", "06")
        lactantes = _room(s, centre.id, 0, "Lactantes", 0, 19)
        maternales = _room(s, centre.id, 1, "Maternales", 19, 48)
        other_room = _room(s, other.id, 0, "Única", 0, 48)
        children, guardians, authorised = {}, {}, {}
        for i, (name, room, days) in enumerate(KIDS):
            first = name.split()[0]
            children[first], guardians[first], authorised[first] = _child(
                s, i, name, days, lactantes if room == "L" else maternales
            )
        other_child, _, _ = _child(s, 40, "Zoe Col", 600, other_room)
        centre_id, other_id = int(centre.id), int(other.id)
    director = add_user(db, "dir@ops.mx", Grant(Role.CENTRE_DIRECTOR, centre_id=centre_id))
    staff = {
        first: setup.add_staff(
            db, director, centre_id, StaffData(name=f"{first} Educadora", role=role)
        )["staff_id"]
        for first, role in (("Luisa", "lead"), ("Marta", "assistant"), ("Nora", "lead"))
    }
    return OpsWorld(
        centre=centre_id,
        other_centre=other_id,
        lactantes=lactantes,
        maternales=maternales,
        children=children,
        other_child=other_child,
        guardians=guardians,
        authorised=authorised,
        staff=staff,
        director=director,
        educator=add_user(db, "edu@ops.mx", Grant(Role.CENTRE_STAFF, centre_id=centre_id)),
        parent=add_user(db, "mama@ops.mx", Grant(Role.PARENT, family_id="OPS-0")),
        admin=add_user(db, "admin@ops.mx", Grant(Role.ADMINISTRATOR)),
    )


def add_people(db: Database, world: OpsWorld) -> None:
    """Everyone else of the access matrix: staff of the other centre, another centre's parent,
    coordinators of Querétaro and of Colima, a national planner, medical staff."""
    add_user(db, "edu-col@ops.mx", Grant(Role.CENTRE_STAFF, centre_id=world.other_centre))
    add_user(db, "papa-col@ops.mx", Grant(Role.PARENT, family_id="OPS-40"))
    add_user(db, "coord-qro@ops.mx", Grant(Role.STATE_COORDINATOR, state_code="22"))
    add_user(db, "coord-col@ops.mx", Grant(Role.STATE_COORDINATOR, state_code="06"))
    add_user(db, "planner@ops.mx", Grant(Role.NATIONAL_PLANNER))
    add_user(db, "med@ops.mx", Grant(Role.MEDICAL_STAFF, centre_id=world.centre))
