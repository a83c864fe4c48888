"""What a parent reads after each step: an offer with its centre's contacts (address, phone,
hours), whether accepting it would split siblings across centres, and the contacts of the
centres where the family's children hold places (read models, own family only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from redceci.errors import NotFoundError
from redceci.platform.access import Permission, Principal
from redceci.store.db import Database
from redceci.store.enrolment.models import (
    Child,
    Enrolment,
    EnrolmentRoom,
    Family,
    Offer,
    OfferStatus,
)
from redceci.store.platform.models import Centre


@dataclass(frozen=True)
class CentreContact:
    """How a family reaches a centre."""

    id: int
    name: str
    address: str | None
    phone: str | None
    hours: str | None


@dataclass(frozen=True)
class Sibling:
    """A brother or sister and the centre where they hold, or are offered, a place."""

    name: str
    centre: str
    offered: bool


@dataclass(frozen=True)
class OfferDetail:
    """One offer as its family sees it."""

    offer_id: int
    status: str
    deadline: dt.datetime
    answered_at: dt.datetime | None
    family_ref: str
    child_name: str
    room: str
    centre: CentreContact
    #: Siblings at other centres (placed or offered): accepting splits the family.
    siblings_elsewhere: tuple[Sibling, ...]


def _contact(centre: Centre) -> CentreContact:
    return CentreContact(centre.id, centre.name, centre.address, centre.phone, centre.hours)


def _family_ref(session: Session, actor: Principal, child_id: int, what: str) -> str:
    scope = actor.require(Permission.ENROLMENT_APPLY)
    ref = session.scalar(
        sa.select(Family.ref).join(Child, Child.family_id == Family.id).where(Child.id == child_id)
    )
    if ref is None or not (scope.national or ref in scope.families):
        raise NotFoundError(what)
    return ref


def offer_detail(db: Database, actor: Principal, offer_id: int) -> OfferDetail:
    """The offer, its centre's contacts and the siblings it would split (outside the caller's
    family: not found)."""
    actor.require(Permission.ENROLMENT_APPLY)  # a role without it is refused before any lookup
    with db.reading() as session:
        offer = session.get(Offer, offer_id)
        if offer is None:
            raise NotFoundError(f"no offer {offer_id}")
        ref = _family_ref(session, actor, offer.child_id, f"no offer {offer_id}")
        child = session.get(Child, offer.child_id)
        room = session.get(EnrolmentRoom, offer.room_id)
        assert child is not None and room is not None  # foreign keys
        centre = session.get(Centre, room.centre_id)
        assert centre is not None
        siblings = session.scalars(
            sa.select(Child).where(Child.family_id == child.family_id, Child.id != child.id)
        ).all()
        elsewhere: list[Sibling] = []
        for sibling in siblings:
            held = session.execute(
                sa.select(Centre.id, Centre.name)
                .join(EnrolmentRoom, EnrolmentRoom.centre_id == Centre.id)
                .join(Enrolment, Enrolment.room_id == EnrolmentRoom.id)
                .where(Enrolment.child_id == sibling.id)
            ).first()
            offered = session.execute(
                sa.select(Centre.id, Centre.name)
                .join(EnrolmentRoom, EnrolmentRoom.centre_id == Centre.id)
                .join(Offer, Offer.room_id == EnrolmentRoom.id)
                .where(Offer.child_id == sibling.id, Offer.status == OfferStatus.PENDING)
            ).first()
            for found, is_offer in ((held, False), (offered, True)):
                if found is not None and found[0] != centre.id:
                    elsewhere.append(Sibling(sibling.name, found[1], is_offer))
                    break
        return OfferDetail(
            offer_id=offer.id,
            status=offer.status.value,
            deadline=offer.deadline,
            answered_at=offer.answered_at,
            family_ref=ref,
            child_name=child.name,
            room=room.name,
            centre=_contact(centre),
            siblings_elsewhere=tuple(elsewhere),
        )


def family_centres(db: Database, actor: Principal, ref: str) -> list[CentreContact]:
    """The contacts of the centres where the family's children hold places."""
    scope = actor.require(Permission.ENROLMENT_APPLY)
    if not (scope.national or ref in scope.families):
        raise NotFoundError(f"no family {ref!r}")
    with db.reading() as session:
        rows = session.scalars(
            sa.select(Centre)
            .join(EnrolmentRoom, EnrolmentRoom.centre_id == Centre.id)
            .join(Enrolment, Enrolment.room_id == EnrolmentRoom.id)
            .join(Child, Child.id == Enrolment.child_id)
            .join(Family, Family.id == Child.family_id)
            .where(Family.ref == ref)
            .distinct()
            .order_by(Centre.name)
        ).all()
        return [_contact(c) for c in rows]
