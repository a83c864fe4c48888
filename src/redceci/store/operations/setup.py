"""A centre's operating set-up: its staff and their weekly shifts (directors), its calendar
(opening hours, weekdays, closures) and the health filter's exclusion rules (medical staff).
Each change is one transaction with its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from redceci.errors import InputError, NotFoundError
from redceci.operations.health import ExclusionRule
from redceci.operations.parameters import DEFAULT_RULES, OperationsRules
from redceci.operations.state import replay
from redceci.platform.access import Permission, Principal
from redceci.store.base import utcnow
from redceci.store.db import Database
from redceci.store.fields import DbId, PlausibleDate, Text200, Text300
from redceci.store.operations.inputs import local_day
from redceci.store.operations.models import (
    CalendarRow,
    Closure,
    ExclusionRuleRow,
    Shift,
    StaffMember,
)
from redceci.store.operations.roster import (
    calendar_of,
    centre_for,
    centre_for_any,
    day_events,
    day_roster,
    health_filter,
    rooms_of,
)
from redceci.store.platform import audit

StaffRole = Literal["lead", "assistant", "medical", "kitchen", "director", "other"]


class ShiftData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    weekday: Annotated[int, Field(ge=0, le=6)]
    starts: dt.time
    ends: dt.time
    room_id: DbId | None = None


class StaffData(BaseModel):
    """An adult of the centre; ``counts_in_ratio`` for educators (leads and assistants)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text200
    role: StaffRole
    counts_in_ratio: bool = True
    shifts: list[ShiftData] = Field(default_factory=list, max_length=7)


class RuleData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]
    label_es: Text200
    label_en: Text200
    min_temperature_c: Annotated[float, Field(ge=35.0, le=42.0)] | None = None
    sign: (
        Literal["respiratory", "vomiting", "diarrhoea", "rash", "conjunctivitis", "injury"] | None
    ) = None
    source: Text300 = ""


class ClosureData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    day: PlausibleDate
    reason: Text200


