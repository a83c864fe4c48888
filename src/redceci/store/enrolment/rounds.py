"""Assignment rounds: load centres and applications from the store, run the enrolment engine
(``redceci.enrolment``), keep the result as a preview, publish it (places, waitlist, offers),
and report placement statistics and a CSV of the placements.

A round's seed is stored and published with it: running the engine again on the same data with
the same seed and rules gives the same placements (publishing checks exactly that).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session

from redceci import enrolment as en
from redceci.errors import ConflictError, NotFoundError
from redceci.platform.access import Permission, Principal
from redceci.store.base import utcnow
from redceci.store.db import Database
from redceci.store.enrolment import waitlist
from redceci.store.enrolment.matching import (
    OPEN,
    Computed,
    Mode,
    RoomChange,
    centres_on,
    compute,
    placements,
    summary,
)
from redceci.store.enrolment.models import (
    Application,
    ApplicationStatus,
    AssignmentRound,
    Enrolment,
    EnrolmentRoom,
    EntryStatus,
    Family,
    Offer,
    OfferStatus,
    Placement,
    RoundStatus,
    WaitlistEntry,
    WaitlistEvent,
)
from redceci.store.enrolment.rules import get_rules_row
from redceci.store.platform import audit


def run_round(
    db: Database,
    actor: Principal,
    *,
    seed: int | None = None,
    registry: en.InsuranceRegistry | None = None,
    on: dt.date | None = None,
    mode: Mode = "deferred_acceptance",
    municipality: str | None = None,
    exact_max_children: int = en.EXACT_MAX_CHILDREN,
) -> AssignmentRound:
    """Run a round as a preview (nothing changes for families until it is published); with an
    insurance ``registry``, families not entitled on their start date are left out. Rooms are
    counted on ``on`` (default: the earliest start date applied for), after the room moves
    due by then. A ``municipality`` round takes only its centres and the applications ranking
    them; ``mode`` "exact" needs one (see :func:`compute`). The date, mode and municipality are
    kept with the round's rules, and publishing re-runs the round with them."""
    actor.require(Permission.ENROLMENT_MANAGE)
    seed = secrets.randbits(31) if seed is None else seed
    with db.transaction() as session:
        rules = get_rules_row(session)
        config: dict[str, Any] = {
            "rules": list(rules.rules),
            "max_choices": rules.max_choices,
            "offer_days": rules.offer_days,
            "mode": mode,
            "municipality": municipality,
        }
        computed = compute(
            session,
            seed=seed,
            rules=list(rules.rules),
            max_choices=rules.max_choices,
            registry=registry,
            on=on,
            mode=mode,
            municipality=municipality,
            exact_max_children=exact_max_children,
        )
        config["rooms_on"] = computed.on.isoformat() if computed.on else None
        rnd = AssignmentRound(
            seed=seed,
            rules=config,
            status=RoundStatus.PREVIEW,
            summary=summary(computed),
            created_by=actor.user_id,
        )
        session.add(rnd)
        session.flush()
        for p in placements(computed):
            session.add(Placement(round_id=rnd.id, **p))
        session.flush()
        audit.record(session, actor, "preview", "round", rnd.id, after=audit.snapshot(rnd))
        return rnd


def managed_round(session: Session, actor: Principal, round_id: int) -> AssignmentRound:
    """A round, for administrators only."""
    actor.require(Permission.ENROLMENT_MANAGE)
    rnd = session.get(AssignmentRound, round_id)
    if rnd is None:
        raise NotFoundError(f"no round {round_id}")
    return rnd


def get_round(db: Database, actor: Principal, round_id: int) -> AssignmentRound:
    with db.reading() as session:
        return managed_round(session, actor, round_id)


def _rooms_on(rnd: AssignmentRound) -> dt.date | None:
    """The date a round counts its rooms on (None for rounds kept before it was recorded)."""
    on = rnd.rules.get("rooms_on")
    return dt.date.fromisoformat(on) if on else None


