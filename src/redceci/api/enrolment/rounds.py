"""Administrators: the priority rules, a centre's enrolment rooms, assignment rounds (preview,
then publish), their statistics and the placements CSV."""

from __future__ import annotations

from typing import Any

from fastapi import status
from fastapi.responses import PlainTextResponse

from redceci.api.deps import CurrentPrincipal, DatabaseDep, SettingsDep
from redceci.api.enrolment.insurance import InsuranceDep
from redceci.api.enrolment.schemas import (
    EnrolmentRoomPublic,
    Id,
    RoundCreate,
    RoundPublic,
    RulesPublic,
)
from redceci.api.errors import problems
from redceci.api.routing import CapabilityRouter
from redceci.store.enrolment import reports, rounds, rules
from redceci.store.enrolment.rules import RoomBand, RulesData

router = CapabilityRouter(prefix="/api/enrolment", tags=["enrolment"])


@router.get(
    "/rules", response_model=RulesPublic, summary="Priority rules", responses=problems(401, 403)
)
def get_rules(principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return rules.get_rules(db, principal)


@router.put(
    "/rules",
    response_model=RulesPublic,
    summary="Set the priority rules (in order), ranked centres allowed and offer period",
    responses=problems(401, 403, 422),
)
def set_rules(body: RulesData, principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return rules.set_rules(db, principal, body)


@router.put(
    "/centres/{centre_id}/rooms",
    response_model=list[EnrolmentRoomPublic],
    summary="Set a centre's rooms: contiguous age bands, youngest first, with places",
    responses=problems(401, 403, 404, 409, 422),
)
def set_rooms(
    centre_id: Id, body: list[RoomBand], principal: CurrentPrincipal, db: DatabaseDep
) -> object:
    return rules.set_rooms(db, principal, centre_id, body)


@router.post(
    "/rounds",
    response_model=RoundPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Run an assignment round as a preview (its seed is kept and published); "
    "mode exact for one municipality",
    responses=problems(401, 403, 422),
)
def run_round(
    body: RoundCreate,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    insurance: InsuranceDep,
    settings: SettingsDep,
) -> object:
    return rounds.run_round(
        db,
        principal,
        seed=body.seed,
        registry=insurance,
        on=body.on,
        mode=body.mode,
        municipality=body.municipality,
        exact_max_children=settings.exact_max_children,
    )


@router.get(
    "/rounds/{round_id}",
    response_model=RoundPublic,
    summary="One round",
    responses=problems(401, 403, 404),
)
def get_round(round_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return rounds.get_round(db, principal, round_id)


@router.post(
    "/rounds/{round_id}/publish",
    response_model=RoundPublic,
    summary="Publish a previewed round: places, waitlist and offers",
    responses=problems(401, 403, 404, 409),
)
def publish_round(
    round_id: Id, principal: CurrentPrincipal, db: DatabaseDep, insurance: InsuranceDep
) -> object:
    return rounds.publish_round(db, principal, round_id, registry=insurance)


@router.get(
    "/rounds/{round_id}/statistics",
    summary="Placed, first choice, top three, unplaced by state and age",
    responses=problems(401, 403, 404),
)
def round_statistics(round_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> dict[str, Any]:
    return reports.statistics(db, principal, round_id)


@router.get(
    "/rounds/{round_id}/placements.csv",
    response_class=PlainTextResponse,
    summary="The round's placements as CSV",
    responses=problems(401, 403, 404),
)
def placements_csv(round_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> PlainTextResponse:
    return PlainTextResponse(
        reports.placements_csv(db, principal, round_id),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="round-{round_id}.csv"'},
    )
