"""SYNTHETIC operations for the demo centres: staff with shifts where a centre has none, then
weeks of made-up days (``operations.synthetic``: attendance, refusals, late pick-ups, incidents,
drills) written to the event log, and the days summarised for the network indicators.

The children are those enrolled by the enrolment demo (when its round was never published,
one is run and published here first). Nobody and nothing loaded here exists: every event
carries ``synthetic: true`` and a ``SYN-`` key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from redceci.operations.events import Event, EventKind
from redceci.operations.parameters import DEFAULT_RULES, OperationsRules
from redceci.operations.ratios import group_of
from redceci.operations.synthetic import (
    SyntheticCentre,
    SyntheticChild,
    SyntheticStaff,
    synthetic_days,
)
from redceci.platform.access import Principal
from redceci.store.base import utcnow
from redceci.store.db import Database
from redceci.store.enrolment import rounds
from redceci.store.enrolment.models import (
    Application,
    ApplicationStatus,
    AuthorisedPerson,
    Child,
    Enrolment,
    EnrolmentRoom,
    Guardian,
)
from redceci.store.operations import network, setup
from redceci.store.operations.centrelock import lock
from redceci.store.operations.inputs import local_day
from redceci.store.operations.models import DaySummaryRow, EventRow, Shift, StaffMember
from redceci.store.operations.roster import calendar_of, rooms_of
from redceci.store.platform.models import Centre

#: The demo's shifts: an early and a late one, so mornings and afternoons vary.
EARLY = (dt.time(6, 55), dt.time(15, 0))
LATE = (dt.time(8, 0), dt.time(16, 5))


@dataclass(frozen=True)
class OperationsDemo:
    centres: int
    days: int
    events: int
    staff_created: int
    round_published: bool
    skipped: tuple[str, ...]


def _ensure_enrolments(db: Database, actor: Principal) -> bool:
    """Publish a round if families applied and nobody is enrolled yet."""
    with db.reading() as session:
        enrolled = session.scalar(sa.select(sa.func.count()).select_from(Enrolment)) or 0
        waiting = (
            session.scalar(
                sa.select(sa.func.count()).where(Application.status == ApplicationStatus.SUBMITTED)
            )
            or 0
        )
    if enrolled or not waiting:
        return False
    preview = rounds.run_round(db, actor, seed=1)
    rounds.publish_round(db, actor, preview.id)
    return True


def _ensure_staff(db: Database, actor: Principal, centre: Centre, rules: OperationsRules) -> int:
    """Educators for each room (what its enrolled children need, plus one), a nurse and a
    cook, when the centre has no staff yet."""
    with db.reading() as session:
        if session.scalar(sa.select(StaffMember.id).where(StaffMember.centre_id == centre.id)):
            return 0
        rooms = rooms_of(session, centre.id)
        births = {
            r.id: list(
                session.scalars(
                    sa.select(Child.birth_date)
                    .join(Enrolment, Enrolment.child_id == Child.id)
                    .where(Enrolment.room_id == r.id)
                )
            )
            for r in rooms
        }
    today = dt.date.today()
    made = 0
    for room in rooms:
        groups = [group_of(b, today, rules.ratios) for b in births[room.id]]
        need = rules.ratios.staff_needed(groups)
        if not need:
            continue
        for k in range(need + 1):
            starts, ends = EARLY if k % 2 == 0 else LATE
            setup.add_staff(
                db,
                actor,
                centre.id,
                setup.StaffData(
                    name=f"Educadora sintética {room.name} {k + 1}",
                    role="lead" if k == 0 else "assistant",
                    shifts=[
                        setup.ShiftData(weekday=d, starts=starts, ends=ends, room_id=room.id)
                        for d in range(5)
                    ],
                ),
            )
            made += 1
    for name, role in (("Enfermera sintética", "medical"), ("Cocinera sintética", "kitchen")):
        setup.add_staff(
            db, actor, centre.id, setup.StaffData(name=name, role=role, counts_in_ratio=False)
        )
        made += 1
    return made


def _people(
    db: Database,
    centre_id: int,
    tz: ZoneInfo,
    rules: OperationsRules,
    allergens: Mapping[int, Sequence[str]],
) -> SyntheticCentre:
    with db.reading() as session:
        rooms = rooms_of(session, centre_id)
        kids = session.execute(
            sa.select(Child.id, Child.family_id, Enrolment.room_id)
            .join(Enrolment, Enrolment.child_id == Child.id)
            .where(Enrolment.room_id.in_([r.id for r in rooms]))
            .order_by(Child.id)
        ).all()
        families = {f for _, f, _ in kids}
        pickup: dict[int, list[tuple[str, int, str]]] = {f: [] for f in families}
        for g in session.scalars(sa.select(Guardian).where(Guardian.family_id.in_(families))):
            pickup[g.family_id].append(("guardian", g.id, g.name))
        for a in session.scalars(
            sa.select(AuthorisedPerson).where(AuthorisedPerson.family_id.in_(families))
        ):
            pickup[a.family_id].append(("authorised", a.id, a.name))
        staff = session.execute(
            sa.select(Shift.staff_id, Shift.room_id, Shift.starts, Shift.ends)
            .join(StaffMember, StaffMember.id == Shift.staff_id)
            .where(
                StaffMember.centre_id == centre_id,
                StaffMember.active.is_(True),
                Shift.weekday == 0,
                Shift.room_id.is_not(None),
            )
            .order_by(Shift.staff_id)
        ).all()
        calendar = calendar_of(session, centre_id, rules)
    return SyntheticCentre(
        children=[
            SyntheticChild(c, r, tuple(pickup[f]), tuple(allergens.get(c, ()))) for c, f, r in kids
        ],
        staff=[SyntheticStaff(s, r, a, b) for s, r, a, b in staff if r is not None],
        calendar=calendar,
        tz=tz,
    )


def _row(centre_id: int, e: Event, tz: ZoneInfo, ids: dict[str, int]) -> dict[str, Any]:
    data = {
        k: (ids[v[1:]] if isinstance(v, str) and v.startswith("@") else v)
        for k, v in e.data.items()
    }
    return {
        "centre_id": centre_id,
        "key": e.key,
        "kind": e.kind,
        "status": "stored",
        "reason": "",
        "day": local_day(e.device_time, tz),
        "device_time": e.device_time,
        "server_time": e.device_time,
        "actor_id": None,
        "child_id": e.child_id,
        "staff_id": e.staff_id,
        "room_id": e.room_id,
        "data": data,
    }


def load_operations_demo(
    db: Database,
    actor: Principal,
    *,
    weeks: int,
    seed: int,
    tz: ZoneInfo,
    rules: OperationsRules = DEFAULT_RULES,
    now: dt.datetime | None = None,
    allergens: Mapping[int, Sequence[str]] | None = None,
    centre_codes: Sequence[str] | None = None,
) -> OperationsDemo:
    """Load ``weeks`` of SYNTHETIC days (up to ``now``) at every centre with enrolled
    children (or only at ``centre_codes``); a centre that already holds synthetic events is
    skipped (run once). ``allergens``: the recorded allergies by child, so allergic reactions
    can be drawn."""
    now = now or utcnow()
    published = _ensure_enrolments(db, actor)
    query = sa.select(Centre).where(
        Centre.id.in_(
            sa.select(EnrolmentRoom.centre_id).join(
                Enrolment, Enrolment.room_id == EnrolmentRoom.id
            )
        )
    )
    if centre_codes is not None:
        query = query.where(Centre.code.in_(centre_codes))
    with db.reading() as session:
        centres = list(session.scalars(query.order_by(Centre.id)))
    today = local_day(now, tz)
    start = today - dt.timedelta(weeks=weeks)
    made = days = count = 0
    skipped: list[str] = []
    loaded: list[Centre] = []
    for centre in centres:
        with db.reading() as session:
            done = session.scalar(
                sa.select(EventRow.id).where(
                    EventRow.centre_id == centre.id, EventRow.key.like("SYN-%")
                )
            )
        if done:
            skipped.append(centre.code)
            continue
        made += _ensure_staff(db, actor, centre, rules)
        people = _people(db, centre.id, tz, rules, allergens or {})
        with db.transaction() as session:
            # The centre's writers take turns (a server's memory of the centre follows its
            # event sequence, which holds only if ids are committed in order per centre).
            lock(session, centre.id)
            # Days summarised before these events existed would stay stale: drop them.
            session.execute(
                sa.delete(DaySummaryRow).where(
                    DaySummaryRow.centre_id == centre.id,
                    DaySummaryRow.day >= start,
                    DaySummaryRow.day <= today,
                )
            )
            for _, events in synthetic_days(
                people, start, today, seed=seed * 1000 + centre.id, prefix=f"C{centre.id}"
            ):
                events = [e for e in events if e.device_time <= now]
                if not events:
                    continue
                days += 1
                ids: dict[str, int] = {}
                rows = []
                for e in events:
                    if e.kind in (EventKind.ROLL_CALL_START, EventKind.INCIDENT):
                        row = EventRow(**_row(centre.id, e, tz, ids))
                        session.add(row)
                        session.flush()
                        ids[e.key] = row.id
                    else:
                        rows.append(_row(centre.id, e, tz, ids))
                if rows:
                    session.execute(sa.insert(EventRow), rows)
                count += len(events)
        loaded.append(centre)
    if loaded:
        network.day_summaries(db, loaded, start, today, tz=tz, rules=rules, today=today)
    return OperationsDemo(len(loaded), days, count, made, published, tuple(skipped))