class HoursData(BaseModel):
    """Opening hours and the weekdays the centre opens (0 = Monday)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    opens: dt.time
    closes: dt.time
    weekdays: list[Annotated[int, Field(ge=0, le=6)]] = Field(min_length=1, max_length=7)


class CalendarData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    opens: dt.time
    closes: dt.time
    weekdays: list[Annotated[int, Field(ge=0, le=6)]] = Field(min_length=1, max_length=7)
    closures: list[ClosureData] = Field(default_factory=list, max_length=366)


def _staff(row: StaffMember, shifts: list[Shift]) -> dict[str, Any]:
    return {
        "staff_id": row.id,
        "name": row.name,
        "role": row.role,
        "counts_in_ratio": row.counts_in_ratio,
        "active": row.active,
        "shifts": [
            {
                "weekday": s.weekday,
                "starts": s.starts.isoformat("minutes"),
                "ends": s.ends.isoformat("minutes"),
                "room_id": s.room_id,
            }
            for s in shifts
            if s.staff_id == row.id
        ],
    }


def _check_shifts(session: Session, centre_id: int, shifts: list[ShiftData]) -> None:
    """A shift starts before it ends, in a room of the centre (or none), one per weekday."""
    rooms = {r.id for r in rooms_of(session, centre_id)}
    for s in shifts:
        if not s.starts < s.ends:
            raise InputError(f"shift on weekday {s.weekday}: it must start before it ends")
        if s.room_id is not None and s.room_id not in rooms:
            raise InputError(f"room {s.room_id} is not a room of this centre")
    if len({s.weekday for s in shifts}) != len(shifts):
        raise InputError("one shift per weekday")


def _member(session: Session, centre_id: int, staff_id: int) -> StaffMember:
    row = session.get(StaffMember, staff_id)
    if row is None or row.centre_id != centre_id:
        raise NotFoundError(f"no staff member {staff_id} at centre {centre_id}")
    return row


def _shifts_of(session: Session, staff_id: int) -> list[Shift]:
    return list(
        session.scalars(sa.select(Shift).where(Shift.staff_id == staff_id).order_by(Shift.weekday))
    )


def add_staff(db: Database, actor: Principal, centre_id: int, data: StaffData) -> dict[str, Any]:
    """Register an adult of the centre with their weekly shifts."""
    with db.transaction() as session:
        centre_for(session, actor, centre_id, Permission.OPERATIONS_MANAGE)
        _check_shifts(session, centre_id, data.shifts)
        row = StaffMember(
            centre_id=centre_id,
            name=data.name,
            role=data.role,
            counts_in_ratio=data.counts_in_ratio,
        )
        session.add(row)
        session.flush()
        shifts = [Shift(staff_id=row.id, **s.model_dump()) for s in data.shifts]
        session.add_all(shifts)
        session.flush()
        audit.record(session, actor, "create", "ops_staff", row.id, after=audit.snapshot(row))
        return _staff(row, shifts)


def set_shifts(
    db: Database, actor: Principal, centre_id: int, staff_id: int, shifts: list[ShiftData]
) -> dict[str, Any]:
    """The director replaces an adult's weekly shifts (an empty list: no fixed shifts). The
    live board's projection reads each day's shift end from them."""
    with db.transaction() as session:
        centre_for(session, actor, centre_id, Permission.OPERATIONS_MANAGE)
        row = _member(session, centre_id, staff_id)
        _check_shifts(session, centre_id, shifts)
        before = _staff(row, _shifts_of(session, staff_id))
        session.execute(sa.delete(Shift).where(Shift.staff_id == staff_id))
        session.add_all(Shift(staff_id=staff_id, **s.model_dump()) for s in shifts)
        session.flush()
        after = _staff(row, _shifts_of(session, staff_id))
        audit.record(session, actor, "update", "ops_staff", staff_id, before=before, after=after)
        return after


def set_active(
    db: Database,
    actor: Principal,
    centre_id: int,
    staff_id: int,
    active: bool,
    *,
    tz: ZoneInfo,
    rules: OperationsRules = DEFAULT_RULES,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """The director deactivates an adult who no longer works at the centre (kept, with their
    past events; off the roster, the rooms' lists and the ratios from then on) or brings them
    back. Someone clocked in now is not deactivated: clock them out first, so no room counts
    an adult the roster no longer holds."""
    now = now or utcnow()
    with db.transaction() as session:
        centre_for(session, actor, centre_id, Permission.OPERATIONS_MANAGE)
        row = _member(session, centre_id, staff_id)
        if not active and row.active:
            day = local_day(now, tz)
            state = replay(
                day_roster(session, centre_id, day, tz),
                day_events(session, centre_id, day, rules, staff_id=staff_id),
            )
            member = state.staff.get(staff_id)
            if member is not None and member.present:
                raise InputError(
                    f"{row.name} is clocked in now: clock them out before deactivating"
                )
        before = audit.snapshot(row)
        row.active = active
        session.flush()
        audit.record(
            session,
            actor,
            "update",
            "ops_staff",
            staff_id,
            before=before,
            after=audit.snapshot(row),
        )
        return _staff(row, _shifts_of(session, staff_id))


def list_staff(db: Database, actor: Principal, centre_id: int) -> list[dict[str, Any]]:
    with db.reading() as session:
        centre_for_any(
            session, actor, centre_id, Permission.OPERATIONS_RECORD, Permission.OPERATIONS_BOARD
        )
        rows = session.scalars(
            sa.select(StaffMember)
            .where(StaffMember.centre_id == centre_id)
            .order_by(StaffMember.name)
        ).all()
        shifts = session.scalars(
            sa.select(Shift).where(Shift.staff_id.in_([r.id for r in rows])).order_by(Shift.weekday)
        ).all()
        return [_staff(r, list(shifts)) for r in rows]


def _rules_view(flt_rules: tuple[ExclusionRule, ...]) -> list[dict[str, Any]]:
    return [
        {
            "code": r.code,
            "label_es": r.label_es,
            "label_en": r.label_en,
            "min_temperature_c": r.min_temperature_c,
            "sign": r.sign,
            "source": r.source,
        }
        for r in flt_rules
    ]


def exclusion_rules(
    db: Database, actor: Principal, centre_id: int, *, rules: OperationsRules = DEFAULT_RULES
) -> list[dict[str, Any]]:
    """The health filter's exclusion rules in force at the centre (the default list if its
    medical staff set none)."""
    with db.reading() as session:
        centre_for_any(
            session,
            actor,
            centre_id,
            Permission.OPERATIONS_RECORD,
            Permission.OPERATIONS_BOARD,
            Permission.OPERATIONS_HEALTH,
        )
        return _rules_view(health_filter(session, centre_id, rules).rules)


def set_exclusion_rules(
    db: Database, actor: Principal, centre_id: int, data: list[RuleData]
) -> list[dict[str, Any]]:
    """The medical staff replace the centre's exclusion list (at least one rule)."""
    if not data:
        raise InputError("give at least one exclusion rule")
    if len({r.code for r in data}) != len(data):
        raise InputError("each rule code once")
    checked = [
        ExclusionRule(r.code, r.label_es, r.label_en, r.min_temperature_c, r.sign, r.source)
        for r in data
    ]
    with db.transaction() as session:
        centre_for(session, actor, centre_id, Permission.OPERATIONS_HEALTH)
        before = _rules_view(health_filter(session, centre_id, DEFAULT_RULES).rules)
        session.execute(sa.delete(ExclusionRuleRow).where(ExclusionRuleRow.centre_id == centre_id))
        for r in checked:
            session.add(
                ExclusionRuleRow(
                    centre_id=centre_id,
                    code=r.code,
                    label_es=r.label_es,
                    label_en=r.label_en,
                    min_temperature_c=r.min_temperature_c,
                    sign=r.sign,
                    source=r.source,
                    set_by=actor.user_id,
                )
            )
        session.flush()
        after = _rules_view(tuple(checked))
        audit.record(
            session,
            actor,
            "update",
            "ops_exclusion_rules",
            centre_id,
            before={"rules": before},
            after={"rules": after},
        )
        return after


