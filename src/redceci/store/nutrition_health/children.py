"""Whose health record is this, and may the caller see it: a child's family and centre, checked
against the caller's scope (guardians: their family; medical staff and directors: their centre;
outside the scope the child is not found). Every read of a health record is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from redceci.errors import NotFoundError
from redceci.platform.access import Permission, Principal, Scope
from redceci.store.enrolment.models import Child, Enrolment, EnrolmentRoom, Family
from redceci.store.platform import audit
from redceci.store.platform.models import Centre


@dataclass(frozen=True)
class ChildRef:
    """A child as the health services see it."""

    id: int
    name: str
    birth_date: dt.date
    family_ref: str
    centre_id: int | None
    state_code: str | None


def _ref(session: Session, child: Child) -> ChildRef:
    row = session.execute(
        sa.select(Family.ref, EnrolmentRoom.centre_id, Centre.state_code)
        .select_from(Child)
        .join(Family, Family.id == Child.family_id)
        .outerjoin(Enrolment, Enrolment.child_id == Child.id)
        .outerjoin(EnrolmentRoom, EnrolmentRoom.id == Enrolment.room_id)
        .outerjoin(Centre, Centre.id == EnrolmentRoom.centre_id)
        .where(Child.id == child.id)
    ).one()
    return ChildRef(child.id, child.name, child.birth_date, row[0], row[1], row[2])


def covers(scope: Scope, child: ChildRef) -> bool:
    """Whether ``scope`` reaches this child (family, centre, state or national)."""
    return (
        scope.national
        or child.family_ref in scope.families
        or (child.centre_id is not None and child.centre_id in scope.centres)
        or (child.state_code is not None and child.state_code in scope.states)
    )


def child_for(
    session: Session, actor: Principal, child_id: int, permission: Permission
) -> ChildRef:
    """The child, if ``permission``'s scope reaches them; else ``NotFoundError``."""
    scope = actor.require(permission)
    child = session.get(Child, child_id)
    if child is None:
        raise NotFoundError(f"no child {child_id}")
    ref = _ref(session, child)
    if not covers(scope, ref):
        raise NotFoundError(f"no child {child_id}")
    return ref


def read_record(session: Session, actor: Principal, child_id: int, what: str) -> ChildRef:
    """Check the caller may read the child's health record and audit the read (in the caller's
    transaction: call it inside ``db.transaction()``)."""
    child = child_for(session, actor, child_id, Permission.HEALTH_READ)
    audit.record(session, actor, "read", "health_record", child_id, after={"part": what})
    return child


def centre_for(
    session: Session, actor: Principal, centre_id: int, permission: Permission
) -> Centre:
    """The centre, if ``permission``'s scope reaches it; else ``NotFoundError``."""
    scope = actor.require(permission)
    centre = session.get(Centre, centre_id)
    if centre is None or not (
        scope.national or centre_id in scope.centres or centre.state_code in scope.states
    ):
        raise NotFoundError(f"no centre {centre_id}")
    return centre


def enrolled_children(session: Session, centre_id: int) -> list[Child]:
    """The children holding a place at the centre."""
    return list(
        session.scalars(
            sa.select(Child)
            .join(Enrolment, Enrolment.child_id == Child.id)
            .join(EnrolmentRoom, EnrolmentRoom.id == Enrolment.room_id)
            .where(EnrolmentRoom.centre_id == centre_id)
            .order_by(Child.birth_date, Child.id)
        )
    )


def age_months(birth: dt.date, on: dt.date) -> float:
    """Age in months (WHO: 30.4375 days a month)."""
    return (on - birth).days / 30.4375


def centres_in_scope(session: Session, actor: Principal, permission: Permission) -> list[Centre]:
    """The operating centres ``permission``'s scope reaches (national: all), by name."""
    scope = actor.require(permission)
    query = sa.select(Centre).order_by(Centre.name)
    if not scope.national:
        query = query.where(
            sa.or_(Centre.id.in_(scope.centres), Centre.state_code.in_(scope.states))
        )
    return list(session.scalars(query))


def family_children_of(session: Session, refs: frozenset[str]) -> list[Child]:
    """The children of the families ``refs`` (a guardian's own)."""
    if not refs:
        return []
    return list(
        session.scalars(
            sa.select(Child)
            .join(Family, Family.id == Child.family_id)
            .where(Family.ref.in_(refs))
            .order_by(Child.name)
        )
    )
