"""A centre of Colima with children enrolled, inserted directly (fast fixtures for the nutrition
and health store, API and page tests), and the people who use it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from redceci.countries.mx.identity import curp_check_digit
from redceci.platform.access import Grant, Principal
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.store.db import Database
from redceci.store.enrolment.models import Child, Enrolment, EnrolmentRoom, Family, Guardian
from redceci.store.platform.models import Centre
from redceci.store.testing import add_user


def curp(serial: int, birth: dt.date, sex: str = "H") -> str:
    body = f"G{'AEIOU'[serial % 5]}M{'ABCDEFGHIJ'[serial // 5 % 10]}{birth:%y%m%d}{sex}CMRNDA"
    return body + str(curp_check_digit(body))


@dataclass(frozen=True)
class Place:
    """A centre with its children (ids by name) and users."""

    centre_id: int
    other_centre_id: int
    children: dict[str, int]
    family_refs: dict[str, str]
    nutritionist: Principal
    medical: Principal
    director: Principal
    educator: Principal
    parent: Principal
    other_medical: Principal
    admin: Principal


#: name, birth date, sex (CURP H/M)
KIDS = (
    ("Ana", dt.date(2022, 9, 1), "M"),  # preescolar
    ("Beto", dt.date(2023, 10, 15), "H"),  # maternal 24-35 in 2026
    ("Caro", dt.date(2025, 6, 1), "M"),  # lactante
)


def centre_with_children(db: Database, *, code: str = "COL-NH") -> Place:
    with db.transaction() as s:
        centres = []
        for suffix in ("", "-B"):
            centre = Centre(
                code=code + suffix,
                name=f"CECI {code}{suffix}",
                scheme="CECI IMSS",
                operator="IMSS",
                state_code="06",
                lat=19.24,
                lon=-103.72,
                status=CentreStatus.OPERATING,
                status_since=dt.date(2025, 1, 1),
            )
            s.add(centre)
            s.flush()
            centres.append(centre)
        room = EnrolmentRoom(
            centre_id=centres[0].id,
            position=0,
            name="todas",
            min_months=0,
            min_days=43,
            max_months=48,
            max_days=0,
            places=30,
        )
        s.add(room)
        s.flush()
        children, refs = {}, {}
        for i, (name, birth, sex) in enumerate(KIDS):
            family = Family(ref=f"FAM-{code}-{i}")
            s.add(family)
            s.flush()
            s.add(Guardian(family_id=family.id, name=f"Madre de {name}"))
            child = Child(
                family_id=family.id, name=name, curp=curp(i, birth, sex), birth_date=birth
            )
            s.add(child)
            s.flush()
            s.add(Enrolment(child_id=child.id, room_id=room.id, since=dt.date(2025, 9, 1)))
            children[name], refs[name] = child.id, family.ref
        centre_id, other_id = centres[0].id, centres[1].id
    return Place(
        centre_id=centre_id,
        other_centre_id=other_id,
        children=children,
        family_refs=refs,
        nutritionist=add_user(db, f"nutri@{code.lower()}.mx", Grant(Role.NUTRITIONIST)),
        medical=add_user(
            db, f"med@{code.lower()}.mx", Grant(Role.MEDICAL_STAFF, centre_id=centre_id)
        ),
        director=add_user(
            db, f"dir@{code.lower()}.mx", Grant(Role.CENTRE_DIRECTOR, centre_id=centre_id)
        ),
        educator=add_user(
            db, f"edu@{code.lower()}.mx", Grant(Role.CENTRE_STAFF, centre_id=centre_id)
        ),
        parent=add_user(db, f"mama@{code.lower()}.mx", Grant(Role.PARENT, family_id=refs["Ana"])),
        other_medical=add_user(
            db, f"med2@{code.lower()}.mx", Grant(Role.MEDICAL_STAFF, centre_id=other_id)
        ),
        admin=add_user(db, f"admin@{code.lower()}.mx", Grant(Role.ADMINISTRATOR)),
    )
