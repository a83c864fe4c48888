"""The network's operations indicators (attendance, ratio breaches per 1,000 room-hours, drills
on time, incidents per 1,000 child-days) by state, centre or week, for the caller's scope
(coordinators: their state; planners: all). Each past centre-day is summarised once from its
events and cached (``ops_day_summaries``; a late event for that day deletes its summary)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any, Literal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from redceci.errors import InputError
from redceci.operations.drills import drill_status, on_time_share
from redceci.operations.events import EventKind
from redceci.operations.incidents import Severity, escalations_due, fold
from redceci.operations.indicators import DaySummary, aggregate, grouped
from redceci.operations.parameters import DEFAULT_RULES, OperationsRules
from redceci.operations.ratios import RatioTimeline
from redceci.operations.state import Presence, replay
from redceci.platform.access import Permission, Principal
from redceci.store.base import utcnow
from redceci.store.db import Database
from redceci.store.enrolment.models import EnrolmentRoom
from redceci.store.operations.inputs import local_day
from redceci.store.operations.models import DaySummaryRow, EventRow
from redceci.store.operations.roster import as_event, calendar_of, day_events, day_roster
from redceci.store.platform.models import Centre

Grouping = Literal["state", "centre", "week"]
#: Longest period one request may cover (days).
MAX_SPAN_DAYS = 366


def summarise(
    session: Session, centre: Centre, day: dt.date, tz: ZoneInfo, rules: OperationsRules
) -> DaySummary:
    """One centre-day from its events."""
    roster = day_roster(session, centre.id, day, tz)
    events = day_events(session, centre.id, day, rules)
    timeline = RatioTimeline(roster, rules.ratios)
    state = replay(roster, events, observe=timeline)
    closes = dt.datetime.combine(day, calendar_of(session, centre.id, rules).closes, tzinfo=tz)
    end = max(closes, state.last_time) if state.last_time else closes
    timeline.close(end)
    incidents = [i for i in fold(events) if local_day(i.occurred_at, tz) == day]
    return DaySummary(
        centre_id=centre.id,
        state_code=centre.state_code,
        day=day,
        enrolled=len(roster.children),
        present=sum(1 for c in state.children.values() if c.arrived_at is not None),
        refused=sum(1 for c in state.children.values() if c.state is Presence.REFUSED),
        notified=sum(1 for c in state.children.values() if c.state is Presence.NOTIFIED),
        room_minutes=round(sum(timeline.room_minutes.values()), 2),
        breach_minutes=round(sum(timeline.breach_minutes.values()), 2),
        breaches=sum(timeline.episodes.values()),
        incidents=len(incidents),
        drills=sum(1 for r in state.roll_calls.values() if r.drill),
    )


def _row(s: DaySummary) -> DaySummaryRow:
    return DaySummaryRow(
        centre_id=s.centre_id,
        day=s.day,
        enrolled=s.enrolled,
        present=s.present,
        refused=s.refused,
        notified=s.notified,
        room_minutes=s.room_minutes,
        breach_minutes=s.breach_minutes,
        breaches=s.breaches,
        incidents=s.incidents,
        drills=s.drills,
    )


def _summary(row: DaySummaryRow, state_code: str) -> DaySummary:
    return DaySummary(
        row.centre_id,
        state_code,
        row.day,
        row.enrolled,
        row.present,
        row.refused,
        row.notified,
        row.room_minutes,
        row.breach_minutes,
        row.breaches,
        row.incidents,
        row.drills,
    )


def _centres(session: Session, actor: Principal, state: str | None) -> list[Centre]:
    scope = actor.require(Permission.OPERATIONS_NETWORK)
    query = sa.select(Centre).where(Centre.id.in_(sa.select(EnrolmentRoom.centre_id).distinct()))
    if state is not None:
        query = query.where(Centre.state_code == state)
    out = []
    for c in session.scalars(query.order_by(Centre.id)):
        if scope.national or c.state_code in scope.states or c.id in scope.centres:
            out.append(c)
    return out


def day_summaries(
    db: Database,
    centres: list[Centre],
    start: dt.date,
    end: dt.date,
    *,
    tz: ZoneInfo,
    rules: OperationsRules,
    today: dt.date,
) -> list[DaySummary]:
    """Summaries of the centres' open days in ``[start, end]``: cached ones read, missing past
    ones computed and cached, today's computed fresh."""
    out: list[DaySummary] = []
    with db.transaction() as session:
        ids = [c.id for c in centres]
        cached = {
            (r.centre_id, r.day): r
            for r in session.scalars(
                sa.select(DaySummaryRow).where(
                    DaySummaryRow.centre_id.in_(ids),
                    DaySummaryRow.day >= start,
                    DaySummaryRow.day <= end,
                )
            )
        }
        for centre in centres:
            cal = calendar_of(session, centre.id, rules)
            for day in cal.open_days(start, min(end, today)):
                row = cached.get((centre.id, day))
                if row is not None:
                    out.append(_summary(row, centre.state_code))
                    continue
                s = summarise(session, centre, day, tz, rules)
                out.append(s)
                if day < today:
                    try:
                        with session.begin_nested():
                            session.add(_row(s))
                    except IntegrityError:  # another reader cached it first
                        pass
    return out


