"""Medication at the centre: the guardian's written authorisation recorded by medical staff, and
each administration logged against it (refused outside its dates, times or dose)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field

from redceci.errors import NotFoundError
from redceci.nutrition_health.medication import Authorisation, check_administration
from redceci.platform.access import Permission, Principal
from redceci.store.db import Database
from redceci.store.nutrition_health.children import child_for, read_record
from redceci.store.nutrition_health.models import MedicationAuthorisation, MedicationDose
from redceci.store.platform import audit


class AuthorisationData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    medicine: str = Field(min_length=1, max_length=200)
    dose: str = Field(min_length=1, max_length=100)
    times: list[dt.time] = Field(min_length=1, max_length=12)
    starts_on: dt.date
    ends_on: dt.date
    guardian: str = Field(min_length=1, max_length=200)
    document: str = Field(min_length=1, max_length=300)


class DoseGiven(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    given_at: dt.datetime
    dose: str = Field(min_length=1, max_length=100)


def _domain(row: MedicationAuthorisation) -> Authorisation:
    return Authorisation(
        row.child_id,
        row.medicine,
        row.dose,
        tuple(dt.time.fromisoformat(t) for t in row.times),
        row.starts_on,
        row.ends_on,
        row.guardian,
        row.document,
    )


def authorise(
    db: Database, actor: Principal, child_id: int, data: AuthorisationData
) -> dict[str, Any]:
    """Record a guardian's written authorisation (medical staff)."""
    auth = Authorisation(
        child_id,
        data.medicine,
        data.dose,
        tuple(data.times),
        data.starts_on,
        data.ends_on,
        data.guardian,
        data.document,
    )
    with db.transaction() as session:
        child_for(session, actor, child_id, Permission.HEALTH_WRITE)
        row = MedicationAuthorisation(
            child_id=child_id,
            medicine=auth.medicine,
            dose=auth.dose,
            times=[t.strftime("%H:%M") for t in auth.times],
            starts_on=auth.start,
            ends_on=auth.end,
            guardian=auth.guardian,
            document=auth.document,
            recorded_by=actor.user_id,
        )
        session.add(row)
        session.flush()
        audit.record(
            session, actor, "create", "medication_authorisation", row.id, after=audit.snapshot(row)
        )
        return {"id": row.id, "medicine": row.medicine, "dose": row.dose, "times": row.times}


def give(db: Database, actor: Principal, authorisation_id: int, data: DoseGiven) -> dict[str, Any]:
    """Log one administration; refused with the reason when the authorisation does not cover
    it."""
    with db.transaction() as session:
        row = session.get(MedicationAuthorisation, authorisation_id)
        if row is None:
            raise NotFoundError(f"no authorisation {authorisation_id}")
        child_for(session, actor, row.child_id, Permission.HEALTH_WRITE)
        at = data.given_at if data.given_at.tzinfo else data.given_at.replace(tzinfo=dt.UTC)
        given = [
            d.given_at
            for d in session.scalars(
                sa.select(MedicationDose).where(MedicationDose.authorisation_id == authorisation_id)
            )
        ]
        local = [g.astimezone(at.tzinfo) for g in given]
        slot = check_administration(_domain(row), at, data.dose, local)
        dose = MedicationDose(
            authorisation_id=row.id,
            given_at=at,
            slot=slot.strftime("%H:%M"),
            dose=data.dose,
            given_by=actor.user_id,
        )
        session.add(dose)
        session.flush()
        audit.record(
            session, actor, "create", "medication_dose", dose.id, after=audit.snapshot(dose)
        )
        return {"id": dose.id, "slot": dose.slot, "given_at": dose.given_at.isoformat()}


def child_medication(db: Database, actor: Principal, child_id: int) -> list[dict[str, Any]]:
    """Authorisations with their doses (an audited read)."""
    with db.transaction() as session:
        read_record(session, actor, child_id, "medication")
        rows = session.scalars(
            sa.select(MedicationAuthorisation)
            .where(MedicationAuthorisation.child_id == child_id)
            .order_by(MedicationAuthorisation.id)
        )
        out = []
        for row in rows:
            doses = session.scalars(
                sa.select(MedicationDose)
                .where(MedicationDose.authorisation_id == row.id)
                .order_by(MedicationDose.given_at)
            )
            out.append(
                {
                    "id": row.id,
                    "medicine": row.medicine,
                    "dose": row.dose,
                    "times": row.times,
                    "starts_on": row.starts_on.isoformat(),
                    "ends_on": row.ends_on.isoformat(),
                    "guardian": row.guardian,
                    "document": row.document,
                    "doses": [
                        {"given_at": d.given_at.isoformat(), "slot": d.slot, "dose": d.dose}
                        for d in doses
                    ],
                }
            )
        return out
