"""The stored waitlist: the domain's ``WaitlistNetwork`` loaded from the tables, changed by the
domain (offers, accept, decline, lapse, a place freed), and written back with its event log.

Seats are enrolment room ids and children are child ids, so the domain's integers are the
store's keys. Every change runs in the caller's transaction, with its audit entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from redceci import enrolment as en
from redceci.errors import ConflictError, InputError, NotFoundError
from redceci.platform.access import Permission, Principal
from redceci.store.base import utcnow
from redceci.store.db import Database
from redceci.store.enrolment.models import (
    Application,
    ApplicationStatus,
    Child,
    Enrolment,
    EnrolmentRoom,
    EntryStatus,
    Family,
    Offer,
    OfferStatus,
    WaitlistEntry,
    WaitlistEvent,
)
from redceci.store.enrolment.rules import get_rules_row
from redceci.store.platform import audit


@dataclass
class Loaded:
    """A network and the stored rows behind its offers."""

    network: en.WaitlistNetwork
    offer_rows: dict[int, Offer]  # id(domain offer) -> row
    entries: list[WaitlistEntry]
    enrolled: dict[int, Enrolment]  # child id -> row


#: The PostgreSQL advisory lock every change of the waitlist takes first ("REDC").
WAITLIST_LOCK = 0x52454443


def lock(session: Session) -> None:
    """Make this transaction the only one changing the waitlist until it ends: two changes
    (a parent's answer and the sweep, say) never work from the same stale picture. PostgreSQL
    takes an advisory transaction lock; SQLite takes its write lock now."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": WAITLIST_LOCK})
    else:
        session.execute(sa.text("UPDATE alembic_version SET version_num = version_num WHERE 1 = 0"))


def load(session: Session, now: dt.datetime) -> Loaded:
    """The whole network as stored (pending offers held, places free where unfilled)."""
    rooms = session.scalars(sa.select(EnrolmentRoom)).all()
    enrolled = {e.child_id: e for e in session.scalars(sa.select(Enrolment))}
    occupied: dict[int, int] = {}
    for e in enrolled.values():
        occupied[e.room_id] = occupied.get(e.room_id, 0) + 1
    entries = list(
        session.scalars(
            sa.select(WaitlistEntry)
            .where(WaitlistEntry.status != EntryStatus.REMOVED)
            .order_by(WaitlistEntry.child_id, WaitlistEntry.preference)
        )
    )
    waiting: dict[int, list[int]] = {}
    prefs: dict[int, list[int]] = {}
    keys: dict[tuple[int, int], int] = {}
    for entry in entries:
        prefs.setdefault(entry.child_id, []).append(entry.room_id)
        if entry.status is EntryStatus.WAITING:
            waiting.setdefault(entry.child_id, []).append(entry.room_id)
        keys[entry.child_id, entry.room_id] = entry.key
    rules = get_rules_row(session)
    net = en.WaitlistNetwork(
        capacity={r.id: occupied.get(r.id, 0) for r in rooms},  # nothing is offered here
        placement={c: e.room_id for c, e in enrolled.items()},
        preferences=waiting,
        keys=keys,
        now=now,
        offer_period=dt.timedelta(days=rules.offer_days),
    )
    net.preferences = prefs  # offered rooms count for "ranked lower" when a child accepts
    net.events = []
    for r in rooms:
        net.lists[r.id].vacancies = max(r.places - occupied.get(r.id, 0), 0)
    offer_rows: dict[int, Offer] = {}
    for row in session.scalars(sa.select(Offer).where(Offer.status == OfferStatus.PENDING)):
        offer = en.Offer(row.child_id, row.room_id, row.made_at, row.deadline)
        net.offers.append(offer)
        offer_rows[id(offer)] = row
    return Loaded(net, offer_rows, entries, enrolled)


def _desired_starts(session: Session, children: list[int]) -> dict[int, dt.date]:
    """The start date each child's family asked for in its open (waitlisted) application."""
    if not children:
        return {}
    rows = session.execute(
        sa.select(Child.id, sa.func.max(Application.start_date))
        .join(Application, Application.family_id == Child.family_id)
        .where(Child.id.in_(children), Application.status == ApplicationStatus.WAITLISTED)
        .group_by(Child.id)
    ).all()
    return {int(child): start for child, start in rows}


def save(session: Session, loaded: Loaded, now: dt.datetime, *, since: dt.date) -> None:
    """Write the network's changes back: offers, places, list membership, events. A child
    placed from the waitlist starts on ``since`` or, if later, the start its family asked for."""
    net = loaded.network
    arriving = [
        child
        for child, room in net.placement.items()
        if (current := loaded.enrolled.get(child)) is None or current.room_id != room
    ]
    desired = _desired_starts(session, arriving)
    for offer in net.offers:
        row = loaded.offer_rows.get(id(offer))
        if row is None:
            row = Offer(
                child_id=offer.child,
                room_id=offer.seat,
                made_at=offer.made_at,
                deadline=offer.deadline,
                status=OfferStatus(offer.state.value),
            )
            session.add(row)
            loaded.offer_rows[id(offer)] = row
        elif row.status.value != offer.state.value:
            row.status = OfferStatus(offer.state.value)
            row.answered_at = now
    # places
    changed_children: set[int] = set()
    for child, room in net.placement.items():
        current = loaded.enrolled.get(child)
        start = max(since, desired.get(child, since))
        if current is None:
            session.add(Enrolment(child_id=child, room_id=room, since=start))
            changed_children.add(child)
        elif current.room_id != room:
            current.room_id, current.since = room, start
            changed_children.add(child)
    for child, enrolment in loaded.enrolled.items():
        if child not in net.placement:
            session.delete(enrolment)
    # lists
    on_list = {(c, s) for s, lst in net.lists.items() for c in lst.children}
    offered = {(o.child, o.seat) for o in net.pending()}
    for entry in loaded.entries:
        pair = (entry.child_id, entry.room_id)
        entry.status = (
            EntryStatus.WAITING
            if pair in on_list
            else EntryStatus.OFFERED
            if pair in offered
            else EntryStatus.REMOVED
        )
    for ev in net.events:
        session.add(
            WaitlistEvent(
                at=ev.at, kind=ev.kind.value, room_id=ev.seat, child_id=ev.child, detail=ev.detail
            )
        )
    net.events = []
    session.flush()
    _update_applications(session, changed_children)


