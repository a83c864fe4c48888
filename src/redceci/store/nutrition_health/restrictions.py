"""Children's allergies, intolerances and diets: recorded by the centre's medical staff with
their supporting document, read (audited) by guardians, medical staff and the director."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy.orm import Session

from redceci.errors import InputError, NotFoundError
from redceci.nutrition_health.allergies import Restriction, RestrictionKind
from redceci.nutrition_health.foods import Allergen
from redceci.platform.access import Permission, Principal
from redceci.store.db import Database
from redceci.store.nutrition_health.catalogue import food_table
from redceci.store.nutrition_health.children import child_for, read_record
from redceci.store.nutrition_health.models import DietRestriction
from redceci.store.platform import audit


class RestrictionData(BaseModel):
    """An allergen or one ingredient the child may not eat, with the medical document."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    kind: RestrictionKind
    allergen: Allergen | None = None
    ingredient: str | None = Field(None, max_length=64)
    document: str = Field(min_length=1, max_length=300)
    notes: str | None = Field(None, max_length=500)

    @model_validator(mode="after")
    def _one(self) -> RestrictionData:
        if (self.allergen is None) == (self.ingredient is None):
            raise ValueError("name either an allergen or an ingredient")
        return self


def _public(row: DietRestriction) -> dict[str, Any]:
    return {
        "id": row.id,
        "child_id": row.child_id,
        "kind": str(row.kind),
        "allergen": row.allergen,
        "ingredient": row.ingredient,
        "document": row.document,
        "notes": row.notes,
        "active": row.active,
        "created_at": row.created_at.isoformat(),
    }


def add_restriction(
    db: Database, actor: Principal, child_id: int, data: RestrictionData
) -> dict[str, Any]:
    """Record a restriction (medical staff of the child's centre)."""
    if data.ingredient is not None and data.ingredient not in food_table():
        raise InputError(f"unknown ingredient {data.ingredient!r}")
    with db.transaction() as session:
        child_for(session, actor, child_id, Permission.HEALTH_WRITE)
        row = DietRestriction(
            child_id=child_id,
            kind=data.kind,
            allergen=str(data.allergen) if data.allergen else None,
            ingredient=data.ingredient,
            document=data.document,
            notes=data.notes,
            active=True,
            recorded_by=actor.user_id,
        )
        session.add(row)
        session.flush()
        audit.record(
            session, actor, "create", "diet_restriction", row.id, after=audit.snapshot(row)
        )
        return _public(row)


def end_restriction(db: Database, actor: Principal, restriction_id: int) -> dict[str, Any]:
    """Mark a restriction inactive (kept in the record)."""
    with db.transaction() as session:
        row = session.get(DietRestriction, restriction_id)
        if row is None:
            raise NotFoundError(f"no restriction {restriction_id}")
        child_for(session, actor, row.child_id, Permission.HEALTH_WRITE)
        before = audit.snapshot(row)
        row.active = False
        audit.record(
            session,
            actor,
            "update",
            "diet_restriction",
            row.id,
            before=before,
            after=audit.snapshot(row),
        )
        return _public(row)


def child_restrictions(db: Database, actor: Principal, child_id: int) -> list[dict[str, Any]]:
    """A child's restrictions (an audited read of the health record)."""
    with db.transaction() as session:
        read_record(session, actor, child_id, "restrictions")
        rows = session.scalars(
            sa.select(DietRestriction)
            .where(DietRestriction.child_id == child_id)
            .order_by(DietRestriction.id)
        )
        return [_public(r) for r in rows]


def active_restrictions(session: Session, child_ids: Iterable[int]) -> list[Restriction]:
    """The domain's restrictions of these children (active ones)."""
    ids = list(child_ids)
    if not ids:
        return []
    rows = session.scalars(
        sa.select(DietRestriction).where(
            DietRestriction.child_id.in_(ids), DietRestriction.active.is_(True)
        )
    )
    return [
        Restriction(
            r.child_id,
            r.kind,
            allergen=Allergen(r.allergen) if r.allergen else None,
            ingredient=r.ingredient,
        )
        for r in rows
    ]


def allergens_by_child(
    session: Session, child_ids: Iterable[int] | None = None
) -> dict[int, tuple[str, ...]]:
    """What each child with an active allergy is allergic to (an allergen, or an ingredient),
    for these children or for all."""
    what = sa.func.coalesce(DietRestriction.allergen, DietRestriction.ingredient)
    query = sa.select(DietRestriction.child_id, what).where(
        DietRestriction.active.is_(True), DietRestriction.kind == RestrictionKind.ALLERGY
    )
    if child_ids is not None:
        query = query.where(DietRestriction.child_id.in_(list(child_ids)))
    out: dict[int, list[str]] = {}
    for child_id, allergen in session.execute(query.order_by(DietRestriction.id)):
        out.setdefault(child_id, []).append(str(allergen))
    return {c: tuple(a) for c, a in out.items()}
