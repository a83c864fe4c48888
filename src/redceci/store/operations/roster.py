"""Who belongs to a centre on a day, as the operations domain needs it: the enrolled children
by room (from enrolment), their birth dates, the staff and their shifts, the calendar and the
health filter's rules; and the scope checks every operations service starts with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session, lazyload

from redceci.errors import NotFoundError, PermissionDeniedError
from redceci.operations.calendar import CentreCalendar
from redceci.operations.events import Event, EventKind
from redceci.operations.health import ExclusionRule, HealthFilter, filter_of
from redceci.operations.parameters import DEFAULT_RULES, OperationsRules
from redceci.operations.state import Roster
from redceci.platform.access import Permission, Principal, Scope
from redceci.store.enrolment.models import Child, Enrolment, EnrolmentRoom, Family
from redceci.store.operations.models import (
    CalendarRow,
    Closure,
    EventRow,
    ExclusionRuleRow,
    Shift,
    StaffMember,
)
from redceci.store.platform.models import Centre


def covers_centre(scope: Scope, centre: Centre) -> bool:
    return reaches(scope, centre.id, centre.state_code)


def reaches(scope: Scope, centre_id: int, state_code: str) -> bool:
    """Whether a scope reaches the centre ``centre_id`` of state ``state_code``."""
    return scope.national or centre_id in scope.centres or state_code in scope.states


def centre_for(
    session: Session, actor: Principal, centre_id: int, permission: Permission
) -> Centre:
    """The centre if ``permission``'s scope reaches it (staff: theirs; coordinators: their
    state; planners: all); else ``NotFoundError``. No grant at all: ``PermissionDeniedError``."""
    scope = actor.require(permission)
    centre = session.get(
        Centre, centre_id, options=[lazyload(Centre.rooms), lazyload(Centre.transitions)]
    )
    if centre is None or not covers_centre(scope, centre):
        raise NotFoundError(f"no centre {centre_id}")
    return centre


def centre_for_any(
    session: Session, actor: Principal, centre_id: int, *permissions: Permission
) -> Centre:
    """The centre if any of ``permissions`` reaches it (staff record, directors and
    coordinators watch the board)."""
    held = [p for p in permissions if actor.can(p)]
    if not held:
        raise PermissionDeniedError(f"your roles do not allow {permissions[0]}")
    for p in held:
        try:
            return centre_for(session, actor, centre_id, p)
        except NotFoundError:
            continue
    raise NotFoundError(f"no centre {centre_id}")


def child_centre(session: Session, child_id: int) -> tuple[Child, Family, int | None]:
    """A child, its family and the centre it is enrolled at (None if not enrolled)."""
    row = session.execute(
        sa.select(Child, Family, EnrolmentRoom.centre_id)
        .join(Family, Family.id == Child.family_id)
        .outerjoin(Enrolment, Enrolment.child_id == Child.id)
        .outerjoin(EnrolmentRoom, EnrolmentRoom.id == Enrolment.room_id)
        .where(Child.id == child_id)
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"no child {child_id}")
    return row[0], row[1], row[2]


def child_for_family(
    session: Session, actor: Principal, child_id: int
) -> tuple[Child, Family, int | None]:
    """A guardian's own child (``OPERATIONS_FAMILY``); anyone else's is not found. Staff and
    directors with the board permission reach the children of their centres too."""
    scope = actor.require(Permission.OPERATIONS_FAMILY)
    child, family, centre_id = child_centre(session, child_id)
    if not (scope.national or family.ref in scope.families):
        raise NotFoundError(f"no child {child_id}")
    return child, family, centre_id


def rooms_of(session: Session, centre_id: int) -> list[EnrolmentRoom]:
    return list(
        session.scalars(
            sa.select(EnrolmentRoom)
            .where(EnrolmentRoom.centre_id == centre_id)
            .order_by(EnrolmentRoom.position, EnrolmentRoom.id)
        )
    )


def calendar_of(session: Session, centre_id: int, rules: OperationsRules) -> CentreCalendar:
    """The centre's calendar: its own hours (else the rules' default), the rules' public
    holidays (the country pack's) and the centre's closures."""
    row = session.get(CalendarRow, centre_id)
    base = rules.calendar
    if row is not None:
        base = base.with_hours(row.opens, row.closes, (int(d) for d in row.weekdays))
    closed = session.scalars(sa.select(Closure.day).where(Closure.centre_id == centre_id)).all()
    return base.with_closures(closed) if closed else base


@cache
def _children_and_filter() -> Any:
    """``children_and_filter``'s statement (built once: building it costs more than running
    it), with the parameters ``centre`` and ``kids``."""
    return sa.union_all(*children_and_filter_parts()).order_by("what", "id")


@cache
def children_and_filter_parts() -> tuple[Any, Any]:
    """The two selects of ``children_and_filter``'s statement (rows ``what, id, room, a, b,
    label_en, temperature, sign, source``), for a statement that adds its own rows."""
    none, centre = sa.null(), sa.bindparam("centre", type_=sa.Integer)
    kids: Any = sa.select(
        sa.literal_column("'child'").label("what"),
        Enrolment.child_id.label("id"),
        Enrolment.room_id.label("room"),
        EnrolmentRoom.name.label("a"),
        sa.cast(Child.birth_date, sa.String).label("b"),
        none,
        none,
        none,
        none,
    ).select_from(Enrolment)
    kids = (
        kids.join(Child, Child.id == Enrolment.child_id)
        .join(EnrolmentRoom, EnrolmentRoom.id == Enrolment.room_id)
        .where(
            Enrolment.child_id.in_(sa.bindparam("kids", expanding=True)),
            EnrolmentRoom.centre_id == centre,
        )
    )
    r = ExclusionRuleRow
    own: Any = sa.select(
        sa.literal_column("'rule'"),
        r.id,
        none,
        r.code,
        r.label_es,
        r.label_en,
        sa.cast(r.min_temperature_c, sa.String),
        r.sign,
        r.source,
    ).where(r.centre_id == centre)
    return kids, own


def children_and_filter(
    session: Session, centre_id: int, children: Sequence[int], rules: OperationsRules
) -> tuple[dict[int, Roster], HealthFilter]:
    """In one query: the roster each of ``children`` needs (``scoped_roster``'s: the child if
    enrolled here, its room) and the centre's health filter (``health_filter``'s)."""
    rows: Sequence[Any] = (
        session.connection()
        .execute(_children_and_filter(), {"centre": centre_id, "kids": list(children)})
        .all()
    )
    return read_children_and_filter(rows, children, rules)


def read_children_and_filter(
    rows: Sequence[Any], children: Sequence[int], rules: OperationsRules
) -> tuple[dict[int, Roster], HealthFilter]:
    """``children_and_filter``'s answer from its statement's rows (others ignored)."""
    rosters = {c: Roster(children={}, rooms={}) for c in children}
    found = []
    for what, ident, room, a, b, *rule in rows:
        if what == "child" and int(ident) not in rosters[int(ident)].children:
            rosters[int(ident)] = Roster(
                children={int(ident): int(room)},
                rooms={int(room): a},
                births={int(ident): dt.date.fromisoformat(str(b)[:10])},
            )
        elif what == "rule":
            label_en, temp, sign, source = rule
            found.append(
                ExclusionRule(str(a), str(b), str(label_en), _float(temp), sign, source or "")
            )
    return rosters, (filter_of(found) if found else rules.health)


def _float(text: object) -> float | None:
    return None if text is None else float(str(text))


def health_filter(session: Session, centre_id: int, rules: OperationsRules) -> HealthFilter:
    """The exclusion rules the centre's medical staff set, else the rules' default list."""
    rows = session.scalars(
        sa.select(ExclusionRuleRow)
        .where(ExclusionRuleRow.centre_id == centre_id)
        .order_by(ExclusionRuleRow.id)
    ).all()
    if not rows:
        return rules.health
    return filter_of(
        ExclusionRule(r.code, r.label_es, r.label_en, r.min_temperature_c, r.sign, r.source)
        for r in rows
    )


@cache
def _day_roster() -> Any:
    """``day_roster``'s statement (built once; parameters ``centre`` and ``weekday``): the
    centre's rooms, its children with their room and birth date, its active adults and their
    shift's end that weekday, one row each (``what, id, a, b``)."""
    centre = sa.bindparam("centre", type_=sa.Integer)
    text = sa.String
    room = EnrolmentRoom.__table__.c
    enrolment, child = Enrolment.__table__.c, Child.__table__.c
    staff, shift = StaffMember.__table__.c, Shift.__table__.c
    rooms = sa.select(
        sa.literal_column("'room'").label("what"),
        room.id.label("id"),
        room.position.label("a"),
        room.name.label("b"),
    ).where(room.centre_id == centre)
    children = (
        sa.select(
            sa.literal_column("'child'"),
            enrolment.child_id,
            enrolment.room_id,
            sa.cast(child.birth_date, text),
        )
        .select_from(
            Enrolment.__table__.join(Child.__table__, child.id == enrolment.child_id).join(
                EnrolmentRoom.__table__, room.id == enrolment.room_id
            )
        )
        .where(room.centre_id == centre)
    )
    adults = sa.select(
        sa.literal_column("'staff'"),
        staff.id,
        sa.cast(staff.counts_in_ratio, sa.Integer),
        sa.null(),
    ).where(staff.centre_id == centre, staff.active.is_(True))
    shifts = (
        sa.select(
            sa.literal_column("'shift'"), shift.staff_id, sa.null(), sa.cast(shift.ends, text)
        )
        .select_from(Shift.__table__.join(StaffMember.__table__, staff.id == shift.staff_id))
        .where(
            staff.centre_id == centre, shift.weekday == sa.bindparam("weekday", type_=sa.Integer)
        )
    )
    return sa.union_all(rooms, children, adults, shifts)


