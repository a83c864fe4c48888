"""What the centre sees now, derived from the day's events: a room for the staff tablet, the
director's live board (ratios and colours, alerts, today's incidents, conflicts, drill status,
late pick-ups) and the roll-call of a drill or evacuation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from redceci.errors import NotFoundError
from redceci.operations.drills import drill_status
from redceci.operations.events import EventKind
from redceci.operations.incidents import escalations_due, fold
from redceci.operations.parameters import DEFAULT_RULES, OperationsRules
from redceci.operations.pickup import late_pickups
from redceci.operations.ratios import RoomRatio, room_ratios
from redceci.operations.state import Presence, RollCall
from redceci.platform.access import Permission, Principal
from redceci.store.base import utcnow
from redceci.store.db import Database
from redceci.store.enrolment.models import AuthorisedPerson, Child, Guardian
from redceci.store.operations.memory import centre_memory
from redceci.store.operations.models import EventRow, StaffMember
from redceci.store.operations.pickup import person_view
from redceci.store.operations.recall import today
from redceci.store.operations.roster import (
    calendar_of,
    centre_for_any,
    health_filter,
)
from redceci.store.platform.models import Centre


@cache
def _names_statement() -> Any:
    """``_names``' statement (built once; parameters ``kids`` and ``centre``)."""
    child, staff = Child.__table__.c, StaffMember.__table__.c
    return sa.union_all(
        sa.select(sa.literal_column("'child'").label("what"), child.id, child.name).where(
            child.id.in_(sa.bindparam("kids", expanding=True))
        ),
        sa.select(sa.literal_column("'staff'"), staff.id, staff.name).where(
            staff.centre_id == sa.bindparam("centre", type_=sa.Integer)
        ),
    )


def _names(
    session: Session, centre_id: int, ids: Iterable[int]
) -> tuple[dict[int, str], dict[int, str]]:
    """In one query: the names of the children ``ids`` and of the centre's adults."""
    rows = (
        session.connection()
        .execute(_names_statement(), {"kids": list(ids), "centre": centre_id})
        .all()
    )
    children = {int(i): str(n) for what, i, n in rows if what == "child"}
    return children, {int(i): str(n) for what, i, n in rows if what == "staff"}


def _iso(t: dt.datetime | None) -> str | None:
    return t.isoformat() if t else None


def _initials(name: str) -> str:
    return "".join(p[0] for p in name.split()[:2]).upper()


def _ratio(r: RoomRatio, children: dict[int, str], staff: dict[int, str]) -> dict[str, Any]:
    return {
        "room_id": r.room_id,
        "name": r.name,
        "colour": str(r.colour),
        "reason": r.reason,
        "children_present": len(r.children),
        "staff_present": len(r.staff),
        "staff_needed": r.needed,
        "children": [{"child_id": c, "name": children.get(c, "")} for c in r.children],
        "staff": [{"staff_id": s, "name": staff.get(s, "")} for s in r.staff],
        "projection": {"colour": str(r.projection.colour), "at": _iso(r.projection.at)},
    }