def _update_applications(session: Session, children: set[int]) -> None:
    """A family whose children all hold a place has its open application marked placed."""
    if not children:
        return
    families = session.scalars(
        sa.select(Child.family_id).where(Child.id.in_(children)).distinct()
    ).all()
    for family_id in families:
        kids = session.scalars(sa.select(Child.id).where(Child.family_id == family_id)).all()
        held = session.scalar(sa.select(sa.func.count()).where(Enrolment.child_id.in_(kids)))
        if held == len(kids):
            for app in session.scalars(
                sa.select(Application).where(
                    Application.family_id == family_id,
                    Application.status == ApplicationStatus.WAITLISTED,
                )
            ):
                app.status = ApplicationStatus.PLACED


def _offer_in_scope(session: Session, actor: Principal, offer_id: int) -> Offer:
    scope = actor.require(Permission.ENROLMENT_APPLY)
    row = session.get(Offer, offer_id)
    if row is None:
        raise NotFoundError(f"no offer {offer_id}")
    ref = session.scalar(
        sa.select(Family.ref)
        .join(Child, Child.family_id == Family.id)
        .where(Child.id == row.child_id)
    )
    if not (scope.national or ref in scope.families):
        raise NotFoundError(f"no offer {offer_id}")
    return row


def answer_offer(
    db: Database, actor: Principal, offer_id: int, *, accept: bool, now: dt.datetime | None = None
) -> Offer:
    """A parent accepts or declines their child's offer; the list moves on."""
    now = now or utcnow()
    with db.transaction() as session:
        lock(session)
        row = _offer_in_scope(session, actor, offer_id)
        loaded = load(session, now)
        loaded.network.expire(now)
        if row.status is not OfferStatus.PENDING or now > row.deadline:
            save(session, loaded, now, since=now.date())
            raise_after = f"offer {offer_id} is no longer open (it is {row.status})"
        else:
            raise_after = ""
            if accept:
                loaded.network.accept(row.child_id, row.room_id, now)
            else:
                loaded.network.decline(row.child_id, row.room_id, now)
            save(session, loaded, now, since=now.date())
            audit.record(
                session,
                actor,
                "accept" if accept else "decline",
                "offer",
                offer_id,
                after=audit.snapshot(row),
            )
    if raise_after:
        # the lapse is stored; the answer is refused
        raise ConflictError(raise_after)
    return row


def expire_offers(db: Database, actor: Principal | None, *, now: dt.datetime | None = None) -> int:
    """Lapse every offer past its deadline and offer the places again: an administrator, or
    the system (``actor`` None: the scheduled sweep, audited only when an offer lapsed)."""
    if actor is not None:
        actor.require(Permission.ENROLMENT_MANAGE)
    now = now or utcnow()
    with db.transaction() as session:
        lock(session)
        overdue = session.scalar(
            sa.select(sa.func.count()).where(
                Offer.status == OfferStatus.PENDING, Offer.deadline < now
            )
        )
        lapsed = 0
        if overdue:
            loaded = load(session, now)
            lapsed = len(loaded.network.expire(now))
            save(session, loaded, now, since=now.date())
        if lapsed or actor is not None:
            audit.record(session, actor, "expire", "offers", None, after={"lapsed": lapsed})
        return lapsed


def withdraw(
    db: Database, actor: Principal, enrolment_id: int, *, now: dt.datetime | None = None
) -> None:
    """A child leaves its place (its director or an administrator records it); the place is
    offered to the next child waiting."""
    scope = actor.require(Permission.ENROLMENT_CENTRE)
    now = now or utcnow()
    with db.transaction() as session:
        lock(session)
        row = session.get(Enrolment, enrolment_id)
        room = None if row is None else session.get(EnrolmentRoom, row.room_id)
        if row is None or room is None or not (scope.national or room.centre_id in scope.centres):
            raise NotFoundError(f"no enrolment {enrolment_id}")
        before = audit.snapshot(row)
        loaded = load(session, now)
        net = loaded.network
        net.expire(now)
        child = row.child_id
        if net.placement.pop(child, None) is None:
            raise InputError(f"child {child} holds no place")
        for entry in loaded.entries:
            if entry.child_id == child and net.rank(child, entry.room_id) is not None:
                lst = net.lists[entry.room_id]
                i = lst.children.index(child)
                del lst.keys[i], lst.children[i]
        net.free_place(row.room_id, now, reason=f"child {child} left")
        save(session, loaded, now, since=now.date())
        audit.record(session, actor, "withdraw", "enrolment", enrolment_id, before=before)