def _log_room_change(
    session: Session, actor: Principal | None, m: RoomChange, now: dt.datetime, why: str
) -> None:
    """One move up (or ageing out) as a waitlist event and an audit entry."""
    row = session.get(Enrolment, m.enrolment_id)
    assert row is not None
    before = audit.snapshot(row)
    if m.to_room is None:
        kind, detail, after = en.EventKind.AGED_OUT, f"{why}: aged out on {m.on}", None
    else:
        kind, detail = en.EventKind.MOVED_UP, f"{why}: moved up on {m.on}"
        after = before | {"room_id": m.to_room, "since": m.on.isoformat()}
    session.add(
        WaitlistEvent(
            at=now, kind=kind.value, room_id=m.from_room, child_id=m.child_id, detail=detail
        )
    )
    audit.record(
        session, actor, kind.value, "enrolment", m.enrolment_id, before=before, after=after
    )


def _make_room_changes(
    session: Session,
    actor: Principal,
    round_id: int,
    changes: tuple[RoomChange, ...],
    now: dt.datetime,
) -> None:
    """Move the children due up a room into it (or end the place of those ageing out), each
    change logged as a waitlist event and audited."""
    for m in changes:
        _log_room_change(session, actor, m, now, f"round {round_id}")
        row = session.get(Enrolment, m.enrolment_id)
        assert row is not None
        if m.to_room is None:
            session.delete(row)
        else:
            row.room_id, row.since = m.to_room, m.on
    session.flush()


def apply_due_moves(
    db: Database, actor: Principal | None, *, now: dt.datetime | None = None
) -> int:
    """Move up the enrolled children whose age reached the next room by today (and end the
    place of those past the last room), offering each freed place to the next child waiting:
    the scheduled sweep (``actor`` None) or an administrator. How many children changed."""
    if actor is not None:
        actor.require(Permission.ENROLMENT_MANAGE)
    now = now or utcnow()
    with db.transaction() as session:
        waitlist.lock(session)
        _, _, changes = centres_on(session, on=now.date())
        if not changes:
            return 0
        loaded = waitlist.load(session, now)
        net = loaded.network
        for m in changes:
            _log_room_change(session, actor, m, now, "due")
            if m.to_room is None:
                net.placement.pop(m.child_id, None)
            else:
                net.placement[m.child_id] = m.to_room
        # Places free after the moves; a round may already have given a freed one away (it
        # counts rooms on its start date), so only what is still free is offered.
        places = dict(session.execute(sa.select(EnrolmentRoom.id, EnrolmentRoom.places)).all())
        held = Counter(net.placement.values())
        touched = {m.from_room for m in changes} | {
            m.to_room for m in changes if m.to_room is not None
        }
        for room in sorted(touched):
            free = max(places[room] - held[room], 0)
            gained = free - net.lists[room].vacancies
            if gained > 0:
                net.free_place(room, now, count=gained, reason="children moved on by age")
            else:
                net.lists[room].vacancies = free
        waitlist.save(session, loaded, now, since=now.date())
        return len(changes)


