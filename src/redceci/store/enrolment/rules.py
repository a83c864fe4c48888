"""The network's enrolment rules (priority rules in order, ranked centres allowed, offer
period) and the centres' enrolment rooms (age bands and places), set by administrators."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from redceci import enrolment as en
from redceci.errors import ConflictError, InputError, NotFoundError
from redceci.platform.access import Permission, Principal
from redceci.platform.room_mix import bands_of, room_places
from redceci.platform.rooms import AgeLimit, Room, RoomScheme
from redceci.store.db import Database
from redceci.store.enrolment.models import Enrolment, EnrolmentRoom, EnrolmentRules
from redceci.store.platform import audit
from redceci.store.platform.models import Centre

#: The priority rules an administrator may put in the policy, by name.
RULES: dict[str, type[en.PriorityRule]] = {
    "sibling_enrolled": en.SiblingEnrolled,
    "child_disability": en.ChildDisability,
    "single_working_parent": en.SingleWorkingParent,
    "sponsor_employee": en.SponsorEmployee,
}
DEFAULT_RULES = [r.name for r in en.DEFAULT_POLICY.rules]
DEFAULT_MAX_CHOICES = 5
#: Rooms a centre may have (two-month age bands up to four years).
MAX_ROOMS = 24


class RulesData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: list[Annotated[str, Field(max_length=40)]] = Field(max_length=len(RULES))
    max_choices: int = Field(DEFAULT_MAX_CHOICES, ge=1, le=10)
    offer_days: int = Field(en.OFFER_PERIOD.days, ge=1, le=60)


class RoomBand(BaseModel):
    """A room: age band ``[min, max)`` in months and days, places and reserved places."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=80)
    min_months: int = Field(0, ge=0, le=120)
    min_days: int = Field(0, ge=0, le=60)
    max_months: int = Field(ge=0, le=120)
    max_days: int = Field(0, ge=0, le=60)
    places: int = Field(ge=0, le=1000)
    reserved: int = Field(0, ge=0, le=1000)


def default_room_bands(places: int, rooms: RoomScheme) -> list[RoomBand]:
    """A room scheme (the country pack's ``rooms``) as a centre's rooms, its ``places`` split by the width of each age band
    (``room_mix.room_places`` without a catchment)."""
    shares = room_places(places, bands_of(rooms), None, None)
    return [
        RoomBand(
            name=r.name,
            min_months=r.min_age.months,
            min_days=r.min_age.days,
            max_months=r.max_age.months,
            max_days=r.max_age.days,
            places=n,
        )
        for r, n in zip(rooms.rooms, shares, strict=True)
    ]


def get_rules_row(session: Session) -> EnrolmentRules:
    rules = session.get(EnrolmentRules, 1)
    if rules is None:
        rules = EnrolmentRules(
            id=1,
            rules=list(DEFAULT_RULES),
            max_choices=DEFAULT_MAX_CHOICES,
            offer_days=en.OFFER_PERIOD.days,
        )
    return rules


def get_rules(db: Database, actor: Principal) -> EnrolmentRules:
    actor.require(Permission.ENROLMENT_MANAGE)
    with db.reading() as session:
        return get_rules_row(session)


def set_rules(db: Database, actor: Principal, data: RulesData) -> EnrolmentRules:
    actor.require(Permission.ENROLMENT_MANAGE)
    unknown = [r for r in data.rules if r not in RULES]
    if unknown:
        raise InputError(f"unknown rule {unknown[0]!r}; use {', '.join(RULES)}")
    if len(set(data.rules)) != len(data.rules):
        raise InputError("a rule is listed twice")
    with db.transaction() as session:
        row = session.get(EnrolmentRules, 1)
        before = None if row is None else audit.snapshot(row)
        if row is None:
            row = get_rules_row(session)
            session.add(row)
        row.rules = list(data.rules)
        row.max_choices = data.max_choices
        row.offer_days = data.offer_days
        session.flush()
        audit.record(
            session, actor, "update", "enrolment_rules", 1, before=before, after=audit.snapshot(row)
        )
        return row


def policy_of(rules: list[str]) -> en.PriorityPolicy:
    return en.PriorityPolicy(tuple(RULES[name]() for name in rules))


def room_scheme(rooms: list[EnrolmentRoom] | list[RoomBand]) -> RoomScheme:
    """The domain's room scheme (contiguous bands, youngest first); ``InputError`` if not."""
    return RoomScheme(
        tuple(
            Room(
                r.name,
                AgeLimit(r.min_months, r.min_days),
                AgeLimit(r.max_months, r.max_days),
            )
            for r in rooms
        )
    )


def require_room_manager(actor: Principal, centre_id: int) -> None:
    """Administrators set any centre's rooms; a director their own centre's (issue 14: the
    enrolment pages send directors to their rooms); any other centre is not found."""
    if actor.can(Permission.ENROLMENT_MANAGE):
        return
    scope = actor.require(Permission.ENROLMENT_CENTRE)
    if not (scope.national or centre_id in scope.centres):
        raise NotFoundError(f"no centre {centre_id}")


def set_rooms(
    db: Database, actor: Principal, centre_id: int, rooms: list[RoomBand]
) -> list[EnrolmentRoom]:
    """Set a centre's enrolment rooms (youngest first, at most ``MAX_ROOMS``). Rooms are
    matched by name; a room that still holds children cannot be removed."""
    require_room_manager(actor, centre_id)
    if len(rooms) > MAX_ROOMS:
        raise InputError(f"a centre has at most {MAX_ROOMS} rooms")
    room_scheme(rooms)
    if len({r.name for r in rooms}) != len(rooms):
        raise InputError("room names must be unique within a centre")
    for r in rooms:
        if r.reserved > r.places:
            raise InputError(f"room {r.name!r} reserves more places than it has")
    with db.transaction() as session:
        if session.get(Centre, centre_id) is None:
            raise NotFoundError(f"no centre {centre_id}")
        current = {
            r.name: r
            for r in session.scalars(
                sa.select(EnrolmentRoom).where(EnrolmentRoom.centre_id == centre_id)
            )
        }
        before = [audit.snapshot(r) for r in current.values()]
        out: list[EnrolmentRoom] = []
        for i, band in enumerate(rooms):
            row = current.pop(band.name, None) or EnrolmentRoom(centre_id=centre_id, name=band.name)
            row.position = i
            row.min_months, row.min_days = band.min_months, band.min_days
            row.max_months, row.max_days = band.max_months, band.max_days
            row.places, row.reserved = band.places, band.reserved
            session.add(row)
            out.append(row)
        for row in current.values():
            held = session.scalar(sa.select(sa.func.count()).where(Enrolment.room_id == row.id))
            if held:
                raise ConflictError(f"room {row.name!r} holds {held} children; move them first")
            session.delete(row)
        session.flush()
        audit.record(
            session,
            actor,
            "update",
            "enrolment_rooms",
            centre_id,
            before={"rooms": before},
            after={"rooms": [audit.snapshot(r) for r in out]},
        )
        return out


@dataclass(frozen=True)
class PublicRules:
    """What anyone may read about how places are given (the public service page)."""

    rules: tuple[str, ...]
    max_choices: int
    offer_days: int


def public_rules(db: Database) -> PublicRules:
    """The priority rules in force (names, in order), how many centres a family may rank and
    how many days an offer stays open; no user needed."""
    with db.reading() as session:
        row = get_rules_row(session)
        return PublicRules(tuple(row.rules), row.max_choices, row.offer_days)
