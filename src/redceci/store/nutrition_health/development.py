"""Milestone checklists recorded by educators; a flagged domain opens a referral that the medical
staff follow (referred → evaluated → closed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field

from redceci.errors import InputError, NotFoundError
from redceci.nutrition_health import development as dev
from redceci.platform.access import Permission, Principal
from redceci.store.db import Database
from redceci.store.nutrition_health.children import age_months, child_for, read_record
from redceci.store.nutrition_health.models import MilestoneScreening, Referral
from redceci.store.platform import audit


class ScreeningData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    checkpoint_months: int = Field(ge=1, le=72)
    screened_on: dt.date
    answers: dict[str, dev.Answer]


class ReferralUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    status: dev.ReferralStatus
    notes: str | None = Field(None, max_length=1000)


def checklist(months: int) -> list[dict[str, Any]]:
    return [
        {"code": m.code, "domain": str(m.domain), "text_es": m.text_es, "text_en": m.text_en}
        for m in dev.checklist(months)
    ]


def record_screening(
    db: Database, actor: Principal, child_id: int, data: ScreeningData
) -> dict[str, Any]:
    """Record a checklist (educators, medical staff, director); each flagged domain opens a
    referral."""
    with db.transaction() as session:
        child = child_for(session, actor, child_id, Permission.DEVELOPMENT_RECORD)
        age = age_months(child.birth_date, data.screened_on)
        if data.checkpoint_months > age + 1:
            raise InputError(
                f"the child is {age:.0f} months old: too young for the "
                f"{data.checkpoint_months}-month checklist"
            )
        flagged = dev.flagged_domains(data.checkpoint_months, data.answers)
        row = MilestoneScreening(
            child_id=child_id,
            checkpoint_months=data.checkpoint_months,
            screened_on=data.screened_on,
            answers={k: str(v) for k, v in data.answers.items()},
            flagged=[str(d) for d in flagged],
            recorded_by=actor.user_id,
        )
        session.add(row)
        session.flush()
        for domain in flagged:
            session.add(
                Referral(
                    child_id=child_id,
                    screening_id=row.id,
                    domain=str(domain),
                    status=dev.ReferralStatus.FLAGGED,
                )
            )
        audit.record(
            session,
            actor,
            "create",
            "milestone_screening",
            row.id,
            after={"checkpoint": row.checkpoint_months, "flagged": row.flagged},
        )
        return {"id": row.id, "flagged": row.flagged, "instrument": dev.INSTRUMENT}


def update_referral(
    db: Database, actor: Principal, referral_id: int, data: ReferralUpdate
) -> dict[str, Any]:
    """Move a referral along its workflow (medical staff)."""
    with db.transaction() as session:
        row = session.get(Referral, referral_id)
        if row is None:
            raise NotFoundError(f"no referral {referral_id}")
        child_for(session, actor, row.child_id, Permission.HEALTH_WRITE)
        before = audit.snapshot(row)
        row.status = dev.advance(row.status, data.status)
        if data.notes:
            row.notes = data.notes
        audit.record(
            session, actor, "update", "referral", row.id, before=before, after=audit.snapshot(row)
        )
        return {"id": row.id, "status": str(row.status), "domain": row.domain, "notes": row.notes}


def child_development(db: Database, actor: Principal, child_id: int) -> dict[str, Any]:
    """A child's checklists and referrals (an audited read)."""
    with db.transaction() as session:
        child = read_record(session, actor, child_id, "development")
        screenings = session.scalars(
            sa.select(MilestoneScreening)
            .where(MilestoneScreening.child_id == child_id)
            .order_by(MilestoneScreening.screened_on)
        )
        referrals = session.scalars(
            sa.select(Referral).where(Referral.child_id == child_id).order_by(Referral.id)
        )
        return {
            "child_id": child_id,
            "instrument": dev.INSTRUMENT,
            "next_checkpoint": dev.checkpoint_for(age_months(child.birth_date, dt.date.today())),
            "screenings": [
                {
                    "id": s.id,
                    "checkpoint_months": s.checkpoint_months,
                    "screened_on": s.screened_on.isoformat(),
                    "flagged": s.flagged,
                }
                for s in screenings
            ],
            "referrals": [
                {"id": r.id, "domain": r.domain, "status": str(r.status), "notes": r.notes}
                for r in referrals
            ],
        }


def checklist_for_child(
    db: Database, actor: Principal, child_id: int, months: int | None, on: dt.date
) -> dict[str, Any]:
    """What an educator needs to answer a checklist: the child's name and age, the checklist
    (the latest age reached unless ``months`` is given)."""
    with db.reading() as session:
        child = child_for(session, actor, child_id, Permission.DEVELOPMENT_RECORD)
    age = age_months(child.birth_date, on)
    checkpoint = months or dev.checkpoint_for(age)
    return {
        "child_id": child_id,
        "name": child.name,
        "centre_id": child.centre_id,
        "age_months": round(age, 1),
        "checkpoint_months": checkpoint,
        "items": checklist(checkpoint) if checkpoint else [],
        "instrument": dev.INSTRUMENT,
    }
