"""Enrolment data for the API tests: rooms, families, a round, an enrolment and offers for the
authorisation matrix. Made-up identities come from ``redceci.enrolment.synthetic`` (the one
generator of SYNTHETIC families, also drawing census-based families for the round tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from redceci.countries.mx.identity import made_up_curp as curp
from redceci.countries.mx.identity import made_up_nss as nss
from redceci.store.enrolment import families, privacy, rounds, rules
from redceci.store.enrolment.families import ApplicationData, ChildData, FamilyData, GuardianData
from redceci.store.enrolment.models import (
    ArcoKind,
    Child,
    CurpClaim,
    Enrolment,
    EntryStatus,
    Family,
    Offer,
    OfferStatus,
    WaitlistEntry,
)
from redceci.store.enrolment.rules import RoomBand

START = dt.date(2026, 9, 1)


# -- the authorisation matrix's enrolment data (in the two-state API world) --------------------

PARENT_FAMILY = "FAM-1"  # the matrix parent's family (apiworld grants it)


def bands(lactantes: int = 3, maternales: int = 3) -> list[RoomBand]:
    return [
        RoomBand(name="lactantes", min_days=43, max_months=19, places=lactantes),
        RoomBand(name="maternales", min_months=19, max_months=48, places=maternales),
    ]


def family_data(serial: int, *, birth: dt.date = dt.date(2024, 3, 1)) -> FamilyData:
    return FamilyData(
        guardians=[GuardianData(name=f"Madre {serial}", nss=nss(serial))],
        children=[ChildData(name=f"Hijo {serial}", curp=curp(serial, birth), birth_date=birth)],
    )


def matrix_bits(w: Any) -> dict[str, int]:
    """Once per world: rooms at centre A, the parent's family applying there, a round."""
    cached: dict[str, int] | None = getattr(w, "enrolment_bits", None)
    if cached is not None:
        return cached
    admin = w.people["admin"]
    rooms = rules.set_rooms(w.db, admin, w.centre_a, bands())
    families.register_family(w.db, admin, PARENT_FAMILY, family_data(1))
    families.apply(
        w.db, admin, PARENT_FAMILY, ApplicationData(start_date=START, centres=[w.centre_a])
    )
    rnd = rounds.run_round(w.db, admin, seed=7)
    with w.db.reading() as session:
        child = session.scalar(
            sa.select(Child.id).where(Child.curp == curp(1, dt.date(2024, 3, 1)))
        )
    assert child is not None
    w.enrolment_bits = {"round": rnd.id, "child": child, "maternales": rooms[1].id}
    return w.enrolment_bits


def fresh_round(w: Any) -> int:
    matrix_bits(w)
    return rounds.run_round(w.db, w.people["admin"], seed=w.serial()).id


def fresh_enrolment(w: Any) -> int:
    """A new family's child holding a place in centre A's maternales room."""
    bits = matrix_bits(w)
    serial = 500 + w.serial()
    ref = f"E-{serial}"
    families.register_family(w.db, w.people["admin"], ref, family_data(serial))
    with w.db.transaction() as session:
        child = session.scalar(sa.select(Child.id).join(Family).where(Family.ref == ref))
        assert child is not None
        row = Enrolment(child_id=child, room_id=bits["maternales"], since=START)
        session.add(row)
        session.flush()
        return row.id


def fresh_offer(w: Any) -> int:
    """A pending offer to the parent's child, of the one place of a new centre's room."""
    bits = matrix_bits(w)
    centre = w.fresh_centre("19")
    room = rules.set_rooms(
        w.db,
        w.people["admin"],
        centre,
        [RoomBand(name="maternales", min_months=19, max_months=48, places=1)],
    )[0]
    now = dt.datetime.now(dt.UTC)
    with w.db.transaction() as session:
        session.add(
            WaitlistEntry(
                child_id=bits["child"],
                room_id=room.id,
                preference=0,
                key=0,
                status=EntryStatus.OFFERED,
            )
        )
        offer = Offer(
            child_id=bits["child"],
            room_id=room.id,
            made_at=now,
            deadline=now + dt.timedelta(days=5),
            status=OfferStatus.PENDING,
        )
        session.add(offer)
        session.flush()
        return offer.id


def overdue_offer(w: Any) -> int:
    """A pending offer to the parent's child whose deadline passed an hour ago."""
    offer_id = fresh_offer(w)
    with w.db.transaction() as session:
        offer = session.get(Offer, offer_id)
        offer.deadline = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    return offer_id


def fresh_claim(w: Any) -> int:
    """A new family registering the matrix family's child: a pending CURP claim."""
    matrix_bits(w)
    ref = f"C-{w.serial()}"
    families.register_family(w.db, w.people["admin"], ref, family_data(1))
    with w.db.reading() as session:
        claim = session.scalar(sa.select(CurpClaim.id).join(Family).where(Family.ref == ref))
    assert claim is not None
    return int(claim)


def fresh_arco(w: Any) -> int:
    """A new rectification request of the matrix family."""
    matrix_bits(w)
    made = privacy.request_arco(
        w.db, w.people["admin"], PARENT_FAMILY, ArcoKind.RECTIFICATION, "apellido"
    )
    return made.id
