"""Vaccinations copied from the health card by medical staff, each child's status against the
country pack's schedule, the centre's overdue list and the reminders to send guardians. Where
the pack has no schedule (``None``), no dose is recorded and no status is given."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field

from redceci.errors import InputError
from redceci.nutrition_health.vaccination import DoseState, status
from redceci.platform.access import Permission, Principal
from redceci.platform.vaccines import Schedule
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


class DoseData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    vaccine: str = Field(min_length=1, max_length=32)
    dose_number: int = Field(ge=1, le=10)
    given_on: dt.date


def record_dose(
    db: Database, actor: Principal, child_id: int, data: DoseData, schedule: Schedule | None
) -> dict[str, Any]:
    """Record a dose from the card (medical staff); a dose not in the schedule is refused."""
    if schedule is None:
        raise InputError("this country has no vaccination schedule on record: no dose is kept")
    if not schedule.has(data.vaccine, data.dose_number):
        raise InputError(f"{data.vaccine} {data.dose_number} is not in schedule {schedule.code}")
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


def _states(
    session: Any, schedule: Schedule, child_id: int, birth: dt.date, on: dt.date
) -> list[DoseState]:
    given = [
        (v.vaccine, v.dose_number, v.given_on)
        for v in session.scalars(sa.select(Vaccination).where(Vaccination.child_id == child_id))
    ]
    return status(schedule, birth, given, on)


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
    db: Database,
    actor: Principal,
    child_id: int,
    schedule: Schedule | None,
    on: dt.date | None = None,
) -> dict[str, Any]:
    """A child's schedule and status (an audited read); no schedule, no doses."""
    on = on or dt.date.today()
    with db.transaction() as session:
        child = read_record(session, actor, child_id, "vaccination")
        if schedule is None:
            return {"child_id": child_id, "schedule": None, "source": None, "doses": []}
        states = _states(session, schedule, child_id, child.birth_date, on)
        return {
            "child_id": child_id,
            "schedule": f"{schedule.code} {schedule.version}",
            "source": schedule.source,
            "doses": [_state(s) for s in states],
        }


def overdue_list(
    db: Database,
    actor: Principal,
    centre_id: int,
    schedule: Schedule | None,
    on: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Children of the centre with an overdue dose, and a reminder text for their guardians
    (medical staff and director; an audited read); none without a schedule."""
    on = on or dt.date.today()
    with db.transaction() as session:
        centre = centre_for(session, actor, centre_id, Permission.HEALTH_READ)
        out = [] if schedule is None else _overdue(session, schedule, centre.id, on)
        audit.record(
            session,
            actor,
            "read",
            "vaccination_overdue",
            centre_id,
            after={"children": len(out), "on": on.isoformat()},
        )
        return out


def _overdue(session: Any, schedule: Schedule, centre_id: int, on: dt.date) -> list[dict[str, Any]]:
    out = []
    for child in enrolled_children(session, centre_id):
        late = [
            s
            for s in _states(session, schedule, child.id, child.birth_date, on)
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
                "reminder_es": schedule.reminder_es(child.name, names),
            }
        )
    return out


def coverage(
    session: Any, schedule: Schedule, children: list[Child], on: dt.date
) -> tuple[int, int]:
    """(children, up to date) among ``children`` on ``on`` (for the network dashboard)."""
    up = sum(
        1
        for c in children
        if not any(
            s.status.value == "overdue" for s in _states(session, schedule, c.id, c.birth_date, on)
        )
    )
    return len(children), up
