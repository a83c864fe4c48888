"""SYNTHETIC nutrition and health data for a demo centre: made-up children enrolled there (their
families registered through the enrolment store), their measurements, health cards and food
allergies drawn at published rates (``nutrition_health.synthetic``), the sample recipes and the
sample 4-week menu published nationally. Nobody loaded exists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa

from redceci.data.growth_standards import who_standards
from redceci.enrolment.identity import active_identity
from redceci.errors import NotFoundError
from redceci.nutrition_health import synthetic
from redceci.nutrition_health.allergies import RestrictionKind
from redceci.nutrition_health.menus import MenuStatus
from redceci.platform.access import Principal
from redceci.platform.rooms import RoomScheme
from redceci.platform.vaccines import Schedule
from redceci.store.db import Database
from redceci.store.enrolment import families
from redceci.store.enrolment.families import ChildData, FamilyData, GuardianData
from redceci.store.enrolment.models import Child, Enrolment, EnrolmentRoom, Family
from redceci.store.enrolment.rules import default_room_bands, set_rooms
from redceci.store.nutrition_health import catalogue, menus
from redceci.store.nutrition_health.growth import measurement_row
from redceci.store.nutrition_health.models import (
    DietRestriction,
    Measurement,
    MenuRow,
    Vaccination,
)
from redceci.store.platform import audit
from redceci.store.platform.models import Centre

#: Where the demo's families' ids start (kept apart from the enrolment demo's).
PREFIX = "SYN-NH"


@dataclass(frozen=True)
class HealthDemo:
    centre: str
    children: int
    measurements: int
    doses: int
    allergies: int
    menu_id: int | None


def _identities(
    region: str,
) -> tuple[Callable[[int, dt.date, str], str], Callable[[int], str]]:
    """Makers of SYNTHETIC identifiers under the identity rules in use (the country pack's,
    ``enrolment.identity.active_identity``): a child's (serial, birth, sex H/M, registered in
    ``region``) and an insured guardian's (serial)."""
    rules = active_identity()
    return (
        lambda s, b, sex: rules.made_up_person_id(s, b, region, sex == "M"),
        rules.made_up_insurance_id,
    )


def _enrol(
    db: Database,
    actor: Principal,
    centre: Centre,
    n: int,
    seed: int,
    on: dt.date,
    room_scheme: RoomScheme,
) -> list[tuple[int, str, dt.date]]:
    """``n`` SYNTHETIC children aged 2 months to 4 years enrolled at ``centre`` (rooms, if it
    has none: ``room_scheme``), with identifiers under the identity rules in use."""
    person, insured = _identities(centre.state_code)
    with db.reading() as session:
        rooms = session.scalars(
            sa.select(EnrolmentRoom)
            .where(EnrolmentRoom.centre_id == centre.id)
            .order_by(EnrolmentRoom.position)
        ).all()
    if not rooms:
        rooms = set_rooms(db, actor, centre.id, default_room_bands(max(n, 60), room_scheme))
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        ref = f"{PREFIX}-{centre.code}-{seed}-{i:04d}"
        age_days = int(rng.integers(60, 4 * 365))
        birth = on - dt.timedelta(days=age_days)
        sex = "H" if i % 2 == 0 else "M"
        serial = 700_000_000 + seed * 10_000 + i
        data = FamilyData(
            guardians=[GuardianData(name=f"Tutor sintético {i + 1}", nss=insured(serial))],
            children=[
                ChildData(
                    name=f"Niño sintético {i + 1}" if sex == "H" else f"Niña sintética {i + 1}",
                    curp=person(serial, birth, sex),
                    birth_date=birth,
                )
            ],
        )
        families.register_family(db, actor, ref, data)
        with db.transaction() as session:
            child = session.scalar(sa.select(Child).join(Family).where(Family.ref == ref))
            assert child is not None
            months = age_days / 30.4375
            room = next((r for r in rooms if r.min_months <= months < r.max_months), rooms[-1])
            if (
                session.scalar(sa.select(Enrolment.id).where(Enrolment.child_id == child.id))
                is None
            ):
                session.add(Enrolment(child_id=child.id, room_id=room.id, since=on))
            out.append((child.id, "M" if sex == "H" else "F", birth))
    return out


def load_health_demo(
    db: Database,
    actor: Principal,
    *,
    centre_code: str,
    children: int,
    seed: int,
    vaccines: Schedule | None,
    rooms: RoomScheme,
    on: dt.date | None = None,
) -> HealthDemo:
    """Load the demo (``actor``: a user who may write menus; health rows are inserted as the
    demo's own, each batch with one audit entry); vaccination cards by ``vaccines``, none
    without a schedule."""
    on = on or dt.date.today()
    with db.reading() as session:
        centre = session.scalar(sa.select(Centre).where(Centre.code == centre_code))
        if centre is None:
            raise NotFoundError(f"no centre {centre_code}")
    kids = _enrol(db, actor, centre, children, seed, on, rooms)
    rng = np.random.default_rng(seed + 1)
    who = who_standards()
    counts = {"measurements": 0, "doses": 0, "allergies": 0}
    with db.transaction() as session:
        for child_id, sex, birth in kids:
            session.execute(sa.delete(Measurement).where(Measurement.child_id == child_id))
            session.execute(sa.delete(Vaccination).where(Vaccination.child_id == child_id))
            for m in synthetic.measurements(who, rng, sex=sex, birth=birth, until=on):
                session.add(
                    measurement_row(
                        child_id,
                        sex,
                        birth,
                        m.day,
                        m.weight_kg,
                        m.length_cm,
                        m.position,
                        recorded_by=None,
                    )
                )
                counts["measurements"] += 1
            card = synthetic.card(vaccines, rng, birth=birth, until=on) if vaccines else []
            for vaccine, number, day in card:
                session.add(
                    Vaccination(
                        child_id=child_id, vaccine=vaccine, dose_number=number, given_on=day
                    )
                )
                counts["doses"] += 1
            session.execute(sa.delete(DietRestriction).where(DietRestriction.child_id == child_id))
            for allergen in synthetic.allergies(rng):
                session.add(
                    DietRestriction(
                        child_id=child_id,
                        kind=RestrictionKind.ALLERGY,
                        allergen=str(allergen),
                        document="SINTÉTICO / SYNTHETIC: sin documento real",
                        active=True,
                    )
                )
                counts["allergies"] += 1
        audit.record(
            session,
            actor,
            "create",
            "health_demo",
            centre.id,
            after={"synthetic": True, **counts, "seed": seed},
        )
    catalogue.load_sample_recipes(db, actor)
    with db.reading() as session:
        published = session.scalar(
            sa.select(MenuRow.id).where(
                MenuRow.status == MenuStatus.PUBLISHED, MenuRow.state_code.is_(None)
            )
        )
    menu_id = published
    if published is None:
        monday = on - dt.timedelta(days=on.weekday())
        made = menus.create_menu(
            db, actor, menus.sample_menu_data("Ciclo de 4 semanas (muestra)", monday, None)
        )
        menus.publish(db, actor, made["id"], confirm=True, on=on)
        menu_id = made["id"]
    return HealthDemo(
        centre_code,
        len(kids),
        counts["measurements"],
        counts["doses"],
        counts["allergies"],
        menu_id,
    )
