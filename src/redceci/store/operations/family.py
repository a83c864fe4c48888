"""What a guardian sees and does for their own child: today's (or any day's) report, messages
with the centre, incidents to acknowledge, who may pick the child up, and one-time pick-up
codes (the code is shown once; only its hash is kept). Staff of the child's centre read the
same reports and messages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from redceci.errors import (
    ConflictError,
    EventRejectedError,
    NotFoundError,
    PermissionDeniedError,
)
from redceci.operations.daily import daily_report, eaten_share
from redceci.operations.events import EventKind, Status, in_order, voided
from redceci.operations.incidents import fold
from redceci.operations.parameters import DEFAULT_RULES, OperationsRules
from redceci.operations.pickup import code_hash, new_code
from redceci.platform.access import Permission, Principal
from redceci.platform.validation import clean_text
from redceci.store.base import utcnow
from redceci.store.db import Database
from redceci.store.enrolment.models import Child, Family
from redceci.store.fields import PlausibleDate, Text300
from redceci.store.operations.events import guardian_event
from redceci.store.operations.inputs import EventIn, Key
from redceci.store.operations.models import EventRow, PickupCode
from redceci.store.operations.pickup import person_view
from redceci.store.operations.roster import as_event, child_centre, covers_centre, day_events
from redceci.store.platform import audit
from redceci.store.platform.models import Centre

#: Who reads a child's day besides its guardians.
CENTRE_READERS = (Permission.OPERATIONS_RECORD, Permission.OPERATIONS_BOARD)


def child_reader(session: Session, actor: Principal, child_id: int) -> tuple[Child, Family, int]:
    """The child if the caller is its guardian or works at (or oversees) its centre."""
    perms = (Permission.OPERATIONS_FAMILY, *CENTRE_READERS)
    if not any(actor.can(p) for p in perms):
        raise PermissionDeniedError(f"your roles do not allow {Permission.OPERATIONS_FAMILY}")
    child, family, centre_id = child_centre(session, child_id)
    if centre_id is not None:
        if actor.can(Permission.OPERATIONS_FAMILY):
            scope = actor.scope(Permission.OPERATIONS_FAMILY)
            if scope.national or family.ref in scope.families:
                return child, family, centre_id
        centre = session.get(Centre, centre_id)
        assert centre is not None
        for p in CENTRE_READERS:
            if actor.can(p) and covers_centre(actor.scope(p), centre):
                return child, family, centre_id
    raise NotFoundError(f"no child {child_id}")


def report(
    db: Database,
    actor: Principal,
    child_id: int,
    day: dt.date,
    *,
    tz: ZoneInfo,
    rules: OperationsRules = DEFAULT_RULES,
) -> dict[str, Any]:
    """A child's day: arrival and departure, meals and how much was eaten, naps, nappies,
    activities, notes, incidents and the day's messages."""
    with db.reading() as session:
        child, _, centre_id = child_reader(session, actor, child_id)
        events = [e for e in day_events(session, centre_id, day, rules) if e.child_id == child_id]
        void = voided(events)
        live = [e for e in in_order(events) if e.seq not in void]
        r = daily_report(child_id, day, live)
        incidents = fold(
            as_event(row)
            for row in session.scalars(
                sa.select(EventRow).where(
                    EventRow.centre_id == centre_id,
                    EventRow.kind.in_([EventKind.INCIDENT, EventKind.INCIDENT_ACK]),
                    EventRow.status == "stored",
                    EventRow.child_id == child_id,
                    EventRow.day == day,
                )
            )
        )
        return {
            "child_id": child_id,
            "name": child.name,
            "date": day.isoformat(),
            "arrived_at": r.arrived_at.isoformat() if r.arrived_at else None,
            "left_at": r.left_at.isoformat() if r.left_at else None,
            "picked_up_by": r.picked_up_by,
            "refused": r.refused,
            "absence_notified": r.absent_notified,
            "meals": r.meals,
            "eaten": eaten_share(r),
            "naps": r.naps,
            "nappies": r.nappies,
            "activities": r.activities,
            "notes": r.notes,
            "incidents": [_incident(i) for i in incidents],
            "messages": [
                {
                    "at": e.device_time.isoformat(),
                    "from": e.data.get("from"),
                    "text": e.data["text"],
                }
                for e in live
                if e.kind == EventKind.MESSAGE
            ],
        }


def _incident(i: Any) -> dict[str, Any]:
    return {
        "id": i.id,
        "severity": str(i.severity),
        "version": i.version,
        "occurred_at": i.occurred_at.isoformat(),
        "acknowledged": i.acknowledged_latest,
        **{k: v for k, v in i.data.items() if k not in ("incident_id",)},
    }


