"""Enrolment: families register and apply, see their status, rank and offers and answer them;
directors see rosters, moves and vacancies of their centre; administrators set the rules and
rooms, run rounds (preview, then publish), and read statistics and the placements CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from redceci.api.deps import CurrentPrincipal, DatabaseDep, InsuranceDep, SettingsDep
from redceci.api.errors import problems
from redceci.store import enrolment_rules, families, rosters, round_reports, rounds, waitlist
from redceci.store.enrolment_rules import RoomBand, RulesData
from redceci.store.families import ApplicationData, FamilyData

router = APIRouter(prefix="/api/enrolment", tags=["enrolment"])

#: A stored id (the tables' INTEGER keys).
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Ref = Annotated[str, Path(min_length=1, max_length=64)]


class FamilyPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    ref: str
    created_at: dt.datetime


class ApplicationPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    start_date: dt.date
    together: bool
    transfer: bool
    status: str


class RulesPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    rules: list[str]
    max_choices: int
    offer_days: int


class RoomPublic(RoomBand):
    model_config = ConfigDict(from_attributes=True, frozen=True)

    id: int


class RoundCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seed: int | None = Field(None, ge=0, lt=2**62, description="Published; omit for a random one")
    mode: rounds.Mode = Field(
        "deferred_acceptance",
        description="deferred_acceptance, or exact: the fewest blocking pairs (HiGHS), for one "
        "municipality of at most REDCECI_EXACT_MAX_CHILDREN children",
    )
    municipality: str | None = Field(
        None,
        pattern=r"^\d{5}$",
        description="INEGI CVEGEO: a round of this municipality's centres only (needed for exact)",
    )
    on: dt.date | None = Field(
        None, description="Date the rooms are counted on (default: the earliest start date)"
    )


class RoundPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    seed: int
    rules: dict[str, Any]
    status: str
    summary: dict[str, Any]
    created_at: dt.datetime
    published_at: dt.datetime | None


class OfferPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    child_id: int
    room_id: int
    deadline: dt.datetime
    status: str


# -- families ---------------------------------------------------------------------------------


@router.put(
    "/families/{ref}",
    response_model=FamilyPublic,
    summary="Register or update your family (guardians, children, authorised persons)",
    responses=problems(401, 403, 404, 409, 422),
)
def register_family(
    ref: Ref, body: FamilyData, principal: CurrentPrincipal, db: DatabaseDep
) -> object:
    return families.register_family(db, principal, ref, body)


@router.get(
    "/families/{ref}",
    summary="Your family: places, applications, waitlist ranks and offers",
    responses=problems(401, 403, 404),
)
def family_status(ref: Ref, principal: CurrentPrincipal, db: DatabaseDep) -> dict[str, Any]:
    return families.family_status(db, principal, ref)


@router.post(
    "/families/{ref}/applications",
    response_model=ApplicationPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Apply: start date, centres ranked best first, siblings together",
    responses=problems(401, 403, 404, 422),
)
def apply(ref: Ref, body: ApplicationData, principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return families.apply(db, principal, ref, body)


def _answer(accept: bool) -> Callable[..., object]:
    """The handler of one answer to an offer (accept or decline)."""

    def answer(offer_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> object:
        return waitlist.answer_offer(db, principal, offer_id, accept=accept)

    return answer


for _verb, _accept, _summary in (
    ("accept", True, "Accept an offered place (before its deadline)"),
    ("decline", False, "Decline an offered place (the next child on the list gets it)"),
):
    router.post(
        f"/offers/{{offer_id}}/{_verb}",
        response_model=OfferPublic,
        summary=_summary,
        responses=problems(401, 403, 404, 409),
        name=f"{_verb}_offer",
    )(_answer(_accept))


class ExpiryResult(BaseModel):
    lapsed: int


@router.post(
    "/offers/expire",
    response_model=ExpiryResult,
    summary="Lapse the offers past their deadline and offer those places to the next children",
    responses=problems(401, 403),
)
def expire_offers(principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return {"lapsed": waitlist.expire_offers(db, principal)}


# -- centres (directors) ----------------------------------------------------------------------


@router.get(
    "/centres/{centre_id}/roster",
    summary="Children per room of your centre",
    responses=problems(401, 403, 404),
)
def roster(centre_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> dict[str, Any]:
    return rosters.roster(db, principal, centre_id)


def _ahead(view: Callable[..., list[dict[str, Any]]]) -> Callable[..., list[dict[str, Any]]]:
    """The handler of a centre view looking ``days`` ahead of ``on`` (moves, vacancies)."""

    def handler(
        centre_id: Id,
        principal: CurrentPrincipal,
        db: DatabaseDep,
        on: dt.date | None = None,
        days: int = Query(rosters.HORIZON_DAYS, ge=1, le=730),
    ) -> list[dict[str, Any]]:
        return view(db, principal, centre_id, on=on, days=days)

    return handler


for _path, _view, _summary in (
    ("moves", rosters.upcoming_moves, "Children moving up a room or ageing out within the horizon"),
    ("vacancies", rosters.vacancies, "Places, free places, waiting children and moves per room"),
):
    router.get(
        f"/centres/{{centre_id}}/{_path}",
        summary=_summary,
        responses=problems(401, 403, 404),
        name=_path,
    )(_ahead(_view))


@router.post(
    "/enrolments/{enrolment_id}/withdraw",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Record that a child leaves; the place is offered to the next child waiting",
    responses=problems(401, 403, 404),
)
def withdraw(enrolment_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> None:
    waitlist.withdraw(db, principal, enrolment_id)


# -- network (administrators) -----------------------------------------------------------------


@router.get(
    "/rules", response_model=RulesPublic, summary="Priority rules", responses=problems(401, 403)
)
def get_rules(principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return enrolment_rules.get_rules(db, principal)


@router.put(
    "/rules",
    response_model=RulesPublic,
    summary="Set the priority rules (in order), ranked centres allowed and offer period",
    responses=problems(401, 403, 422),
)
def set_rules(body: RulesData, principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return enrolment_rules.set_rules(db, principal, body)


@router.put(
    "/centres/{centre_id}/rooms",
    response_model=list[RoomPublic],
    summary="Set a centre's rooms: contiguous age bands, youngest first, with places",
    responses=problems(401, 403, 404, 409, 422),
)
def set_rooms(
    centre_id: Id, body: list[RoomBand], principal: CurrentPrincipal, db: DatabaseDep
) -> object:
    return enrolment_rules.set_rooms(db, principal, centre_id, body)


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
    return round_reports.statistics(db, principal, round_id)


@router.get(
    "/rounds/{round_id}/placements.csv",
    response_class=PlainTextResponse,
    summary="The round's placements as CSV",
    responses=problems(401, 403, 404),
)
def placements_csv(round_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> PlainTextResponse:
    return PlainTextResponse(
        round_reports.placements_csv(db, principal, round_id),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="round-{round_id}.csv"'},
    )