def _pickup_people(session: Session, child_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Who may take each child: its guardians and the family's authorised persons."""
    if not child_ids:
        return {}
    families = dict(
        session.execute(sa.select(Child.id, Child.family_id).where(Child.id.in_(child_ids))).all()
    )
    fams = set(families.values())
    people: dict[int, list[dict[str, Any]]] = {f: [] for f in fams}
    for g in session.scalars(sa.select(Guardian).where(Guardian.family_id.in_(fams))):
        people[g.family_id].append(
            {"kind": "guardian", "guardian_id": g.id, "name": g.name, "relation": "tutor"}
        )
    for a in session.scalars(
        sa.select(AuthorisedPerson).where(AuthorisedPerson.family_id.in_(fams))
    ):
        people[a.family_id].append({"kind": "authorised"} | person_view(a))
    return {c: people[f] for c, f in families.items()}


def room_view(
    db: Database,
    actor: Principal,
    centre_id: int,
    room_id: int,
    *,
    tz: ZoneInfo,
    rules: OperationsRules = DEFAULT_RULES,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """The staff tablet's room: each child's state today with who may pick them up, the
    adults, the ratio, and the exclusion list of the health filter."""
    now = now or utcnow()
    with centre_memory(db, centre_id, forget_on_error=False) as memory, db.reading() as session:
        centre_for_any(session, actor, centre_id, Permission.OPERATIONS_RECORD)
        with today(memory, session, centre_id, tz=tz, rules=rules, now=now) as (
            roster,
            state,
            _,
            _events,
        ):
            if room_id not in roster.rooms:
                raise NotFoundError(f"no room {room_id} at centre {centre_id}")
            kids = sorted(c for c, r in roster.children.items() if r == room_id)
            names, staff = _names(session, centre_id, kids)
            pickup = _pickup_people(session, kids)
            ratio = next(
                r for r in room_ratios(state, roster, now, rules.ratios) if r.room_id == room_id
            )
            flt = health_filter(session, centre_id, rules)
            return {
                "centre_id": centre_id,
                "room_id": room_id,
                "name": roster.rooms[room_id],
                "ratio": _ratio(ratio, names, staff),
                "children": [
                    {
                        "child_id": c,
                        "name": names.get(c, ""),
                        "initials": _initials(names.get(c, "")),
                        "state": str(state.children[c].state),
                        "arrived_at": _iso(state.children[c].arrived_at),
                        "left_at": _iso(state.children[c].left_at),
                        "refusal": state.children[c].refusal,
                        "pickup": pickup.get(c, []),
                    }
                    for c in sorted(kids, key=lambda c: names.get(c, ""))
                ],
                "staff": [
                    {
                        "staff_id": s,
                        "name": staff.get(s, ""),
                        "state": "present" if d.present and d.room_id == room_id else "away",
                        "room_id": d.room_id,
                        "counts_in_ratio": roster.staff.get(s, True),
                    }
                    for s, d in sorted(state.staff.items(), key=lambda kv: staff.get(kv[0], ""))
                ],
                "exclusion_rules": [
                    {"code": r.code, "label_es": r.label_es, "label_en": r.label_en}
                    for r in flt.rules
                ],
            }


def _roll_call_view(
    rc: RollCall, children: dict[int, str], staff: dict[int, str], rooms: dict[int, str]
) -> dict[str, Any]:
    def person(kind: str, pid: int, room: int | None) -> dict[str, Any]:
        safe = rc.safe.get((kind, pid))
        return {
            "kind": kind,
            "id": pid,
            "name": (children if kind == "child" else staff).get(pid, ""),
            "room_id": room,
            "room": rooms.get(room, "") if room is not None else "",
            "safe": safe is not None,
            "safe_at": _iso(safe),
        }

    people = [person("child", c, r) for c, r in rc.children.items()]
    people += [person("staff", s, r) for s, r in rc.staff.items()]
    people.sort(key=lambda p: (p["safe"], p["room"], p["kind"], p["name"]))
    return {
        "roll_call_id": rc.id,
        "drill": rc.drill,
        "hypothesis": rc.hypothesis,
        "started_at": _iso(rc.started_at),
        "all_safe_at": _iso(rc.all_safe_at),
        "ended_at": _iso(rc.ended_at),
        "minutes_to_safe": round((rc.all_safe_at - rc.started_at).total_seconds() / 60, 2)
        if rc.all_safe_at
        else None,
        "total": len(rc.people),
        "unaccounted": len(rc.unaccounted),
        "people": people,  # the unaccounted first
    }


def roll_call(
    db: Database,
    actor: Principal,
    centre_id: int,
    roll_call_id: int | None = None,
    *,
    tz: ZoneInfo,
    rules: OperationsRules = DEFAULT_RULES,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Today's roll-call (the open one by default): exactly who was present when it started,
    room by room, the unaccounted first, with the times marked safe."""
    now = now or utcnow()
    with centre_memory(db, centre_id, forget_on_error=False) as memory, db.reading() as session:
        centre_for_any(
            session, actor, centre_id, Permission.OPERATIONS_RECORD, Permission.OPERATIONS_BOARD
        )
        with today(memory, session, centre_id, tz=tz, rules=rules, now=now) as (
            roster,
            state,
            _,
            stored,
        ):
            if roll_call_id is None:
                rc = state.active_roll_call() or (
                    list(state.roll_calls.values())[-1] if state.roll_calls else None
                )
            else:
                rc = state.roll_calls.get(roll_call_id)
            if rc is None:
                raise NotFoundError(
                    "no roll-call today"
                    if roll_call_id is None
                    else f"no roll-call {roll_call_id} today"
                )
            view = _roll_call_view(rc, *_names(session, centre_id, rc.children), dict(roster.rooms))
            # the start's idempotency key: a device that started it offline recognises it
            view["key"] = next((e.key for e in stored if e.seq == rc.id), None)
            return view


def presence(
    db: Database,
    actor: Principal,
    centre_id: int,
    *,
    tz: ZoneInfo,
    rules: OperationsRules = DEFAULT_RULES,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Who is present now, room by room: every child of today's roster (``present`` or not,
    with its room) and every adult (``room_id`` while clocked in), as of ``at``. The roll-call
    page keeps it so a device can start a roll-call offline from the last known presence."""
    now = now or utcnow()
    with centre_memory(db, centre_id, forget_on_error=False) as memory, db.reading() as session:
        centre_for_any(session, actor, centre_id, Permission.OPERATIONS_RECORD)
        with today(memory, session, centre_id, tz=tz, rules=rules, now=now) as (
            roster,
            state,
            _,
            _events,
        ):
            names, staff = _names(session, centre_id, roster.children)
            return {
                "at": _iso(now),
                "rooms": [{"room_id": r, "name": n} for r, n in roster.rooms.items()],
                "children": [
                    {
                        "id": c,
                        "name": names.get(c, ""),
                        "room_id": room,
                        "present": state.children[c].state is Presence.PRESENT,
                    }
                    for c, room in sorted(roster.children.items())
                ],
                "staff": [
                    {
                        "id": s,
                        "name": staff.get(s, ""),
                        "room_id": d.room_id if d.present else None,
                    }
                    for s, d in sorted(state.staff.items())
                ],
            }


def _drills(
    session: Session, centre: Centre, today: dt.date, rules: OperationsRules
) -> dict[str, Any]:
    days = session.execute(
        sa.select(EventRow.day, EventRow.data).where(
            EventRow.centre_id == centre.id,
            EventRow.kind == EventKind.ROLL_CALL_START,
            EventRow.status == "stored",
        )
    ).all()
    drills = [d for d, data in days if data.get("drill", True)]
    since = centre.status_since or today
    status = drill_status(drills, today, rules.drills, since=min(since, today))
    return {
        "last": status.last.isoformat() if status.last else None,
        "next_due": status.next_due.isoformat(),
        "overdue": status.overdue,
        "days_overdue": status.days_overdue,
        "interval_days": rules.drills.interval_days,
        "source": rules.drills.source,
    }


def board(
    db: Database,
    actor: Principal,
    centre_id: int,
    *,
    tz: ZoneInfo,
    rules: OperationsRules = DEFAULT_RULES,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """The director's live board."""
    now = now or utcnow()
    with centre_memory(db, centre_id, forget_on_error=False) as memory, db.reading() as session:
        centre = centre_for_any(session, actor, centre_id, Permission.OPERATIONS_BOARD)
        with today(memory, session, centre_id, tz=tz, rules=rules, now=now) as (
            roster,
            state,
            day,
            stored,
        ):
            names, staff = _names(session, centre_id, roster.children)
            ratios = room_ratios(state, roster, now, rules.ratios)
            alerts: list[dict[str, Any]] = []
            for r in ratios:
                if r.colour != "green":
                    alerts.append(
                        {
                            "kind": "ratio",
                            "level": str(r.colour),
                            "room_id": r.room_id,
                            "message": f"{r.name}: {r.reason}",
                        }
                    )
            calendar = calendar_of(session, centre_id, rules)
            closing = dt.datetime.combine(day, calendar.closes, tzinfo=tz)
            late = late_pickups(state.present_children(), closing, now, rules.pickup)
            for lp in late:
                alerts.append(
                    {
                        "kind": "late_pickup",
                        "level": str(lp.level),
                        "child_id": lp.child_id,
                        "message": f"{names.get(lp.child_id, lp.child_id)}: "
                        f"{lp.minutes_late} min after closing ({lp.level})",
                    }
                )
            incidents = fold(
                [e for e in stored if e.kind in (EventKind.INCIDENT, EventKind.INCIDENT_ACK)]
            )
            for inc in incidents:
                for due in escalations_due(inc, now, rules.incidents):
                    if due.overdue or due.to in ("director", "state", "network"):
                        alerts.append(
                            {
                                "kind": "incident",
                                "level": "red" if due.overdue else "amber",
                                "message": f"incident {inc.id}: inform {due.to} by "
                                f"{due.deadline.astimezone(tz).strftime('%H:%M')}",
                            }
                        )
            conflicts = (
                session.execute(
                    sa.select(EventRow)
                    .where(
                        EventRow.centre_id == centre_id,
                        EventRow.day == day,
                        EventRow.status == "conflict",
                    )
                    .order_by(EventRow.id)
                )
                .scalars()
                .all()
            )
            drill = _drills(session, centre, day, rules)
            if drill["overdue"]:
                alerts.append(
                    {
                        "kind": "drill",
                        "level": "amber",
                        "message": f"drill overdue by {drill['days_overdue']} days",
                    }
                )
            active = state.active_roll_call()
            counts = {str(p): 0 for p in Presence}
            for c in state.children.values():
                counts[str(c.state)] += 1
            pickup_refusals = [e for e in stored if e.kind == EventKind.PICKUP_REFUSED]
            return {
                "centre_id": centre_id,
                "centre": centre.name,
                "date": day.isoformat(),
                "now": now.isoformat(),
                "counts": counts,
                "rooms": [_ratio(r, names, staff) for r in ratios],
                "alerts": alerts,
                "incidents_today": [
                    {
                        "id": i.id,
                        "child_id": i.child_id,
                        "child": names.get(i.child_id or 0, ""),
                        "severity": str(i.severity),
                        "category": str(i.category),
                        "what": i.data.get("what", ""),
                        "where": i.data.get("where", ""),
                        "occurred_at": _iso(i.occurred_at),
                        "version": i.version,
                        "acknowledged": i.acknowledged_latest,
                    }
                    for i in incidents
                ],
                "conflicts": [
                    {
                        "event_id": c.id,
                        "kind": str(c.kind),
                        "child_id": c.child_id,
                        "child": names.get(c.child_id or 0, ""),
                        "staff_id": c.staff_id,
                        "staff": staff.get(c.staff_id or 0, ""),
                        "device_time": _iso(c.device_time),
                        "reason": c.reason,
                    }
                    for c in conflicts
                ],
                "pickup_refusals": [
                    {
                        "event_id": p.seq,
                        "child_id": p.child_id,
                        "child": names.get(p.child_id or 0, ""),
                        "person_name": p.data.get("person_name", ""),
                        "reason": p.data.get("reason", ""),
                        "device_time": _iso(p.device_time),
                    }
                    for p in pickup_refusals
                ],
                "late_pickups": [
                    {
                        "child_id": lp.child_id,
                        "minutes_late": lp.minutes_late,
                        "level": str(lp.level),
                    }
                    for lp in late
                ],
                "drill": drill,
                "roll_call": _roll_call_view(active, names, staff, dict(roster.rooms))
                if active
                else None,
            }