def publish_round(
    db: Database,
    actor: Principal,
    round_id: int,
    *,
    now: dt.datetime | None = None,
    registry: en.InsuranceRegistry | None = None,
) -> AssignmentRound:
    """Publish a preview: re-run it with its seed (refused if the data changed since), give the
    places, replace the waitlist by the round's lists, and offer the places left unfilled."""
    now = now or utcnow()
    with db.transaction() as session:
        waitlist.lock(session)
        rnd = managed_round(session, actor, round_id)
        if rnd.status is not RoundStatus.PREVIEW:
            raise ConflictError(f"round {round_id} is already published")
        computed = compute(
            session,
            seed=rnd.seed,
            rules=list(rnd.rules["rules"]),
            max_choices=int(rnd.rules["max_choices"]),
            registry=registry,
            on=_rooms_on(rnd),
            mode=rnd.rules.get("mode", "deferred_acceptance"),
            municipality=rnd.rules.get("municipality"),
            exact_max_children=int(rnd.summary["children"]),  # the size the preview took
        )
        stored = {
            p.child_id: (p.room_id, p.application_id)
            for p in session.scalars(sa.select(Placement).where(Placement.round_id == rnd.id))
        }
        again = {p["child_id"]: (p["room_id"], p["application_id"]) for p in placements(computed)}
        ineligible = list(computed.compiled.ineligible)
        if stored != again or ineligible != rnd.summary.get("ineligible_families", []):
            raise ConflictError(
                f"the applications or places changed since round {round_id} was previewed; "
                "run a new preview"
            )
        # The round's lists replace the waitlist of its rooms; offers still open there lapse.
        offers = sa.select(Offer).where(Offer.status == OfferStatus.PENDING)
        entries = sa.delete(WaitlistEntry)
        if rnd.rules.get("municipality") is not None:
            offers = offers.where(Offer.room_id.in_(set(computed.seat_room)))
            entries = entries.where(WaitlistEntry.room_id.in_(set(computed.seat_room)))
        for offer in session.scalars(offers):
            offer.status, offer.answered_at = OfferStatus.LAPSED, now
        session.execute(entries)
        # Moves due by today are made now; later ones when they fall due (apply_due_moves).
        due = tuple(m for m in computed.room_changes if m.on <= now.date())
        _make_room_changes(session, actor, rnd.id, due, now)
        inst, a = computed.compiled.instance, computed.assignment
        child_id = computed.child_ids
        held = {e.child_id: e for e in session.scalars(sa.select(Enrolment))}
        for k in np.flatnonzero(a.child_seat >= 0):
            room_id = computed.seat_room[int(a.child_seat[k])]
            since = computed.start[computed.child_application[k]]
            current = held.get(child_id[k])
            if current is None:
                session.add(Enrolment(child_id=child_id[k], room_id=room_id, since=since))
            elif current.room_id != room_id:  # a transfer
                current.room_id, current.since = room_id, since
        session.flush()
        # The domain's lists after the round, by the round's own keys.
        net = en.WaitlistNetwork.from_round(
            inst, a, now, offer_period=dt.timedelta(days=int(rnd.rules["offer_days"]))
        )
        for c, seats in net.preferences.items():
            for pref, s in enumerate(seats):
                if (c, s) in net.keys and net.rank(c, s) is not None:
                    session.add(
                        WaitlistEntry(
                            child_id=child_id[c],
                            room_id=computed.seat_room[s],
                            preference=pref,
                            key=net.keys[c, s],
                            status=EntryStatus.WAITING,
                        )
                    )
        for o in net.pending():
            session.add(
                WaitlistEntry(
                    child_id=child_id[o.child],
                    room_id=computed.seat_room[o.seat],
                    preference=net.preferences[o.child].index(o.seat),
                    key=net.keys[o.child, o.seat],
                    status=EntryStatus.OFFERED,
                )
            )
            session.add(
                Offer(
                    child_id=child_id[o.child],
                    room_id=computed.seat_room[o.seat],
                    made_at=o.made_at,
                    deadline=o.deadline,
                    status=OfferStatus.PENDING,
                )
            )
        for ev in net.events:
            session.add(
                WaitlistEvent(
                    at=ev.at,
                    kind=ev.kind.value,
                    room_id=computed.seat_room[ev.seat],
                    child_id=None if ev.child is None else child_id[ev.child],
                    detail=f"round {rnd.id}: {ev.detail}",
                )
            )
        # Applications: placed when every child holds a place, else waitlisted.
        placed = a.child_seat >= 0
        by_app: dict[int, list[bool]] = {}
        for i, app_id in enumerate(computed.child_application):
            by_app.setdefault(app_id, []).append(bool(placed[i]))
        for app_id, flags in by_app.items():
            app = session.get(Application, app_id)
            assert app is not None
            app.status = ApplicationStatus.PLACED if all(flags) else ApplicationStatus.WAITLISTED
        if ineligible:
            for app in session.scalars(
                sa.select(Application)
                .join(Family, Family.id == Application.family_id)
                .where(Family.ref.in_(ineligible), Application.status.in_(OPEN))
            ):
                app.status = ApplicationStatus.INELIGIBLE
        rnd.status = RoundStatus.PUBLISHED
        rnd.published_at = now
        session.flush()
        audit.record(session, actor, "publish", "round", rnd.id, after=audit.snapshot(rnd))
        return rnd


__all__ = [
    "Computed",
    "RoomChange",
    "compute",
    "get_round",
    "managed_round",
    "publish_round",
    "run_round",
]
