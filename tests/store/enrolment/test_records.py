"""The enrolment store on SQLite and PostgreSQL: every write with its audit entry, bad input or a
conflict leaves the database unchanged, scopes hold, and offers lapse and move the list."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from redceci.countries.mx.identity import curp_check_digit, nss_check_digit
from redceci.enrolment import Coverage, InMemoryInsuranceRegistry
from redceci.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from redceci.platform.access import Grant, Principal
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.store.db import Database
from redceci.store.enrolment import families, rounds, rules, waitlist
from redceci.store.enrolment.families import ApplicationData, ChildData, FamilyData, GuardianData
from redceci.store.enrolment.models import (
    Application,
    ApplicationStatus,
    Child,
    Enrolment,
    EnrolmentRoom,
    Family,
    Offer,
    OfferStatus,
    Placement,
    WaitlistEntry,
    WaitlistEvent,
)
from redceci.store.enrolment.rules import RoomBand
from redceci.store.platform import centres
from redceci.store.platform.centres import CentreData
from redceci.store.platform.models import AuditEntry
from redceci.store.testing import add_user

START = dt.date(2026, 9, 1)
BIRTH = dt.date(2024, 3, 1)  # maternales on the start date


def curp(serial: int, birth: dt.date = BIRTH) -> str:
    body = f"G{'AEIOU'[serial % 5]}M{'ABCDEFGHIJ'[serial // 5 % 10]}{birth:%y%m%d}HCMRNDA"
    return body + str(curp_check_digit(body))


def nss(serial: int) -> str:
    body = f"{2000000000 + serial:010d}"
    return body + str(nss_check_digit(body))


def family(serial: int, *, child_curp: str | None = None) -> FamilyData:
    return FamilyData(
        guardians=[GuardianData(name="Madre", nss=nss(serial))],
        children=[ChildData(name="Hijo", curp=child_curp or curp(serial), birth_date=BIRTH)],
    )


def counts(db: Database) -> dict[str, int]:
    tables = (
        Family,
        Child,
        Application,
        EnrolmentRoom,
        Enrolment,
        Placement,
        WaitlistEntry,
        Offer,
        WaitlistEvent,
        AuditEntry,
    )
    with db.reading() as s:
        return {
            t.__tablename__: s.scalar(sa.select(sa.func.count()).select_from(t)) or 0
            for t in tables
        }


@pytest.fixture
def admin(db: Database) -> Principal:
    return add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))


def colima_centre(
    db: Database, admin: Principal, code: str, *, lactantes: int, maternales: int
) -> tuple[int, list[EnrolmentRoom]]:
    """An operating centre in Colima with its two rooms; its id and the rooms."""
    made = centres.create_centre(
        db,
        admin,
        CentreData(
            code=code,
            name=f"CECI {code}",
            scheme="CECI IMSS",
            operator="IMSS",
            state_code="06",
            lat=19.24,
            lon=-103.72,
            status=CentreStatus.OPERATING,
            status_since=dt.date(2025, 1, 1),
        ),
    )
    rooms = rules.set_rooms(
        db,
        admin,
        made.id,
        [
            RoomBand(name="lactantes", min_days=43, max_months=19, places=lactantes),
            RoomBand(name="maternales", min_months=19, max_months=48, places=maternales),
        ],
    )
    return made.id, rooms


@pytest.fixture
def centre(db: Database, admin: Principal) -> int:
    return colima_centre(db, admin, "COL-1", lactantes=0, maternales=1)[0]


def test_registering_a_family_is_audited_in_the_same_transaction(
    db: Database, admin: Principal
) -> None:
    families.register_family(db, admin, "F-1", family(1))
    with db.reading() as s:
        entry = s.scalars(sa.select(AuditEntry).where(AuditEntry.entity == "family")).one()
    assert entry.entity_id == "F-1" and entry.action == "create"
    assert entry.after is not None and entry.after["children"][0]["curp"] == curp(1)


@pytest.mark.parametrize(
    "bad",
    [
        FamilyData(
            guardians=[GuardianData(name="M", nss="12345678901")],
            children=[ChildData(name="H", curp=curp(1), birth_date=BIRTH)],
        ),
        FamilyData(
            guardians=[GuardianData(name="M")],
            children=[ChildData(name="H", curp=curp(1), birth_date=BIRTH)],
        ),
        FamilyData(
            guardians=[GuardianData(name="M", nss=nss(1))],
            children=[ChildData(name="H", curp=curp(1)[:-1] + "X", birth_date=BIRTH)],
        ),
    ],
    ids=["nss-check-digit", "no-nss", "curp-format"],
)
def test_bad_identifiers_store_nothing(db: Database, admin: Principal, bad: FamilyData) -> None:
    before = counts(db)
    with pytest.raises(InputError):
        families.register_family(db, admin, "F-1", bad)
    assert counts(db) == before


def test_a_child_in_two_families_waits_for_an_identity_check_and_stays_where_it_was(
    db: Database, admin: Principal
) -> None:
    families.register_family(db, admin, "F-1", family(1))
    before = counts(db)
    families.register_family(db, admin, "F-2", family(2, child_curp=curp(1)))  # no error
    after = counts(db)
    assert after["children"] == before["children"]  # the child is not copied
    assert [c["curp"] for c in families.family_status(db, admin, "F-1")["children"]] == [curp(1)]
    second = families.family_status(db, admin, "F-2")
    assert second["children"] == []
    assert [c["status"] for c in second["identity_checks"]] == ["pending"]


def test_parents_act_for_their_own_family_only(db: Database, admin: Principal) -> None:
    families.register_family(db, admin, "F-1", family(1))
    parent = add_user(db, "p@x.mx", Grant(Role.PARENT, family_id="F-2"))
    director = add_user(db, "d@x.mx", Grant(Role.NATIONAL_PLANNER))
    with pytest.raises(NotFoundError):
        families.family_status(db, parent, "F-1")
    with pytest.raises(NotFoundError):
        families.register_family(db, parent, "F-1", family(1))
    with pytest.raises(PermissionDeniedError):
        families.family_status(db, director, "F-1")
    families.register_family(db, parent, "F-2", family(2))
    assert families.family_status(db, parent, "F-2")["children"][0]["curp"] == curp(2)


def test_rooms_must_be_contiguous_and_a_room_with_children_stays(
    db: Database, admin: Principal, centre: int
) -> None:
    before = counts(db)
    with pytest.raises(InputError, match="contiguous"):
        rules.set_rooms(
            db,
            admin,
            centre,
            [
                RoomBand(name="a", min_days=43, max_months=12, places=5),
                RoomBand(name="b", min_months=13, max_months=48, places=5),
            ],
        )
    assert counts(db) == before
    families.register_family(db, admin, "F-1", family(1))
    families.apply(db, admin, "F-1", ApplicationData(start_date=START, centres=[centre]))
    rounds.publish_round(db, admin, rounds.run_round(db, admin, seed=1).id)
    before = counts(db)
    with pytest.raises(ConflictError, match="holds 1 children"):
        rules.set_rooms(
            db, admin, centre, [RoomBand(name="lactantes", min_days=43, max_months=19, places=3)]
        )
    assert counts(db) == before


def test_a_preview_is_not_published_once_the_data_changed(
    db: Database, admin: Principal, centre: int
) -> None:
    families.register_family(db, admin, "F-1", family(1))
    families.apply(db, admin, "F-1", ApplicationData(start_date=START, centres=[centre]))
    preview = rounds.run_round(db, admin, seed=3)
    families.register_family(db, admin, "F-2", family(2))
    families.apply(db, admin, "F-2", ApplicationData(start_date=START, centres=[centre]))
    before = counts(db)
    with pytest.raises(ConflictError, match="changed since"):
        rounds.publish_round(db, admin, preview.id)
    assert counts(db) == before


def test_an_unanswered_offer_lapses_and_the_next_child_is_offered_the_place(
    db: Database, admin: Principal, centre: int
) -> None:
    for i in (1, 2, 3):
        families.register_family(db, admin, f"F-{i}", family(i))
        families.apply(db, admin, f"F-{i}", ApplicationData(start_date=START, centres=[centre]))
    now = dt.datetime(2026, 8, 1, 9, tzinfo=dt.UTC)
    rounds.publish_round(db, admin, rounds.run_round(db, admin, seed=9).id, now=now)
    with db.reading() as s:
        held = s.scalars(sa.select(Enrolment)).one()
    waitlist.withdraw(db, admin, held.id, now=now)
    with db.reading() as s:
        first = s.scalars(sa.select(Offer).where(Offer.status == OfferStatus.PENDING)).one()
    assert waitlist.expire_offers(db, admin, now=now + dt.timedelta(days=1)) == 0
    assert waitlist.expire_offers(db, admin, now=first.deadline + dt.timedelta(seconds=1)) == 1
    with db.reading() as s:
        offers = s.scalars(sa.select(Offer).order_by(Offer.id)).all()
    assert [o.status for o in offers] == [OfferStatus.LAPSED, OfferStatus.PENDING]
    assert offers[1].child_id != first.child_id
    # Accepted in August, the place starts on the start date the family asked for.
    accepted_on = first.deadline + dt.timedelta(days=1)
    waitlist.answer_offer(db, admin, offers[1].id, accept=True, now=accepted_on)
    with db.reading() as s:
        taken = s.scalars(sa.select(Enrolment).where(Enrolment.child_id == offers[1].child_id))
        assert accepted_on.date() < START and taken.one().since == START
    with pytest.raises(ConflictError, match="no longer open"):
        waitlist.answer_offer(db, admin, first.id, accept=True)


def _second_centre(db: Database, admin: Principal, places: int) -> int:
    return colima_centre(db, admin, "COL-2", lactantes=0, maternales=places)[0]


def _room_of(db: Database, ref: str) -> int | None:
    with db.reading() as s:
        return s.scalar(
            sa.select(EnrolmentRoom.centre_id)
            .join(Enrolment, Enrolment.room_id == EnrolmentRoom.id)
            .join(Child, Child.id == Enrolment.child_id)
            .join(Family, Family.id == Child.family_id)
            .where(Family.ref == ref)
        )


@pytest.mark.parametrize("free_at_preferred", [1, 0])
def test_a_transfer_applicant_keeps_its_seat_unless_it_gets_a_preferred_one(
    db: Database, admin: Principal, centre: int, free_at_preferred: int
) -> None:
    preferred = _second_centre(db, admin, free_at_preferred)
    families.register_family(db, admin, "F-1", family(1))
    families.apply(db, admin, "F-1", ApplicationData(start_date=START, centres=[centre]))
    rounds.publish_round(db, admin, rounds.run_round(db, admin, seed=1).id)
    assert _room_of(db, "F-1") == centre
    families.apply(
        db,
        admin,
        "F-1",
        ApplicationData(start_date=START, centres=[preferred, centre], transfer=True),
    )
    families.register_family(db, admin, "F-2", family(2))
    families.apply(db, admin, "F-2", ApplicationData(start_date=START, centres=[centre]))
    rounds.publish_round(db, admin, rounds.run_round(db, admin, seed=2).id)
    if free_at_preferred:
        assert (_room_of(db, "F-1"), _room_of(db, "F-2")) == (preferred, centre)
    else:
        assert (_room_of(db, "F-1"), _room_of(db, "F-2")) == (centre, None)
    with db.reading() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Enrolment)) == 1 + free_at_preferred


def test_insurance_is_checked_on_the_start_date_with_four_weeks_of_grace(
    db: Database, admin: Principal, centre: int
) -> None:
    rules.set_rooms(
        db,
        admin,
        centre,
        [
            RoomBand(name="lactantes", min_days=43, max_months=19, places=0),
            RoomBand(name="maternales", min_months=19, max_months=48, places=5),
        ],
    )
    ended = {1: START - dt.timedelta(weeks=3), 2: START - dt.timedelta(weeks=5)}
    registry = InMemoryInsuranceRegistry(
        [Coverage(nss(i), insured=False, coverage_end=end) for i, end in ended.items()]
        + [Coverage(nss(3), insured=True)]
    )
    for i in (1, 2, 3, 4):  # 4 is unknown to the registry
        families.register_family(db, admin, f"F-{i}", family(i))
        families.apply(db, admin, f"F-{i}", ApplicationData(start_date=START, centres=[centre]))
    preview = rounds.run_round(db, admin, seed=4, registry=registry)
    assert preview.summary["ineligible_families"] == ["F-2", "F-4"]
    assert preview.summary["placed"] == 2
    # publishing without the registry would not be the same round
    with pytest.raises(ConflictError):
        rounds.publish_round(db, admin, preview.id)
    rounds.publish_round(db, admin, preview.id, registry=registry)
    with db.reading() as s:
        status = dict(
            s.execute(
                sa.select(Family.ref, Application.status).join(
                    Application, Application.family_id == Family.id
                )
            ).all()
        )
    assert status == {
        "F-1": ApplicationStatus.PLACED,
        "F-2": ApplicationStatus.INELIGIBLE,
        "F-3": ApplicationStatus.PLACED,
        "F-4": ApplicationStatus.INELIGIBLE,
    }


def _one_child(db: Database, admin: Principal, ref: str, serial: int, birth: dt.date) -> None:
    child = ChildData(name=f"Hijo {serial}", curp=curp(serial, birth), birth_date=birth)
    families.register_family(
        db,
        admin,
        ref,
        FamilyData(guardians=[GuardianData(name="M", nss=nss(serial))], children=[child]),
    )


def _enrol(db: Database, admin: Principal, serial: int, birth: dt.date, room: int) -> int:
    """A family whose one child already holds a place in ``room``; the enrolment id."""
    _one_child(db, admin, f"E-{serial}", serial, birth)
    with db.transaction() as s:
        child_id = s.scalar(sa.select(Child.id).join(Family).where(Family.ref == f"E-{serial}"))
        row = Enrolment(child_id=child_id, room_id=room, since=dt.date(2025, 9, 1))
        s.add(row)
        s.flush()
        return row.id


def _applicant(db: Database, admin: Principal, serial: int, birth: dt.date, centre: int) -> None:
    _one_child(db, admin, f"A-{serial}", serial, birth)
    families.apply(db, admin, f"A-{serial}", ApplicationData(start_date=START, centres=[centre]))


def test_a_child_moving_up_by_the_start_date_frees_a_place_in_its_room_and_takes_one_above(
    db: Database, admin: Principal
) -> None:
    """Lactantes (2 places) looks full, maternales (2 places) has one free; but one lactante
    is 19 months on 2026-08-10, before the start date: one lactante place is free, none in
    maternales. A baby applying is placed; a maternal applicant is not. Publishing moves the
    child up, logged and audited."""
    made, (lact, mat) = colima_centre(db, admin, "COL-3", lactantes=2, maternales=2)
    mover = _enrol(db, admin, 11, dt.date(2025, 1, 10), lact.id)  # 19 months on 2026-08-10
    _enrol(db, admin, 12, dt.date(2025, 6, 1), lact.id)  # stays a lactante
    _enrol(db, admin, 13, dt.date(2024, 3, 1), mat.id)
    _applicant(db, admin, 21, dt.date(2026, 3, 1), made)  # a baby: lactantes
    _applicant(db, admin, 22, dt.date(2024, 5, 1), made)  # maternales

    preview = rounds.run_round(db, admin, seed=3)
    assert preview.summary["rooms_on"] == START.isoformat()
    assert preview.summary["moving_up"] == 1 and preview.summary["ageing_out"] == 0
    assert preview.summary["placed"] == 1
    with db.reading() as s:
        placed = dict(s.execute(sa.select(Placement.child_id, Placement.room_id)).all())
        baby = s.scalar(sa.select(Child.id).where(Child.curp == curp(21, dt.date(2026, 3, 1))))
        toddler = s.scalar(sa.select(Child.id).where(Child.curp == curp(22, dt.date(2024, 5, 1))))
    assert placed == {baby: lact.id, toddler: None}

    rounds.publish_round(db, admin, preview.id)
    with db.reading() as s:
        moved = s.get(Enrolment, mover)
        assert moved is not None
        assert (moved.room_id, moved.since) == (
            mat.id,
            dt.date(2026, 8, 10),
        )
        rooms_held = s.scalars(sa.select(Enrolment.room_id)).all()
        assert sorted(rooms_held) == sorted([lact.id, lact.id, mat.id, mat.id])
        event = s.scalars(sa.select(WaitlistEvent).where(WaitlistEvent.kind == "moved_up")).one()
        assert (event.room_id, event.child_id) == (lact.id, moved.child_id)
        entry = s.scalars(sa.select(AuditEntry).where(AuditEntry.action == "moved_up")).one()
    assert entry.entity == "enrolment" and entry.entity_id == str(mover)
    assert entry.before is not None and entry.before["room_id"] == lact.id
    assert entry.after is not None and entry.after["room_id"] == mat.id


def test_a_child_ageing_out_by_the_start_date_frees_its_place(
    db: Database, admin: Principal, centre: int
) -> None:
    """The one maternal place is held by a child who turns four on 2026-08-20: an applicant
    takes it, and publishing ends the older child's place."""
    with db.reading() as s:
        mat = s.scalar(sa.select(EnrolmentRoom.id).where(EnrolmentRoom.name == "maternales"))
    assert mat is not None
    _enrol(db, admin, 31, dt.date(2022, 8, 20), mat)
    _applicant(db, admin, 32, BIRTH, centre)
    preview = rounds.run_round(db, admin, seed=1)
    assert (preview.summary["ageing_out"], preview.summary["placed"]) == (1, 1)
    rounds.publish_round(db, admin, preview.id)
    with db.reading() as s:
        held = s.scalars(sa.select(Child.curp).join(Enrolment)).all()
        assert held == [curp(32)]
        left = s.scalar(sa.select(Child.id).where(Child.curp == curp(31, dt.date(2022, 8, 20))))
        events = s.scalars(sa.select(WaitlistEvent.kind).where(WaitlistEvent.child_id == left))
        assert events.all() == ["aged_out"]
        assert s.scalars(
            sa.select(AuditEntry.action).where(AuditEntry.entity == "enrolment")
        ).all() == ["aged_out"]


