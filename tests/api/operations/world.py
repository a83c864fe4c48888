"""Operations data for the API tests: the matrix parent's child enrolled at centre A, a person
its family authorises to pick it up, an adult on its staff, today's roll-call and an incident
about the child; and the authorisation matrix's cases for the operations routes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from redceci.store.enrolment.models import AuthorisedPerson, Child, Enrolment
from redceci.store.operations import events, setup
from redceci.store.operations.inputs import EventIn
from redceci.store.operations.models import (
    CalendarRow,
    Closure,
    EventRow,
    ExclusionRuleRow,
    PickupCode,
    Shift,
    StaffMember,
)
from tests.api.enrolment.world import START, matrix_bits

#: Tables whose counts the matrix checks after every refused request.
OPERATIONS_TABLES = (
    EventRow,
    StaffMember,
    Shift,
    PickupCode,
    ExclusionRuleRow,
    CalendarRow,
    Closure,
)
TZ = ZoneInfo("America/Mexico_City")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def event(kind: str, **fields: Any) -> EventIn:
    return EventIn(
        idempotency_key=uuid.uuid4().hex,
        kind=kind,  # type: ignore[arg-type]
        device_time=fields.pop("device_time", now()),
        **fields,
    )


def ops_bits(w: Any) -> dict[str, int]:
    """Once per world: the parent's child enrolled at A, a staff member, a roll-call started
    today and an incident about the child."""
    cached: dict[str, int] | None = getattr(w, "ops_bits", None)
    if cached is not None:
        return cached
    bits = matrix_bits(w)
    admin = w.people["admin"]
    with w.db.transaction() as session:
        if (
            session.scalar(sa.select(Enrolment.id).where(Enrolment.child_id == bits["child"]))
            is None
        ):
            session.add(Enrolment(child_id=bits["child"], room_id=bits["maternales"], since=START))
        family_id = session.scalar(sa.select(Child.family_id).where(Child.id == bits["child"]))
        person = AuthorisedPerson(
            family_id=family_id,
            name="Abuela Matriz",
            relation="abuela",
            document_type="voter_id",
            identification="MATRIZ001",
        )
        session.add(person)
        session.flush()
        person_id = person.id
    staff = setup.add_staff(
        w.db, admin, w.centre_a, setup.StaffData(name="Educadora A", role="lead")
    )
    rc, inc = events.ingest(
        w.db,
        admin,
        w.centre_a,
        [
            event("roll_call_start", drill=True, hypothesis="sismo"),
            event(
                "incident",
                child_id=bits["child"],
                incident={"severity": "minor", "what": "Raspón", "where": "patio"},
            ),
        ],
        tz=TZ,
    )
    assert rc.event_id and inc.event_id, (rc, inc)
    w.ops_bits = {
        "child": bits["child"],
        "room": bits["maternales"],
        "staff": staff["staff_id"],
        "roll_call": rc.event_id,
        "incident": inc.event_id,
        "person": person_id,
    }
    return w.ops_bits


def closure_day(w: Any) -> dt.date:
    """A day no closure holds yet (one per call)."""
    return dt.date(2027, 1, 1) + dt.timedelta(days=int(w.serial()) % 360)


def closed_day(w: Any) -> dt.date:
    """A closure day of centre A, added for the request that removes it."""
    ops_bits(w)
    day = closure_day(w)
    setup.add_closure(
        w.db, w.people["admin"], w.centre_a, setup.ClosureData(day=day, reason="Inventario")
    )
    return day


def operations_cases(Case: Any, only: Any) -> dict[str, Any]:
    """The matrix's cases for the operations routes (``Case`` and ``only`` are the matrix's)."""
    record = only({"admin": 200, "director_a": 200, "medical_a": 200}, staff_b=404)
    watch = only(
        {
            "admin": 200,
            "planner": 200,
            "coord_nl": 200,
            "director_a": 200,
            "medical_a": 200,
        },
        coord_jal=404,
        staff_b=404,
    )
    board = only({"admin": 200, "planner": 200, "coord_nl": 200, "director_a": 200}, coord_jal=404)
    child_read = only(
        {
            "admin": 200,
            "planner": 200,
            "coord_nl": 200,
            "director_a": 200,
            "medical_a": 200,
            "parent": 200,
        },
        coord_jal=404,
        staff_b=404,
    )
    family = only({"admin": 201, "parent": 201})
    manage = only({"admin": 200, "director_a": 200})

    def centre(suffix: str) -> Any:
        return lambda w, who: (ops_bits(w), f"/api/operations/centres/{w.centre_a}{suffix}")[1]

    def child(suffix: str) -> Any:
        return lambda w, who: f"/api/operations/children/{ops_bits(w)['child']}{suffix}"

    c, ch = "/api/operations/centres/{centre_id}", "/api/operations/children/{child_id}"
    return {
        "ops-events": Case(
            "POST",
            c + "/events",
            centre("/events"),
            record,
            body=lambda w, who: {
                "events": [
                    {
                        "idempotency_key": uuid.uuid4().hex,
                        "kind": "message",
                        "device_time": now().isoformat(),
                        "child_id": ops_bits(w)["child"],
                        "text": f"Mensaje de {who}",
                    }
                ]
            },
        ),
        "ops-board": Case("GET", c + "/board", centre("/board"), board),
        "ops-room": Case(
            "GET",
            c + "/rooms/{room_id}",
            lambda w, who: f"/api/operations/centres/{w.centre_a}/rooms/{ops_bits(w)['room']}",
            record,
        ),
        "ops-roll-call": Case("GET", c + "/roll-call", centre("/roll-call"), watch),
        "ops-staff": Case("GET", c + "/staff", centre("/staff"), watch),
        "ops-add-staff": Case(
            "POST",
            c + "/staff",
            centre("/staff"),
            only({"admin": 201, "director_a": 201}),
            body=lambda w, who: {"name": f"Asistente {who}", "role": "assistant"},
        ),
        "ops-authorised": Case(
            "GET",
            c + "/authorised-persons",
            centre("/authorised-persons"),
            manage,
        ),
        "ops-photo-ref": Case(
            "PUT",
            c + "/authorised-persons/{person_id}/photo",
            lambda w, who: (
                f"/api/operations/centres/{w.centre_a}/authorised-persons/"
                f"{ops_bits(w)['person']}/photo"
            ),
            manage,
            body=lambda w, who: {"photo_ref": f"Expediente 7, foto {who}"},
        ),
        "ops-set-shifts": Case(
            "PUT",
            c + "/staff/{staff_id}/shifts",
            lambda w, who: (
                f"/api/operations/centres/{w.centre_a}/staff/{ops_bits(w)['staff']}/shifts"
            ),
            manage,
            body=lambda w, who: [{"weekday": 0, "starts": "07:00", "ends": "15:00"}],
        ),
        "ops-set-active": Case(
            "PUT",
            c + "/staff/{staff_id}/active",
            lambda w, who: (
                f"/api/operations/centres/{w.centre_a}/staff/{ops_bits(w)['staff']}/active"
            ),
            manage,
            body=lambda w, who: {"active": False},
        ),
        "ops-add-closure": Case(
            "POST",
            c + "/closures",
            centre("/closures"),
            only({"admin": 201, "director_a": 201}),
            body=lambda w, who: {"day": closure_day(w).isoformat(), "reason": "Fumigación"},
        ),
        "ops-remove-closure": Case(
            "DELETE",
            c + "/closures/{day}",
            lambda w, who: (
                f"/api/operations/centres/{w.centre_a}/closures/{closed_day(w).isoformat()}"
            ),
            manage,
        ),
        "ops-rules": Case("GET", c + "/exclusion-rules", centre("/exclusion-rules"), watch),
        "ops-set-rules": Case(
            "PUT",
            c + "/exclusion-rules",
            centre("/exclusion-rules"),
            only({"admin": 200, "medical_a": 200}),
            body=lambda w, who: [
                {
                    "code": "fever",
                    "label_es": "Fiebre",
                    "label_en": "Fever",
                    "min_temperature_c": 37.8,
                    "source": "centre's medical staff",
                }
            ],
        ),
        "ops-calendar": Case("GET", c + "/calendar", centre("/calendar"), watch),
        "ops-set-calendar": Case(
            "PUT",
            c + "/calendar",
            centre("/calendar"),
            manage,
            body=lambda w, who: {
                "opens": "07:30",
                "closes": "16:30",
                "weekdays": [0, 1, 2, 3, 4],
                "closures": [{"day": "2026-12-24", "reason": "Nochebuena"}],
            },
        ),
        "ops-report": Case("GET", ch + "/report", child("/report"), child_read),
        "ops-messages": Case("GET", ch + "/messages", child("/messages"), child_read),
        "ops-send-message": Case(
            "POST",
            ch + "/messages",
            child("/messages"),
            family,
            body=lambda w, who: {"text": "¿Comió bien hoy?"},
        ),
        "ops-absence": Case(
            "POST",
            ch + "/absences",
            child("/absences"),
            family,
            body=lambda w, who: {
                "first_day": (dt.datetime.now(TZ).date() + dt.timedelta(days=1)).isoformat()
            },
        ),
        "ops-incidents": Case("GET", ch + "/incidents", child("/incidents"), child_read),
        "ops-acknowledge": Case(
            "POST",
            ch + "/incidents/{incident_id}/acknowledgement",
            lambda w, who: (
                f"/api/operations/children/{ops_bits(w)['child']}/incidents/"
                f"{ops_bits(w)['incident']}/acknowledgement"
            ),
            family,
        ),
        "ops-pickup": Case("GET", ch + "/pickup", child("/pickup"), child_read),
        "ops-pickup-code": Case(
            "POST",
            ch + "/pickup-codes",
            child("/pickup-codes"),
            family,
            body=lambda w, who: {"person_name": "Tía Rosa", "identification": "INE 123"},
        ),
        "nh-intake": Case(
            "POST",
            "/api/nutrition/centres/{centre_id}/intake",
            lambda w, who: (ops_bits(w), f"/api/nutrition/centres/{w.centre_a}/intake")[1],
            only({"admin": 201, "director_a": 201, "medical_a": 201}, staff_b=404),
            body=lambda w, who: {
                "idempotency_key": uuid.uuid4().hex,
                "meal": "lunch",
                "served_at": now().isoformat(),
                "lines": [{"child_id": ops_bits(w)["child"], "amount": "most"}],
            },
        ),
        "nh-day-intake": Case(
            "GET",
            "/api/nutrition/centres/{centre_id}/intake",
            lambda w, who: (ops_bits(w), f"/api/nutrition/centres/{w.centre_a}/intake")[1],
            only({"admin": 200, "director_a": 200, "medical_a": 200}, staff_b=404),
        ),
        "ops-network": Case(
            "GET",
            "/api/operations/network",
            lambda w, who: (ops_bits(w), "/api/operations/network")[1],
            only({"admin": 200, "planner": 200, "coord_nl": 200, "coord_jal": 200}),
        ),
    }
