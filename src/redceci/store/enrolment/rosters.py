"""What a centre's director sees: rosters per room, upcoming room moves, vacancies by age.

Directors see their own centre only (``Permission.ENROLMENT_CENTRE``); another centre is not
found. Room moves come from the enrolment domain (``RoomScheme.moves`` and ``net_flows``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from redceci.errors import NotFoundError
from redceci.platform.access import Permission, Principal
from redceci.store.db import Database
from redceci.store.enrolment.models import (
    Child,
    Enrolment,
    EnrolmentRoom,
    EntryStatus,
    Offer,
    OfferStatus,
    WaitlistEntry,
)
from redceci.store.enrolment.rules import room_scheme
from redceci.store.platform.models import Centre

#: How far ahead "upcoming" moves are looked for by default.
HORIZON_DAYS = 180


def _centre_rooms(
    session: Session, actor: Principal, centre_id: int
) -> tuple[Centre, list[EnrolmentRoom]]:
    scope = actor.require(Permission.ENROLMENT_CENTRE)
    centre = session.get(Centre, centre_id)
    if centre is None or not (scope.national or centre_id in scope.centres):
        raise NotFoundError(f"no centre {centre_id}")
    rooms = session.scalars(
        sa.select(EnrolmentRoom)
        .where(EnrolmentRoom.centre_id == centre_id)
        .order_by(EnrolmentRoom.position)
    ).all()
    return centre, list(rooms)


def _enrolled(session: Session, rooms: list[EnrolmentRoom]) -> list[tuple[Enrolment, Child]]:
    rows = session.execute(
        sa.select(Enrolment, Child)
        .join(Child, Child.id == Enrolment.child_id)
        .where(Enrolment.room_id.in_([r.id for r in rooms]))
        .order_by(Child.birth_date, Child.id)
    ).all()
    return [(e, c) for e, c in rows]


def roster(db: Database, actor: Principal, centre_id: int) -> dict[str, Any]:
    """Children per room, with their enrolment ids (for recording that a child leaves)."""
    with db.reading() as session:
        centre, rooms = _centre_rooms(session, actor, centre_id)
        enrolled = _enrolled(session, rooms)
        return {
            "centre_id": centre.id,
            "code": centre.code,
            "rooms": [
                {
                    "room_id": r.id,
                    "name": r.name,
                    "places": r.places,
                    "children": [
                        {
                            "enrolment_id": e.id,
                            "name": c.name,
                            "curp": c.curp,
                            "birth_date": c.birth_date.isoformat(),
                            "since": e.since.isoformat(),
                        }
                        for e, c in enrolled
                        if e.room_id == r.id
                    ],
                }
                for r in rooms
            ],
        }


def _moves(
    rooms: list[EnrolmentRoom], enrolled: list[tuple[Enrolment, Child]], on: dt.date, until: dt.date
) -> list[dict[str, Any]]:
    if not rooms:
        return []
    scheme = room_scheme(rooms)
    births = [c.birth_date for _, c in enrolled]
    return [
        {
            "enrolment_id": enrolled[m.child][0].id,
            "name": enrolled[m.child][1].name,
            "on": m.on.isoformat(),
            "from_room": rooms[m.from_room].name,
            "to_room": rooms[m.to_room].name if m.to_room >= 0 else None,
        }
        for m in scheme.moves(births, on, until)
    ]


def upcoming_moves(
    db: Database,
    actor: Principal,
    centre_id: int,
    *,
    on: dt.date | None = None,
    days: int = HORIZON_DAYS,
) -> list[dict[str, Any]]:
    """Children who move up a room (or age out: ``to_room`` None) within ``days`` of ``on``."""
    on = on or dt.date.today()
    with db.reading() as session:
        _, rooms = _centre_rooms(session, actor, centre_id)
        return _moves(rooms, _enrolled(session, rooms), on, on + dt.timedelta(days=days))


def vacancies(
    db: Database,
    actor: Principal,
    centre_id: int,
    *,
    on: dt.date | None = None,
    days: int = HORIZON_DAYS,
) -> list[dict[str, Any]]:
    """Per room (age band): places, enrolled, free now, offers pending, children waiting, and
    places freed and needed by the moves within the horizon."""
    on = on or dt.date.today()
    with db.reading() as session:
        _, rooms = _centre_rooms(session, actor, centre_id)
        enrolled = _enrolled(session, rooms)
        flows = (
            room_scheme(rooms).net_flows(
                [c.birth_date for _, c in enrolled], on, on + dt.timedelta(days=days)
            )
            if rooms
            else {}
        )
        out = []
        for r in rooms:
            held = sum(1 for e, _ in enrolled if e.room_id == r.id)
            pending = session.scalar(
                sa.select(sa.func.count()).where(
                    Offer.room_id == r.id, Offer.status == OfferStatus.PENDING
                )
            )
            waiting = session.scalar(
                sa.select(sa.func.count()).where(
                    WaitlistEntry.room_id == r.id, WaitlistEntry.status == EntryStatus.WAITING
                )
            )
            freed, needed = flows.get(r.name, (0, 0))
            out.append(
                {
                    "room_id": r.id,
                    "name": r.name,
                    "min_age": {"months": r.min_months, "days": r.min_days},
                    "max_age": {"months": r.max_months, "days": r.max_days},
                    "places": r.places,
                    "enrolled": held,
                    "free": max(r.places - held, 0),
                    "offers_pending": pending or 0,
                    "waiting": waiting or 0,
                    "freed_by_moves": freed,
                    "needed_by_moves": needed,
                }
            )
        return out
