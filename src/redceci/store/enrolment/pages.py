"""What the enrolment pages read that the services do not: the centres open to applications
with their rooms and free places, a family as its form, a director's centres, a centre's
rooms as its form, the centres without rooms, the rounds."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from redceci.errors import NotFoundError
from redceci.platform.access import Permission, Principal
from redceci.store.db import Database
from redceci.store.enrolment.families import AuthorisedData, ChildData, FamilyData, GuardianData
from redceci.store.enrolment.models import AssignmentRound, Enrolment, EnrolmentRoom, Family
from redceci.store.enrolment.rules import RoomBand, get_rules_row, require_room_manager
from redceci.store.platform.models import Centre


@dataclass(frozen=True)
class RoomPlaces:
    """One enrolment room: its places and the places children hold."""

    name: str
    places: int
    held: int

    @property
    def free(self) -> int:
        return max(self.places - self.held, 0)


@dataclass(frozen=True)
class CentreRooms:
    """A registry centre that has enrolment rooms."""

    id: int
    code: str
    name: str
    scheme: str
    state_code: str
    municipality: str | None
    lat: float
    lon: float
    rooms: tuple[RoomPlaces, ...]

    @property
    def places(self) -> int:
        return sum(r.places for r in self.rooms)

    @property
    def free(self) -> int:
        return sum(r.free for r in self.rooms)


@dataclass(frozen=True)
class ApplicationChoices:
    """What a family may rank: the centres taking applications and how many it may rank."""

    max_choices: int
    centres: tuple[CentreRooms, ...]


def _centres_with_rooms(session: Session, ids: frozenset[int] | None) -> list[CentreRooms]:
    held = dict(
        session.execute(
            sa.select(Enrolment.room_id, sa.func.count()).group_by(Enrolment.room_id)
        ).all()
    )
    query = (
        sa.select(Centre, EnrolmentRoom)
        .join(EnrolmentRoom, EnrolmentRoom.centre_id == Centre.id)
        .order_by(Centre.name, Centre.id, EnrolmentRoom.position)
    )
    if ids is not None:
        query = query.where(Centre.id.in_(ids))
    rooms: dict[int, list[RoomPlaces]] = {}
    centres: dict[int, Centre] = {}
    for centre, room in session.execute(query).all():
        centres[centre.id] = centre
        rooms.setdefault(centre.id, []).append(
            RoomPlaces(room.name, room.places, int(held.get(room.id, 0)))
        )
    return [
        CentreRooms(
            c.id,
            c.code,
            c.name,
            c.scheme,
            c.state_code,
            c.municipality,
            c.lat,
            c.lon,
            tuple(rooms[c.id]),
        )
        for c in centres.values()
    ]


def application_choices(db: Database, actor: Principal) -> ApplicationChoices:
    """The centres a family may rank (those with rooms) and the number of ranks allowed."""
    actor.require(Permission.ENROLMENT_APPLY)
    with db.reading() as session:
        return ApplicationChoices(
            get_rules_row(session).max_choices, tuple(_centres_with_rooms(session, None))
        )


def director_centres(db: Database, actor: Principal) -> list[CentreRooms]:
    """The centres with rooms whose rosters the caller reads (every one for administrators)."""
    scope = actor.require(Permission.ENROLMENT_CENTRE)
    with db.reading() as session:
        return _centres_with_rooms(session, None if scope.national else scope.centres)


def list_rounds(db: Database, actor: Principal, *, limit: int = 50) -> list[AssignmentRound]:
    """The newest rounds first (administrators)."""
    actor.require(Permission.ENROLMENT_MANAGE)
    with db.reading() as session:
        return list(
            session.scalars(
                sa.select(AssignmentRound).order_by(AssignmentRound.id.desc()).limit(limit)
            )
        )


def family_form(db: Database, actor: Principal, ref: str) -> FamilyData | None:
    """A registered family as its registration form's data (None if not registered yet);
    a family outside the caller's scope is not found."""
    scope = actor.require(Permission.ENROLMENT_APPLY)
    if not (scope.national or ref in scope.families):
        raise NotFoundError(f"no family {ref!r}")
    with db.reading() as session:
        family = session.scalar(sa.select(Family).where(Family.ref == ref))
        if family is None:
            return None
        return FamilyData(
            guardians=[
                GuardianData(
                    name=g.name, nss=g.nss, works=g.works, employer=g.employer, phone=g.phone
                )
                for g in family.guardians
            ],
            children=[
                ChildData(
                    name=c.name, curp=c.curp, birth_date=c.birth_date, disability=c.disability
                )
                for c in family.children
            ],
            authorised=[
                # model_construct: a person recorded before 0009 has no document type yet; the
                # form shows it unchosen and asks for it on the next save
                AuthorisedData.model_construct(
                    name=a.name,
                    relationship=a.relation,
                    document_type=a.document_type,  # type: ignore[arg-type]
                    identification=a.identification,
                )
                for a in family.authorised
            ],
        )


@dataclass(frozen=True)
class CentreBands:
    """A registry centre and its enrolment rooms as set (youngest first; may be empty)."""

    id: int
    code: str
    name: str
    rooms: list[RoomBand]


def centre_bands(db: Database, actor: Principal, centre_id: int) -> CentreBands:
    """A centre's enrolment rooms, for administrators (any centre) or its director to change."""
    require_room_manager(actor, centre_id)
    with db.reading() as session:
        centre = session.get(Centre, centre_id)
        if centre is None:
            raise NotFoundError(f"no centre {centre_id}")
        rooms = session.scalars(
            sa.select(EnrolmentRoom)
            .where(EnrolmentRoom.centre_id == centre_id)
            .order_by(EnrolmentRoom.position)
        )
        bands = [
            RoomBand(
                name=r.name,
                min_months=r.min_months,
                min_days=r.min_days,
                max_months=r.max_months,
                max_days=r.max_days,
                places=r.places,
                reserved=r.reserved,
            )
            for r in rooms
        ]
        return CentreBands(centre.id, centre.code, centre.name, bands)


def centres_without_rooms(db: Database, actor: Principal, *, limit: int = 1000) -> list[Centre]:
    """Registry centres with no enrolment rooms yet, by name (administrators)."""
    actor.require(Permission.ENROLMENT_MANAGE)
    with db.reading() as session:
        has_rooms = sa.select(EnrolmentRoom.centre_id)
        return list(
            session.scalars(
                sa.select(Centre)
                .where(Centre.id.not_in(has_rooms))
                .order_by(Centre.name, Centre.id)
                .limit(limit)
            )
        )