def messages(
    db: Database, actor: Principal, child_id: int, *, days: int = 30, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """The child's messages of the last ``days`` days, oldest first."""
    now = now or utcnow()
    with db.reading() as session:
        _, _, centre_id = child_reader(session, actor, child_id)
        rows = session.scalars(
            sa.select(EventRow)
            .where(
                EventRow.centre_id == centre_id,
                EventRow.child_id == child_id,
                EventRow.kind == EventKind.MESSAGE,
                EventRow.status == "stored",
                EventRow.day >= (now - dt.timedelta(days=days)).date(),
            )
            .order_by(EventRow.device_time, EventRow.id)
        ).all()
        return [
            {
                "event_id": r.id,
                "at": r.device_time.isoformat(),
                "from": r.data.get("from"),
                "text": r.data.get("text"),
            }
            for r in rows
        ]


def incidents(db: Database, actor: Principal, child_id: int) -> list[dict[str, Any]]:
    """Every incident of the child, latest version, with its acknowledgement."""
    with db.reading() as session:
        _, _, centre_id = child_reader(session, actor, child_id)
        rows = session.scalars(
            sa.select(EventRow).where(
                EventRow.centre_id == centre_id,
                EventRow.kind.in_([EventKind.INCIDENT, EventKind.INCIDENT_ACK]),
                EventRow.status == "stored",
                EventRow.child_id == child_id,
            )
        )
        return [_incident(i) for i in fold(as_event(r) for r in rows)]


def pickup_people(db: Database, actor: Principal, child_id: int) -> dict[str, Any]:
    """The child's guardians and authorised persons, and the codes issued (never the code)."""
    with db.reading() as session:
        child, family, _ = child_reader(session, actor, child_id)
        codes = session.scalars(
            sa.select(PickupCode)
            .where(PickupCode.child_id == child_id)
            .order_by(PickupCode.id.desc())
            .limit(20)
        ).all()
        return {
            "child_id": child.id,
            "guardians": [{"guardian_id": g.id, "name": g.name} for g in family.guardians],
            "authorised": [person_view(a) for a in family.authorised],
            "codes": [
                {
                    "id": c.id,
                    "person_name": c.person_name,
                    "expires_at": c.expires_at.isoformat(),
                    "used_at": c.used_at.isoformat() if c.used_at else None,
                }
                for c in codes
            ],
        }


def issue_code(
    db: Database,
    actor: Principal,
    child_id: int,
    person_name: str,
    identification: str = "",
    *,
    rules: OperationsRules = DEFAULT_RULES,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """A guardian issues a one-time code for one named person; the code is returned once."""
    now = now or utcnow()
    with db.transaction() as session:
        scope = actor.require(Permission.OPERATIONS_FAMILY)
        child, family, centre_id = child_centre(session, child_id)
        if not (scope.national or family.ref in scope.families) or centre_id is None:
            raise NotFoundError(f"no child {child_id}")
        code = new_code(rules.pickup)
        row = PickupCode(
            child_id=child.id,
            code_hash=code_hash(child.id, code),
            person_name=person_name,
            identification=identification,
            issued_by=actor.user_id,
            issued_at=now,
            expires_at=now + dt.timedelta(hours=rules.pickup.code_valid_hours),
        )
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor,
            "create",
            "pickup_code",
            row.id,
            after={"child_id": child.id, "person_name": person_name},
        )
        return {
            "id": row.id,
            "child_id": child.id,
            "code": code,
            "person_name": person_name,
            "expires_at": row.expires_at.isoformat(),
        }


class AbsenceData(BaseModel):
    """A guardian's notice that the child will not come from ``first_day`` to ``until``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    first_day: PlausibleDate
    until: PlausibleDate | None = None
    note: Text300 = ""
    idempotency_key: Key | None = None


class MessageData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: Annotated[str, Field(min_length=1, max_length=300), AfterValidator(clean_text)]
    idempotency_key: Key | None = None


def _send(
    db: Database,
    actor: Principal,
    child_id: int,
    kind: EventKind,
    key: str | None,
    tz: ZoneInfo,
    rules: OperationsRules,
    now: dt.datetime | None,
    **fields: Any,
) -> dict[str, Any]:
    now = now or utcnow()
    event = EventIn(
        idempotency_key=key or uuid.uuid4().hex,
        kind=kind,
        device_time=now,
        child_id=child_id,
        **fields,
    )
    result = guardian_event(db, actor, child_id, event, tz=tz, rules=rules, now=now)
    if result.status is Status.REJECTED:
        raise EventRejectedError(result.reason, logged=result.logged)
    if result.status is Status.CONFLICT:
        raise ConflictError(result.reason)
    return result.as_dict()


def notify_absence(
    db: Database,
    actor: Principal,
    child_id: int,
    data: AbsenceData,
    *,
    tz: ZoneInfo,
    rules: OperationsRules = DEFAULT_RULES,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """A guardian notifies an absence ahead (it feeds the kitchen's count)."""
    return _send(
        db,
        actor,
        child_id,
        EventKind.ABSENCE_NOTICE,
        data.idempotency_key,
        tz,
        rules,
        now,
        first_day=data.first_day,
        until=data.until,
        note=data.note or None,
    )


def send_message(
    db: Database,
    actor: Principal,
    child_id: int,
    data: MessageData,
    *,
    tz: ZoneInfo,
    rules: OperationsRules = DEFAULT_RULES,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """A guardian writes to the centre about their child."""
    return _send(
        db,
        actor,
        child_id,
        EventKind.MESSAGE,
        data.idempotency_key,
        tz,
        rules,
        now,
        text=data.text,
    )


def acknowledge(
    db: Database,
    actor: Principal,
    child_id: int,
    incident_id: int,
    *,
    tz: ZoneInfo,
    rules: OperationsRules = DEFAULT_RULES,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """A guardian acknowledges the latest version of an incident about their child."""
    return _send(
        db,
        actor,
        child_id,
        EventKind.INCIDENT_ACK,
        None,
        tz,
        rules,
        now,
        incident_id=incident_id,
    )
