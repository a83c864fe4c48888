"""CURP claims: a family registering a child whose CURP another family holds. The network
(``Permission.ENROLMENT_MANAGE``) checks identity documents (birth certificate, CURP record,
the guardian's official ID) and grants the claim (the child, with any place it holds, moves to
the claiming family) or refuses it. Each decision is one transaction with its audit entry."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from redceci.errors import ConflictError, NotFoundError
from redceci.platform.access import Permission, Principal
from redceci.store.base import utcnow
from redceci.store.db import Database
from redceci.store.enrolment.models import Child, ClaimStatus, CurpClaim, Family
from redceci.store.platform import audit


def list_claims(db: Database, actor: Principal, *, pending: bool = True) -> list[dict[str, Any]]:
    """Claims awaiting a decision (or all), oldest first, with both families' references."""
    actor.require(Permission.ENROLMENT_MANAGE)
    with db.reading() as session:
        query = (
            sa.select(CurpClaim, Family.ref)
            .join(Family, Family.id == CurpClaim.family_id)
            .order_by(CurpClaim.id)
        )
        if pending:
            query = query.where(CurpClaim.status == ClaimStatus.PENDING)
        out = []
        for claim, ref in session.execute(query).all():
            holder = session.scalar(
                sa.select(Family.ref)
                .join(Child, Child.family_id == Family.id)
                .where(Child.curp == claim.curp)
            )
            out.append(
                {
                    "id": claim.id,
                    "curp": claim.curp,
                    "name": claim.name,
                    "birth_date": claim.birth_date.isoformat(),
                    "claimed_by": ref,
                    "held_by": holder,
                    "status": claim.status.value,
                    "created_at": claim.created_at.isoformat(),
                    "note": claim.note,
                }
            )
        return out


def resolve_claim(
    db: Database, actor: Principal, claim_id: int, *, grant: bool, note: str = ""
) -> CurpClaim:
    """Grant (the child moves to the claiming family, the holder loses it) or refuse a pending
    claim, after checking identity documents outside the platform."""
    actor.require(Permission.ENROLMENT_MANAGE)
    with db.transaction() as session:
        claim = session.get(CurpClaim, claim_id, with_for_update=True)
        if claim is None:
            raise NotFoundError(f"no claim {claim_id}")
        if claim.status is not ClaimStatus.PENDING:
            raise ConflictError(f"claim {claim_id} was already {claim.status.value}")
        moved: dict[str, Any] = {}
        if grant:
            child = session.scalar(sa.select(Child).where(Child.curp == claim.curp))
            if child is None:  # the holder removed it meanwhile: register it afresh
                child = Child(curp=claim.curp, family_id=claim.family_id)
                session.add(child)
            moved = {"from_family_id": child.family_id, "to_family_id": claim.family_id}
            child.family_id = claim.family_id
            child.name, child.birth_date = claim.name, claim.birth_date
            child.disability = claim.disability
        claim.status = ClaimStatus.GRANTED if grant else ClaimStatus.REFUSED
        claim.resolved_at, claim.resolved_by, claim.note = utcnow(), actor.user_id, note[:300]
        session.flush()
        audit.record(
            session,
            actor,
            "grant" if grant else "refuse",
            "curp_claim",
            claim.id,
            after={"status": claim.status.value, "note": claim.note, **moved},
        )
        return claim
