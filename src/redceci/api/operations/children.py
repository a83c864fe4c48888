"""A child's day for guardians (and the centre's staff): the daily report, messages, incidents
and their acknowledgement, absence notices, who may pick the child up and one-time codes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Query, status
from pydantic import BaseModel, ConfigDict

from redceci.api.deps import CurrentPrincipal, DatabaseDep, SettingsDep
from redceci.api.errors import problems
from redceci.api.operations.schemas import operations_rules, zone
from redceci.api.params import Id
from redceci.api.routing import CapabilityRouter
from redceci.store.fields import Text80, Text200
from redceci.store.operations import family
from redceci.store.operations.inputs import local_day

router = CapabilityRouter(prefix="/api/operations", tags=["operations"])
CHILD = "/children/{child_id}"


class CodeRequest(BaseModel):
    """The one person a code is for, with the identity document they will show."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person_name: Text200
    identification: Text80 = "-"


@router.get(
    CHILD + "/report",
    summary="The child's day: arrival, departure, meals eaten, naps, nappies, notes",
    responses=problems(401, 403, 404),
)
def report(
    child_id: Id,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    settings: SettingsDep,
    on: dt.date | None = None,
) -> dict[str, Any]:
    tz = zone(settings)
    return family.report(
        db,
        principal,
        child_id,
        on or local_day(dt.datetime.now(tz), tz),
        tz=tz,
        rules=operations_rules(settings),
    )


@router.get(
    CHILD + "/messages",
    summary="Messages between the guardians and the centre about the child",
    responses=problems(401, 403, 404),
)
def messages(
    child_id: Id,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    days: Annotated[int, Query(ge=1, le=366)] = 30,
) -> list[dict[str, Any]]:
    return family.messages(db, principal, child_id, days=days)


@router.post(
    CHILD + "/messages",
    status_code=status.HTTP_201_CREATED,
    summary="A guardian writes to the centre",
    responses=problems(401, 403, 404, 409, 422),
)
def send_message(
    child_id: Id,
    body: family.MessageData,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    return family.send_message(
        db, principal, child_id, body, tz=zone(settings), rules=operations_rules(settings)
    )


@router.post(
    CHILD + "/absences",
    status_code=status.HTTP_201_CREATED,
    summary="A guardian notifies an absence ahead (the kitchen counts one child fewer)",
    responses=problems(401, 403, 404, 409, 422),
)
def notify_absence(
    child_id: Id,
    body: family.AbsenceData,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    return family.notify_absence(
        db, principal, child_id, body, tz=zone(settings), rules=operations_rules(settings)
    )


@router.get(
    CHILD + "/incidents",
    summary="The child's incidents, latest versions, and whether they were acknowledged",
    responses=problems(401, 403, 404),
)
def incidents(child_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> list[dict[str, Any]]:
    return family.incidents(db, principal, child_id)


@router.post(
    CHILD + "/incidents/{incident_id}/acknowledgement",
    status_code=status.HTTP_201_CREATED,
    summary="A guardian acknowledges the latest version of an incident",
    responses=problems(401, 403, 404, 409, 422),
)
def acknowledge(
    child_id: Id,
    incident_id: Id,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    return family.acknowledge(
        db, principal, child_id, incident_id, tz=zone(settings), rules=operations_rules(settings)
    )


@router.get(
    CHILD + "/pickup",
    summary="Guardians, authorised persons and the one-time codes issued (never the codes)",
    responses=problems(401, 403, 404),
)
def pickup(child_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> dict[str, Any]:
    return family.pickup_people(db, principal, child_id)


@router.post(
    CHILD + "/pickup-codes",
    status_code=status.HTTP_201_CREATED,
    summary="A guardian issues a one-time pick-up code for one named person (shown once)",
    responses=problems(401, 403, 404, 422),
)
def issue_code(
    child_id: Id,
    body: CodeRequest,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    return family.issue_code(
        db,
        principal,
        child_id,
        body.person_name,
        body.identification,
        rules=operations_rules(settings),
    )