def day_roster(session: Session, centre_id: int, day: dt.date, tz: ZoneInfo) -> Roster:
    """The centre's roster on ``day``: children currently enrolled in its rooms (room moves
    come from enrolment), active staff with the end of their shift that weekday (one query)."""
    rows = (
        session.connection()
        .execute(_day_roster(), {"centre": centre_id, "weekday": day.weekday()})
        .all()
    )
    rooms: list[tuple[int, int, str]] = []
    children: dict[int, int] = {}
    births: dict[int, dt.date] = {}
    staff: dict[int, bool] = {}
    ends: dict[int, dt.datetime] = {}
    for what, ident, a, b in rows:
        if what == "room":
            rooms.append((int(a or 0), int(ident), str(b)))
        elif what == "child":
            children[int(ident)] = int(a)
            births[int(ident)] = dt.date.fromisoformat(str(b)[:10])
        elif what == "staff":
            staff[int(ident)] = bool(a)
        else:
            ends[int(ident)] = dt.datetime.combine(day, dt.time.fromisoformat(str(b)), tzinfo=tz)
    return Roster(
        children=children,
        rooms={r: name for _, r, name in sorted(rooms)},
        staff=staff,
        shift_ends=ends,
        births=births,
    )


def scoped_roster(
    session: Session,
    centre_id: int,
    day: dt.date,
    tz: ZoneInfo,
    *,
    child_id: int | None = None,
    staff_id: int | None = None,
) -> Roster:
    """The part of the roster one child's or one adult's events need: the rooms, and that
    child (if enrolled here) or that adult (if working here) with their shift's end."""
    children: dict[int, int] = {}
    births: dict[int, dt.date] = {}
    rooms: dict[int, str] = {}
    if child_id is not None:  # one query: the child's room here (a child needs no other room)
        row = session.execute(
            sa.select(Enrolment.room_id, Child.birth_date, EnrolmentRoom.name)
            .join(Child, Child.id == Enrolment.child_id)
            .join(EnrolmentRoom, EnrolmentRoom.id == Enrolment.room_id)
            .where(Enrolment.child_id == child_id, EnrolmentRoom.centre_id == centre_id)
        ).first()
        if row is not None:
            children[child_id] = int(row[0])
            births[child_id] = row[1]
            rooms[int(row[0])] = row[2]
    else:
        rooms = {r.id: r.name for r in rooms_of(session, centre_id)}
    staff: dict[int, bool] = {}
    ends: dict[int, dt.datetime] = {}
    if staff_id is not None:
        counts = session.scalar(
            sa.select(StaffMember.counts_in_ratio).where(
                StaffMember.id == staff_id,
                StaffMember.centre_id == centre_id,
                StaffMember.active.is_(True),
            )
        )
        if counts is not None:
            staff[staff_id] = bool(counts)
            end = session.scalar(
                sa.select(Shift.ends).where(
                    Shift.staff_id == staff_id, Shift.weekday == day.weekday()
                )
            )
            if end is not None:
                ends[staff_id] = dt.datetime.combine(day, end, tzinfo=tz)
    return Roster(children=children, rooms=rooms, staff=staff, shift_ends=ends, births=births)