def _calendar_view(session: Any, centre_id: int, rules: OperationsRules) -> dict[str, Any]:
    cal = calendar_of(session, centre_id, rules)
    closures = session.scalars(
        sa.select(Closure).where(Closure.centre_id == centre_id).order_by(Closure.day)
    ).all()
    return {
        "opens": cal.opens.isoformat("minutes"),
        "closes": cal.closes.isoformat("minutes"),
        "weekdays": sorted(cal.weekdays),
        "closures": [{"day": c.day.isoformat(), "reason": c.reason} for c in closures],
        "source": cal.source,
    }


def calendar(
    db: Database, actor: Principal, centre_id: int, *, rules: OperationsRules = DEFAULT_RULES
) -> dict[str, Any]:
    """The centre's hours, weekdays and closures, and the source of its hours and holidays
    (``rules``: the country pack's, ``operations.parameters.rules_for``)."""
    with db.reading() as session:
        centre_for_any(
            session, actor, centre_id, Permission.OPERATIONS_RECORD, Permission.OPERATIONS_BOARD
        )
        return _calendar_view(session, centre_id, rules)


def _write_hours(
    session: Session, centre_id: int, opens: dt.time, closes: dt.time, weekdays: list[int]
) -> None:
    if not opens < closes:
        raise InputError("a centre opens before it closes")
    row = session.get(CalendarRow, centre_id)
    days = "".join(str(d) for d in sorted(set(weekdays)))
    if row is None:
        session.add(CalendarRow(centre_id=centre_id, opens=opens, closes=closes, weekdays=days))
    else:
        row.opens, row.closes, row.weekdays = opens, closes, days


def _change_calendar(
    db: Database,
    actor: Principal,
    centre_id: int,
    rules: OperationsRules,
    change: Callable[[Session], None],
) -> dict[str, Any]:
    """A director's change of the calendar (``change`` writes it, or refuses with a 4xx),
    audited with the calendar before and after; the calendar after."""
    with db.transaction() as session:
        centre_for(session, actor, centre_id, Permission.OPERATIONS_MANAGE)
        before = _calendar_view(session, centre_id, rules)
        change(session)
        session.flush()
        after = _calendar_view(session, centre_id, rules)
        audit.record(
            session, actor, "update", "ops_calendar", centre_id, before=before, after=after
        )
        return after


def set_hours(
    db: Database,
    actor: Principal,
    centre_id: int,
    data: HoursData,
    *,
    rules: OperationsRules = DEFAULT_RULES,
) -> dict[str, Any]:
    """The director sets the opening hours and weekdays; the closure days stay as they are."""

    def change(session: Session) -> None:
        _write_hours(session, centre_id, data.opens, data.closes, data.weekdays)

    return _change_calendar(db, actor, centre_id, rules, change)


def add_closure(
    db: Database,
    actor: Principal,
    centre_id: int,
    data: ClosureData,
    *,
    rules: OperationsRules = DEFAULT_RULES,
) -> dict[str, Any]:
    """The director adds one closure day (a day the centre does not open, beyond its weekdays
    and the country's public holidays), with its reason; a day already closed is refused."""

    def change(session: Session) -> None:
        taken = session.scalar(
            sa.select(Closure.day).where(Closure.centre_id == centre_id, Closure.day == data.day)
        )
        if taken is not None:
            raise InputError(f"{data.day.isoformat()} is already a closure day")
        session.add(Closure(centre_id=centre_id, day=data.day, reason=data.reason))

    return _change_calendar(db, actor, centre_id, rules, change)


def remove_closure(
    db: Database,
    actor: Principal,
    centre_id: int,
    day: dt.date,
    *,
    rules: OperationsRules = DEFAULT_RULES,
) -> dict[str, Any]:
    """The director removes one closure day (the centre opens that day after all)."""

    def change(session: Session) -> None:
        gone = session.execute(
            sa.delete(Closure).where(Closure.centre_id == centre_id, Closure.day == day)
        )
        if not gone.rowcount:  # type: ignore[attr-defined]
            raise NotFoundError(f"no closure on {day.isoformat()}")

    return _change_calendar(db, actor, centre_id, rules, change)


def set_calendar(
    db: Database,
    actor: Principal,
    centre_id: int,
    data: CalendarData,
    *,
    rules: OperationsRules = DEFAULT_RULES,
) -> dict[str, Any]:
    """The director sets the opening hours, weekdays and closures (closures replaced)."""
    if not data.opens < data.closes:
        raise InputError("a centre opens before it closes")
    if len({c.day for c in data.closures}) != len(data.closures):
        raise InputError("each closure day once")

    def change(session: Session) -> None:
        _write_hours(session, centre_id, data.opens, data.closes, data.weekdays)
        session.execute(sa.delete(Closure).where(Closure.centre_id == centre_id))
        session.add_all(
            Closure(centre_id=centre_id, day=c.day, reason=c.reason) for c in data.closures
        )

    return _change_calendar(db, actor, centre_id, rules, change)
