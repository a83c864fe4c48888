"""Directors: rosters, coming room moves and vacancies of their centre, and a child leaving."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi import Query, status

from redceci.api.deps import CurrentPrincipal, DatabaseDep
from redceci.api.enrolment.schemas import (
    Id,
)
from redceci.api.errors import problems
from redceci.api.routing import CapabilityRouter
from redceci.store.enrolment import rosters, waitlist

router = CapabilityRouter(prefix="/api/enrolment", tags=["enrolment"])


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
