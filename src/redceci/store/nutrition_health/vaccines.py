"""Vaccinations copied from the health card by medical staff, each child's status against the
country's schedule, the centre's overdue list and the reminders to send guardians."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field

from redceci.errors import InputError
from redceci.nutrition_health.vaccination import MEXICO_2023, DoseState, Schedule, status
from redceci.platform.access import Permission, Principal
from redceci.store.db import Database
from redceci.store.enrolment.models import Child, Family, Guardian
from redceci.store.nutrition_health.children import (
    centre_for,
    child_for,
    enrolled_children,
    read_record,
)
from redceci.store.nutrition_health.models import Vaccination
from redceci.store.platform import audit

#: The schedule in force (a parameter: another country passes its own).
SCHEDULE: Schedule = MEXICO_2023


class DoseData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    vaccine: str = Field(min_length=1, max_length=32)
    dose_number: int = Field(ge=1, le=10)
    given_on: dt.date


def record_dose(db: Database, actor: Principal, child_id: int, data: DoseData) -> dict[str, Any]:
    """Record a dose from the card (medical staff); a dose not in the schedule is refused."""
    if not any(d.vaccine == data.vaccine and d.number == data.dose_number for d in SCHEDULE.doses):
        raise InputError(f"{data.vaccine} {data.dose_number} is not in schedule {SCHEDULE.code}")
    with db.transaction() as session:
        child = child_for(session, actor, child_id, Permission.HEALTH_WRITE)
        if not child.birth_date <= data.given_on <= dt.date.today():
            raise InputError("the dose date must be between birth and today")
        row = Vaccination(
            child_id=child_id,
            vaccine=data.vaccine,
            dose_number=data.dose_number,
            given_on=data.given_on,
            recorded_by=actor.user_id,
        )
        session.add(row)
        session.flush()
        audit.record(session, actor, "create", "vaccination", row.id, after=audit.snapshot(row))
        return {
            "id": row.id,
            "vaccine": row.vaccine,
            "dose_number": row.dose_number,
            "given_on": row.given_on.isoformat(),
        }


def _states(session: Any, child_id: int, birth: dt.date, on: dt.date) -> list[DoseState]:
    given = [
        (v.vaccine, v.dose_number, v.given_on)
        for v in session.scalars(sa.select(Vaccination).where(Vaccination.child_id == child_id))
    ]
    return status(SCHEDULE, birth, given, on)


def _state(s: DoseState) -> dict[str, Any]:
    return {
        "vaccine": s.dose.vaccine,
        "dose_number": s.dose.number,
        "name_es": s.dose.name_es,
        "due": s.due.isoformat(),
        "status": str(s.status),
        "given_on": s.given_on.isoformat() if s.given_on else None,
        "verified": s.dose.verified,
    }


def child_vaccines(
    db: Database, actor: Principal, child_id: int, on: dt.date | None = None
) -> dict[str, Any]:
    """A child's schedule and status (an audited read)."""
    on = on or dt.date.today()
    with db.transaction() as session:
        child = read_record(session, actor, child_id, "vaccination")
        return {
            "child_id": child_id,
            "schedule": f"{SCHEDULE.code} {SCHEDULE.version}",
            "source": SCHEDULE.source,
            "doses": [_state(s) for s in _states(session, child_id, child.birth_date, on)],
        }


def overdue_list(
    db: Database, actor: Principal, centre_id: int, on: dt.date | None = None
) -> list[dict[str, Any]]:
    """Children of the centre with an overdue dose, and a reminder text for their guardians
    (medical staff and director; an audited read)."""
    on = on or dt.date.today()
    with db.transaction() as session:
        centre = centre_for(session, actor, centre_id, Permission.HEALTH_READ)
        out = []
        for child in enrolled_children(session, centre.id):
            late = [
                s
                for s in _states(session, child.id, child.birth_date, on)
                if s.status.value == "overdue"
            ]
            if not late:
                continue
            guardians = list(
                session.scalars(
                    sa.select(Guardian.name)
                    .join(Family, Family.id == Guardian.family_id)
                    .where(Family.id == child.family_id)
                )
            )
            names = ", ".join(s.dose.name_es for s in late)
            out.append(
                {
                    "child_id": child.id,
                    "child": child.name,
                    "overdue": [_state(s) for s in late],
                    "guardians": guardians,
                    "reminder_es": (
                        f"{child.name} tiene vacunas pendientes: {names}. Acuda a su "
                        "unidad de medicina familiar con la Cartilla Nacional de "
                        "Vacunación."
                    ),
                }
            )
        audit.record(
            session,
            actor,
            "read",
            "vaccination_overdue",
            centre_id,
            after={"children": len(out), "on": on.isoformat()},
        )
        return out


def coverage(session: Any, children: list[Child], on: dt.date) -> tuple[int, int]:
    """(children, up to date) among ``children`` on ``on`` (for the network dashboard)."""
    up = sum(
        1
        for c in children
        if not any(s.status.value == "overdue" for s in _states(session, c.id, c.birth_date, on))
    )
    return len(children), up