def test_moves_after_publication_wait_for_their_day_and_free_only_what_is_still_free(
    db: Database, admin: Principal
) -> None:
    """Lactantes has one place, held by a child who is 19 months on 2026-08-10; the round for
    1 September counts that move and gives the place to one of two babies. Published in June,
    nothing moves yet; the sweep of 11 August moves the child up and offers nothing more (the
    baby already has the place). When the placed baby leaves, the other one is offered it."""
    made, (lact, mat) = colima_centre(db, admin, "COL-4", lactantes=1, maternales=2)
    mover = _enrol(db, admin, 41, dt.date(2025, 1, 10), lact.id)
    _applicant(db, admin, 42, dt.date(2026, 3, 1), made)
    _applicant(db, admin, 43, dt.date(2026, 4, 1), made)
    june = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)
    rounds.publish_round(db, admin, rounds.run_round(db, admin, seed=5).id, now=june)
    with db.reading() as s:
        assert s.get(Enrolment, mover).room_id == lact.id  # type: ignore[union-attr]
        assert sorted(s.scalars(sa.select(Enrolment.room_id)).all()) == [lact.id, lact.id]
    assert rounds.apply_due_moves(db, None, now=june) == 0
    august = dt.datetime(2026, 8, 11, 3, tzinfo=dt.UTC)
    assert rounds.apply_due_moves(db, None, now=august) == 1
    assert rounds.apply_due_moves(db, None, now=august) == 0  # done once
    with db.reading() as s:
        moved = s.get(Enrolment, mover)
        assert moved is not None and (moved.room_id, moved.since) == (mat.id, august.date())
        assert s.scalars(sa.select(Offer)).all() == []  # the freed place was the baby's
        event = s.scalars(sa.select(WaitlistEvent).where(WaitlistEvent.kind == "moved_up")).one()
        assert event.child_id == moved.child_id
        baby = s.scalars(sa.select(Enrolment).where(Enrolment.room_id == lact.id)).one()
        babies = s.scalars(sa.select(Child.id).join(Family).where(Family.ref.like("A-%"))).all()
    (waiting,) = set(babies) - {baby.child_id}
    waitlist.withdraw(db, admin, baby.id, now=august)
    with db.reading() as s:
        offer = s.scalars(sa.select(Offer)).one()
        assert (offer.child_id, offer.room_id, offer.status) == (
            waiting,
            lact.id,
            OfferStatus.PENDING,
        )
