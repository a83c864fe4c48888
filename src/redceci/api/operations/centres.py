"""A centre's day over HTTP: the batch of events from its devices (offline queues included),
the staff tablet's room, the director's live board, the roll-call, and the centre's set-up
(staff and shifts, calendar, the health filter's exclusion rules)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Query, status

from redceci.api.deps import CurrentPrincipal, DatabaseDep, SettingsDep
from redceci.api.errors import problems
from redceci.api.operations.schemas import BatchResult, StaffActive, operations_rules, zone
from redceci.api.params import Id
from redceci.api.routing import CapabilityRouter
from redceci.store.fields import MAX_ID, PlausibleDate
from redceci.store.operations import events, live, pickup, setup
from redceci.store.operations.inputs import Batch

router = CapabilityRouter(prefix="/api/operations", tags=["operations"])
CENTRE = "/centres/{centre_id}"


@router.post(
    CENTRE + "/events",
    summary="Store a batch of the centre's events (idempotent); a verdict per event",
    responses=problems(401, 403, 404, 422),
)
def post_events(
    centre_id: Id, body: Batch, principal: CurrentPrincipal, db: DatabaseDep, settings: SettingsDep
) -> BatchResult:
    results = events.ingest(
        db, principal, centre_id, body.events, tz=zone(settings), rules=operations_rules(settings)
    )
    return BatchResult.of([r.as_dict() for r in results])


@router.get(
    CENTRE + "/board",
    summary="The director's live board: ratios by room, alerts, incidents, conflicts, drills",
    responses=problems(401, 403, 404),
)
def board(
    centre_id: Id, principal: CurrentPrincipal, db: DatabaseDep, settings: SettingsDep
) -> dict[str, Any]:
    return live.board(db, principal, centre_id, tz=zone(settings), rules=operations_rules(settings))


@router.get(
    CENTRE + "/rooms/{room_id}",
    summary="A room today for the staff tablet: children, who may pick them up, adults, ratio",
    responses=problems(401, 403, 404),
)
def room(
    centre_id: Id, room_id: Id, principal: CurrentPrincipal, db: DatabaseDep, settings: SettingsDep
) -> dict[str, Any]:
    return live.room_view(
        db, principal, centre_id, room_id, tz=zone(settings), rules=operations_rules(settings)
    )


@router.get(
    CENTRE + "/roll-call",
    summary="Today's roll-call (the open one unless named): who is unaccounted, room by room",
    responses=problems(401, 403, 404),
)
def roll_call(
    centre_id: Id,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    settings: SettingsDep,
    roll_call_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> dict[str, Any]:
    return live.roll_call(
        db, principal, centre_id, roll_call_id, tz=zone(settings), rules=operations_rules(settings)
    )


@router.get(
    CENTRE + "/staff",
    summary="The centre's adults and their weekly shifts",
    responses=problems(401, 403, 404),
)
def staff(centre_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> list[dict[str, Any]]:
    return setup.list_staff(db, principal, centre_id)


@router.post(
    CENTRE + "/staff",
    status_code=status.HTTP_201_CREATED,
    summary="Register an adult of the centre with their shifts (directors)",
    responses=problems(401, 403, 404, 422),
)
def add_staff(
    centre_id: Id, body: setup.StaffData, principal: CurrentPrincipal, db: DatabaseDep
) -> dict[str, Any]:
    return setup.add_staff(db, principal, centre_id, body)


@router.put(
    CENTRE + "/staff/{staff_id}/shifts",
    summary="Replace an adult's weekly shifts (directors)",
    responses=problems(401, 403, 404, 422),
)
def set_shifts(
    centre_id: Id,
    staff_id: Id,
    body: Annotated[list[setup.ShiftData], Body(max_length=7)],
    principal: CurrentPrincipal,
    db: DatabaseDep,
) -> dict[str, Any]:
    return setup.set_shifts(db, principal, centre_id, staff_id, body)


@router.put(
    CENTRE + "/staff/{staff_id}/active",
    summary="Deactivate an adult who left the centre, or bring them back (directors)",
    responses=problems(401, 403, 404, 422),
)
def set_active(
    centre_id: Id,
    staff_id: Id,
    body: StaffActive,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    return setup.set_active(
        db,
        principal,
        centre_id,
        staff_id,
        body.active,
        tz=zone(settings),
        rules=operations_rules(settings),
    )


@router.get(
    CENTRE + "/exclusion-rules",
    summary="The health filter's exclusion rules in force at the centre",
    responses=problems(401, 403, 404),
)
def exclusion_rules(
    centre_id: Id, principal: CurrentPrincipal, db: DatabaseDep
) -> list[dict[str, Any]]:
    return setup.exclusion_rules(db, principal, centre_id)


@router.put(
    CENTRE + "/exclusion-rules",
    summary="Replace the health filter's exclusion rules (the centre's medical staff)",
    responses=problems(401, 403, 404, 422),
)
def set_exclusion_rules(
    centre_id: Id, body: list[setup.RuleData], principal: CurrentPrincipal, db: DatabaseDep
) -> list[dict[str, Any]]:
    return setup.set_exclusion_rules(db, principal, centre_id, body)


@router.get(
    CENTRE + "/calendar",
    summary="Opening hours, weekdays and closures",
    responses=problems(401, 403, 404),
)
def calendar(
    centre_id: Id, principal: CurrentPrincipal, db: DatabaseDep, settings: SettingsDep
) -> dict[str, Any]:
    return setup.calendar(db, principal, centre_id, rules=operations_rules(settings))


@router.post(
    CENTRE + "/closures",
    status_code=status.HTTP_201_CREATED,
    summary="Add a closure day with its reason (directors)",
    responses=problems(401, 403, 404, 422),
)
def add_closure(
    centre_id: Id,
    body: setup.ClosureData,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    return setup.add_closure(db, principal, centre_id, body, rules=operations_rules(settings))


@router.delete(
    CENTRE + "/closures/{day}",
    summary="Remove a closure day (directors)",
    responses=problems(401, 403, 404, 422),
)
def remove_closure(
    centre_id: Id,
    day: PlausibleDate,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    return setup.remove_closure(db, principal, centre_id, day, rules=operations_rules(settings))


@router.put(
    CENTRE + "/calendar",
    summary="Set opening hours, weekdays and closures (directors)",
    responses=problems(401, 403, 404, 422),
)
def set_calendar(
    centre_id: Id,
    body: setup.CalendarData,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    return setup.set_calendar(db, principal, centre_id, body, rules=operations_rules(settings))


@router.get(
    CENTRE + "/authorised-persons",
    summary="The families' authorised persons: identity document and photo reference (directors)",
    responses=problems(401, 403, 404),
)
def authorised_persons(
    centre_id: Id, principal: CurrentPrincipal, db: DatabaseDep
) -> list[dict[str, Any]]:
    return pickup.authorised_people(db, principal, centre_id)


@router.put(
    CENTRE + "/authorised-persons/{person_id}/photo",
    summary="Record the reference of the centre's photo of an authorised person (directors)",
    responses=problems(401, 403, 404, 422),
)
def set_photo_ref(
    centre_id: Id,
    person_id: Id,
    body: pickup.PhotoRefData,
    principal: CurrentPrincipal,
    db: DatabaseDep,
) -> dict[str, Any]:
    return pickup.set_photo_ref(db, principal, centre_id, person_id, body)