def _drill_dates(session: Session, centre_ids: list[int]) -> dict[int, list[dt.date]]:
    rows = session.execute(
        sa.select(EventRow.centre_id, EventRow.day, EventRow.data).where(
            EventRow.centre_id.in_(centre_ids),
            EventRow.kind == EventKind.ROLL_CALL_START,
            EventRow.status == "stored",
        )
    ).all()
    out: dict[int, list[dt.date]] = {c: [] for c in centre_ids}
    for c, day, data in rows:
        if data.get("drill", True):
            out[c].append(day)
    return out


def _serious(
    session: Session,
    centres: list[Centre],
    start: dt.date,
    end: dt.date,
    now: dt.datetime,
    rules: OperationsRules,
) -> list[dict[str, Any]]:
    """Serious incidents of the period (the state and the network must be told within the
    rule's hours): where, when, acknowledged, and what is still due (no names)."""
    names = {c.id: (c.name, c.state_code) for c in centres}
    rows = session.scalars(
        sa.select(EventRow).where(
            EventRow.centre_id.in_(list(names)),
            EventRow.kind.in_([EventKind.INCIDENT, EventKind.INCIDENT_ACK]),
            EventRow.status == "stored",
            EventRow.day >= start,
            EventRow.day <= end,
        )
    ).all()
    by_centre: dict[int, list[EventRow]] = {}
    for r in rows:
        by_centre.setdefault(r.centre_id, []).append(r)
    out = []
    for centre_id, found in by_centre.items():
        for inc in fold(as_event(r) for r in found):
            if inc.severity is not Severity.SERIOUS:
                continue
            out.append(
                {
                    "centre_id": centre_id,
                    "centre": names[centre_id][0],
                    "state_code": names[centre_id][1],
                    "incident_id": inc.id,
                    "occurred_at": inc.occurred_at.isoformat(),
                    "version": inc.version,
                    "acknowledged": inc.acknowledged_latest,
                    "due": [
                        {"to": d.to, "deadline": d.deadline.isoformat(), "overdue": d.overdue}
                        for d in escalations_due(inc, now, rules.incidents)
                        if d.to in ("state", "network")
                    ],
                }
            )
    return sorted(out, key=lambda i: i["occurred_at"], reverse=True)


def indicators(
    db: Database,
    actor: Principal,
    *,
    by: Grouping = "state",
    start: dt.date | None = None,
    end: dt.date | None = None,
    state: str | None = None,
    tz: ZoneInfo,
    rules: OperationsRules = DEFAULT_RULES,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """The indicators per group over ``[start, end]`` (default: the last 28 days), the total,
    and each centre's position and drill status for the map."""
    now = now or utcnow()
    today = local_day(now, tz)
    end = end or today
    start = start or end - dt.timedelta(days=27)
    if start > end:
        raise InputError("the period starts after it ends")
    if (end - start).days > MAX_SPAN_DAYS:
        raise InputError(f"a period covers at most {MAX_SPAN_DAYS} days")
    with db.reading() as session:
        centres = _centres(session, actor, state)
        drill_days = _drill_dates(session, [c.id for c in centres])
        serious = _serious(session, centres, start, end, now, rules)
    days = day_summaries(db, centres, start, end, tz=tz, rules=rules, today=today)
    shares = {
        c.id: on_time_share(drill_days[c.id], start, min(end, today), rules.drills) for c in centres
    }
    drills: dict[str, tuple[int, int]] = {}
    for c in centres:
        key = {"state": c.state_code, "centre": str(c.id), "week": ""}[by]
        a, b = drills.get(key, (0, 0))
        drills[key] = (a + shares[c.id][0], b + shares[c.id][1])
    total = (sum(a for a, _ in shares.values()), sum(b for _, b in shares.values()))
    per_centre = {g.key: g for g in grouped(days, "centre")}
    return {
        "by": by,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "groups": [asdict(g) for g in grouped(days, by, drills)],
        "total": asdict(aggregate("total", days, total)),
        "serious_incidents": serious,
        "centres": [
            {
                "centre_id": c.id,
                "code": c.code,
                "name": c.name,
                "state_code": c.state_code,
                "lat": c.lat,
                "lon": c.lon,
                "attendance_rate": per_centre[str(c.id)].attendance_rate
                if str(c.id) in per_centre
                else None,
                "drill_overdue": drill_status(
                    drill_days[c.id], today, rules.drills, since=min(c.status_since, today)
                ).overdue,
            }
            for c in centres
        ],
    }
