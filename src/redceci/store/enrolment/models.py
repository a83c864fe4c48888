"""Enrolment tables: families and their people, applications, rooms by age band, enrolments,
assignment rounds with their placements, and the waitlist with its offers and event log."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from redceci.store.base import Base, enum_column, utcnow


class ApplicationStatus(StrEnum):
    """Where an application stands after the last published round."""

    SUBMITTED = "submitted"
    PLACED = "placed"
    WAITLISTED = "waitlisted"
    WITHDRAWN = "withdrawn"
    INELIGIBLE = "ineligible"  # no guardian entitled on the start date (insurance registry)


class RoundStatus(StrEnum):
    PREVIEW = "preview"
    PUBLISHED = "published"


class EntryStatus(StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"
    REMOVED = "removed"


class OfferStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    LAPSED = "lapsed"


class Family(Base):
    """A household; ``ref`` is the family id a parent's role is scoped to."""

    __tablename__ = "families"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    guardians: Mapped[list[Guardian]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Guardian.id"
    )
    children: Mapped[list[Child]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Child.id"
    )
    authorised: Mapped[list[AuthorisedPerson]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="AuthorisedPerson.id"
    )


class Guardian(Base):
    __tablename__ = "guardians"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(
        sa.ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    nss: Mapped[str | None] = mapped_column(sa.String(11))
    works: Mapped[bool] = mapped_column(default=True)
    employer: Mapped[str | None] = mapped_column(sa.String(40))
    phone: Mapped[str | None] = mapped_column(sa.String(30))


class Child(Base):
    __tablename__ = "children"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(
        sa.ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    curp: Mapped[str] = mapped_column(sa.String(18), unique=True)
    birth_date: Mapped[dt.date]
    disability: Mapped[bool] = mapped_column(default=False)


class AuthorisedPerson(Base):
    __tablename__ = "authorised_persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(
        sa.ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    relation: Mapped[str] = mapped_column(sa.String(80))
    identification: Mapped[str] = mapped_column(sa.String(80))  # the document's number
    # enrolment.IdDocument's value; NULL: recorded before migration 0009 asked for it
    document_type: Mapped[str | None] = mapped_column(sa.String(20))
    # the centre's reference to its photo of the person (set by the director), never the image
    photo_ref: Mapped[str | None] = mapped_column(sa.String(120))


#: Statuses of an application still in play (a round may still place it).
OPEN_STATUSES = ("submitted", "waitlisted")


class Application(Base):
    """A family's application: start date, ranked centres, siblings together. A family has at
    most one open application (submitted or waitlisted): a database constraint, so concurrent
    submissions can never leave two."""

    __tablename__ = "applications"
    __table_args__ = (
        sa.Index(
            "uq_applications_open_family",
            "family_id",
            unique=True,
            sqlite_where=sa.text("status IN ('submitted', 'waitlisted')"),
            postgresql_where=sa.text("status IN ('submitted', 'waitlisted')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(
        sa.ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    start_date: Mapped[dt.date]
    together: Mapped[bool] = mapped_column(default=True)
    transfer: Mapped[bool] = mapped_column(default=False)  # enrolled children ask to move
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_column(ApplicationStatus, "application_status")
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    choices: Mapped[list[ApplicationChoice]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ApplicationChoice.rank"
    )


class ApplicationChoice(Base):
    """One ranked centre of an application (rank 1 is the first choice)."""

    __tablename__ = "application_choices"
    __table_args__ = (
        sa.UniqueConstraint("application_id", "rank", name="uq_application_choices_rank"),
        sa.UniqueConstraint("application_id", "centre_id", name="uq_application_choices_centre"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int]
    centre_id: Mapped[int] = mapped_column(sa.ForeignKey("centres.id", ondelete="CASCADE"))


class EnrolmentRoom(Base):
    """A room of a registry centre for enrolment: an age band ``[min, max)`` and its places
    (``reserved`` of them for the sponsor's employees at a CECI Empresa centre)."""

    __tablename__ = "enrolment_rooms"
    __table_args__ = (
        sa.UniqueConstraint("centre_id", "name", name="uq_enrolment_rooms_centre_name"),
        sa.CheckConstraint("places >= 0 AND reserved >= 0 AND reserved <= places", name="places"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(
        sa.ForeignKey("centres.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(80))
    min_months: Mapped[int]
    min_days: Mapped[int]
    max_months: Mapped[int]
    max_days: Mapped[int]
    places: Mapped[int]
    reserved: Mapped[int] = mapped_column(default=0)


class Enrolment(Base):
    """A child holding a place in a room (one place per child)."""

    __tablename__ = "enrolments"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(
        sa.ForeignKey("children.id", ondelete="CASCADE"), unique=True
    )
    room_id: Mapped[int] = mapped_column(
        sa.ForeignKey("enrolment_rooms.id", ondelete="CASCADE"), index=True
    )
    since: Mapped[dt.date]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class EnrolmentRules(Base):
    """The network's rules (one row): priority rules in order, ranked centres allowed, offer
    period."""

    __tablename__ = "enrolment_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    rules: Mapped[list[str]] = mapped_column(sa.JSON)
    max_choices: Mapped[int]
    offer_days: Mapped[int]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AssignmentRound(Base):
    """One run of the assignment: its rules, its published seed, preview or published."""

    __tablename__ = "assignment_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    seed: Mapped[int] = mapped_column(sa.BigInteger)
    rules: Mapped[dict[str, Any]]
    status: Mapped[RoundStatus] = mapped_column(enum_column(RoundStatus, "round_status"))
    summary: Mapped[dict[str, Any]]
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    published_at: Mapped[dt.datetime | None]


class Placement(Base):
    """Where a round put a child (``room_id`` None: unplaced), with its explanation."""

    __tablename__ = "placements"
    __table_args__ = (sa.UniqueConstraint("round_id", "child_id", name="uq_placements_child"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assignment_rounds.id", ondelete="CASCADE"), index=True
    )
    child_id: Mapped[int] = mapped_column(sa.ForeignKey("children.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE")
    )
    room_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("enrolment_rooms.id", ondelete="CASCADE")
    )
    choice_rank: Mapped[int | None]  # 1 = first choice
    reserved: Mapped[bool] = mapped_column(default=False)
    explanation: Mapped[dict[str, Any]]


class WaitlistEntry(Base):
    """A child waiting for a room it ranked above its placement, ordered by ``key``."""

    __tablename__ = "waitlist_entries"
    __table_args__ = (sa.UniqueConstraint("child_id", "room_id", name="uq_waitlist_entries_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(
        sa.ForeignKey("children.id", ondelete="CASCADE"), index=True
    )
    room_id: Mapped[int] = mapped_column(
        sa.ForeignKey("enrolment_rooms.id", ondelete="CASCADE"), index=True
    )
    preference: Mapped[int]  # the child's order of this room (0 = best)
    key: Mapped[int] = mapped_column(sa.BigInteger)
    status: Mapped[EntryStatus] = mapped_column(enum_column(EntryStatus, "entry_status"))


class Offer(Base):
    """A place offered to the next child on a list, with a deadline."""

    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(
        sa.ForeignKey("children.id", ondelete="CASCADE"), index=True
    )
    room_id: Mapped[int] = mapped_column(
        sa.ForeignKey("enrolment_rooms.id", ondelete="CASCADE"), index=True
    )
    made_at: Mapped[dt.datetime]
    deadline: Mapped[dt.datetime]
    status: Mapped[OfferStatus] = mapped_column(enum_column(OfferStatus, "offer_status"))
    answered_at: Mapped[dt.datetime | None]


class WaitlistEvent(Base):
    """Every change of the waitlist, in order."""

    __tablename__ = "waitlist_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    room_id: Mapped[int] = mapped_column(
        sa.ForeignKey("enrolment_rooms.id", ondelete="CASCADE"), index=True
    )
    child_id: Mapped[int | None] = mapped_column(sa.ForeignKey("children.id", ondelete="CASCADE"))
    detail: Mapped[str] = mapped_column(sa.String(300), default="")


class ClaimStatus(StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"


class CurpClaim(Base):
    """A family registering a child whose CURP another family already holds: kept aside, not
    refused with a revealing error, until the centre or the network checks identity documents
    and grants it (the child moves to the claiming family) or refuses it."""

    __tablename__ = "curp_claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(
        sa.ForeignKey("families.id", ondelete="CASCADE"), index=True
    )
    curp: Mapped[str] = mapped_column(sa.String(18), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    birth_date: Mapped[dt.date]
    disability: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ClaimStatus] = mapped_column(enum_column(ClaimStatus, "claim_status"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None]
    resolved_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(sa.String(300), default="")


class ArcoKind(StrEnum):
    """The rights of LGPDPPSO art. 43: access, rectification, cancellation, opposition."""

    ACCESS = "access"
    RECTIFICATION = "rectification"
    CANCELLATION = "cancellation"
    OPPOSITION = "opposition"


class ArcoStatus(StrEnum):
    RECEIVED = "received"
    DONE = "done"
    REFUSED = "refused"


class ArcoRequest(Base):
    """A guardian's request exercising an ARCO right over the family's data, and its answer.
    Kept by family reference (text), so it outlives a cancelled family."""

    __tablename__ = "arco_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_ref: Mapped[str] = mapped_column(sa.String(64), index=True)
    kind: Mapped[ArcoKind] = mapped_column(enum_column(ArcoKind, "arco_kind"))
    status: Mapped[ArcoStatus] = mapped_column(enum_column(ArcoStatus, "arco_status"))
    detail: Mapped[str] = mapped_column(sa.String(2000), default="")
    answer: Mapped[str] = mapped_column(sa.String(2000), default="")
    requested_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None]