def as_event(row: EventRow | Any) -> Event:
    """An event from its stored row (an ORM ``EventRow`` or a Core row of ``ops_events``)."""
    return Event(
        kind=EventKind(row.kind),
        device_time=row.device_time,
        key=row.key,
        seq=row.id,
        child_id=row.child_id,
        staff_id=row.staff_id,
        room_id=row.room_id,
        actor_id=row.actor_id,
        data=row.data,
    )


def day_events(
    session: Session,
    centre_id: int,
    day: dt.date,
    rules: OperationsRules = DEFAULT_RULES,
    *,
    kinds: Sequence[EventKind] | None = None,
    child_id: int | None = None,
    staff_id: int | None = None,
) -> list[Event]:
    """The day's stored events (not conflicts) plus the absence notices covering the day; only
    one child's or one adult's when ``child_id`` or ``staff_id`` is given."""
    today = sa.and_(EventRow.day == day, EventRow.kind != EventKind.ABSENCE_NOTICE)
    if kinds is not None:
        today = sa.and_(today, EventRow.kind.in_(list(kinds)))
    notices = sa.and_(
        EventRow.kind == EventKind.ABSENCE_NOTICE,
        EventRow.day <= day,
        EventRow.day >= day - dt.timedelta(days=rules.absence_max_days),
    )
    wanted = today if staff_id is not None else sa.or_(today, notices)
    query = sa.select(EventRow).where(
        EventRow.centre_id == centre_id, EventRow.status == "stored", wanted
    )
    if child_id is not None:
        query = query.where(EventRow.child_id == child_id)
    if staff_id is not None:
        query = query.where(EventRow.staff_id == staff_id)
    out = []
    for r in session.scalars(query.order_by(EventRow.id)):
        if r.kind == EventKind.ABSENCE_NOTICE and not _covers(r, day):
            continue
        out.append(as_event(r))
    return out


def _covers(notice: EventRow, day: dt.date) -> bool:
    until = dt.date.fromisoformat(str(notice.data.get("until") or notice.day.isoformat()))
    return notice.day <= day <= until


def notices_covering(
    session: Session,
    centre_id: int,
    day: dt.date,
    rules: OperationsRules = DEFAULT_RULES,
    *,
    child_id: int | None = None,
) -> list[Event]:
    """Absence notices whose dates include ``day`` (a notice is filed under its first day)."""
    query = sa.select(EventRow).where(
        EventRow.centre_id == centre_id,
        EventRow.status == "stored",
        EventRow.kind == EventKind.ABSENCE_NOTICE,
        EventRow.day <= day,
        EventRow.day >= day - dt.timedelta(days=rules.absence_max_days),
    )
    if child_id is not None:
        query = query.where(EventRow.child_id == child_id)
    rows = session.scalars(query).all()
    return [as_event(r) for r in rows if _covers(r, day)]


def absent_children(session: Session, centre_id: int, day: dt.date) -> set[int]:
    """Children with an absence notice for ``day`` (the kitchen's count leaves them out)."""
    return {e.child_id for e in notices_covering(session, centre_id, day) if e.child_id}
