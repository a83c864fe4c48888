"""Read models of the operations pages (what the live state does not already give): the
centres a user works at, a centre's rooms, each child's ratio weight for the staff page's
offline estimate, the children of a centre (the incident form), a guardian's children and the
centre's message threads with its families."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from redceci.operations.events import EventKind
from redceci.operations.ratios import group_of
from redceci.platform.access import Permission, Principal
from redceci.platform.ratios import RatioPolicy
from redceci.store.db import Database
from redceci.store.enrolment.models import Child, Enrolment, EnrolmentRoom, Family
from redceci.store.operations.models import EventRow
from redceci.store.operations.roster import centre_for_any, rooms_of
from redceci.store.platform.models import Centre

#: Who works a centre's day (staff record it, directors and coordinators watch its board).
CENTRE_PERMISSIONS = (Permission.OPERATIONS_RECORD, Permission.OPERATIONS_BOARD)


def centres_of(db: Database, actor: Principal) -> list[dict[str, Any]]:
    """The centres the user works at (a centre-scoped grant), by name; coordinators and
    planners, who reach whole states, find the centres on the network's page instead."""
    ids: set[int] = set()
    for permission in CENTRE_PERMISSIONS:
        ids |= actor.scope(permission).centres
    if not ids:
        return []
    with db.reading() as session:
        rows = session.execute(
            sa.select(Centre.id, Centre.name).where(Centre.id.in_(ids)).order_by(Centre.name)
        ).all()
    return [{"id": i, "name": n} for i, n in rows]


def centre_rooms(db: Database, actor: Principal, centre_id: int) -> dict[str, Any]:
    """A centre (in the user's reach) and its rooms in display order."""
    with db.reading() as session:
        centre = centre_for_any(session, actor, centre_id, *CENTRE_PERMISSIONS)
        return {
            "centre": {"id": centre.id, "name": centre.name},
            "rooms": [{"room_id": r.id, "name": r.name} for r in rooms_of(session, centre.id)],
        }


def ratio_weights(
    db: Database, actor: Principal, centre_id: int, room_id: int, policy: RatioPolicy, on: dt.date
) -> dict[int, int]:
    """Children per assistant of each child's ratio group in a room (the staff page's script
    recomputes the adults needed from these while offline, as ``RatioPolicy`` does)."""
    with db.reading() as session:
        centre_for_any(session, actor, centre_id, *CENTRE_PERMISSIONS)
        rows = session.execute(
            sa.select(Child.id, Child.birth_date)
            .join(Enrolment, Enrolment.child_id == Child.id)
            .where(Enrolment.room_id == room_id)
        ).all()
    return {int(c): policy.rule(group_of(b, on, policy)).children_per_assistant for c, b in rows}


def centre_children(db: Database, actor: Principal, centre_id: int) -> list[dict[str, Any]]:
    """The children enrolled at a centre, by name, with their room."""
    with db.reading() as session:
        centre_for_any(session, actor, centre_id, *CENTRE_PERMISSIONS)
        rows = session.execute(
            sa.select(Child.id, Child.name, EnrolmentRoom.name)
            .join(Enrolment, Enrolment.child_id == Child.id)
            .join(EnrolmentRoom, EnrolmentRoom.id == Enrolment.room_id)
            .where(EnrolmentRoom.centre_id == centre_id)
            .order_by(Child.name, Child.id)
        ).all()
    return [{"id": i, "name": n, "room": r} for i, n, r in rows]


def family_children(db: Database, actor: Principal) -> list[dict[str, Any]]:
    """A guardian's children (``OPERATIONS_FAMILY``: their own families only), with the centre
    and room each is enrolled in (None when not enrolled) and the family's reference."""
    scope = actor.require(Permission.OPERATIONS_FAMILY)
    if not scope.families:
        return []
    with db.reading() as session:
        rows = session.execute(
            sa.select(Child.id, Child.name, Centre.id, Centre.name, EnrolmentRoom.name, Family.ref)
            .join(Family, Family.id == Child.family_id)
            .outerjoin(Enrolment, Enrolment.child_id == Child.id)
            .outerjoin(EnrolmentRoom, EnrolmentRoom.id == Enrolment.room_id)
            .outerjoin(Centre, Centre.id == EnrolmentRoom.centre_id)
            .where(Family.ref.in_(scope.families))
            .order_by(Child.birth_date, Child.id)
        ).all()
    return [
        {"id": i, "name": n, "centre_id": cid, "centre": cname, "room": room, "family": ref}
        for i, n, cid, cname, room, ref in rows
    ]


def centre_messages(
    db: Database, actor: Principal, centre_id: int, since: dt.date
) -> list[dict[str, Any]]:
    """The messages between the centre and its families since ``since``, one thread per child
    (the latest thread first, each oldest message first)."""
    with db.reading() as session:
        centre_for_any(session, actor, centre_id, *CENTRE_PERMISSIONS)
        rows = session.execute(
            sa.select(EventRow, Child.name)
            .join(Child, Child.id == EventRow.child_id)
            .where(
                EventRow.centre_id == centre_id,
                EventRow.kind == EventKind.MESSAGE,
                EventRow.status == "stored",
                EventRow.day >= since,
            )
            .order_by(EventRow.device_time, EventRow.id)
        ).all()
    threads: dict[int, dict[str, Any]] = {}
    for row, name in rows:
        thread = threads.setdefault(
            int(row.child_id or 0), {"child_id": row.child_id, "child": name, "messages": []}
        )
        thread["messages"].append(
            {"at": row.device_time, "from": row.data.get("from"), "text": row.data.get("text")}
        )
    return sorted(threads.values(), key=lambda t: t["messages"][-1]["at"], reverse=True)


def synthetic_centres(db: Database, centre_ids: list[int]) -> set[int]:
    """Which of these centres hold SYNTHETIC events (``redceci operations demo`` keys them
    ``SYN-``): the pages say so beside their figures."""
    if not centre_ids:
        return set()
    with db.reading() as session:
        rows = session.scalars(
            sa.select(EventRow.centre_id)
            .where(EventRow.centre_id.in_(centre_ids), EventRow.key.startswith("SYN-"))
            .distinct()
        ).all()
    return {int(c) for c in rows}
