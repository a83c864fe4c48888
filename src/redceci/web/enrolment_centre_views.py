"""Directors' enrolment pages: their centres, and for one centre its rosters per room (a child
leaving is recorded there), the room moves coming up and the vacancies by age group."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from redceci.api.deps import get_db
from redceci.store import rosters, waitlist
from redceci.store.access import Permission
from redceci.store.enrolment_pages import director_centres
from redceci.web.pages import MAX_ID, PathId, form_of, render, require_user

router = APIRouter(include_in_schema=False)


@router.get("/inscripcion/centros")
def director_home(request: Request) -> Response:
    """A director of one centre goes to it; others choose among theirs."""
    principal = require_user(request)
    scope = principal.require(Permission.ENROLMENT_CENTRE)
    centres = director_centres(get_db(request), principal)
    if not scope.national and len(centres) == 1:
        return RedirectResponse(f"/inscripcion/centros/{centres[0].id}", status_code=303)
    return render(request, "enrolment_centres.html", {"centres": centres}, principal=principal)


@router.get("/inscripcion/centros/{centre_id}")
def centre_enrolment(
    request: Request,
    centre_id: PathId,
    days: int = Query(rosters.HORIZON_DAYS, ge=1, le=730),
) -> Response:
    principal = require_user(request)
    db = get_db(request)
    on = dt.date.today()
    context = {
        "roster": rosters.roster(db, principal, centre_id),
        "moves": rosters.upcoming_moves(db, principal, centre_id, on=on, days=days),
        "vacancies": rosters.vacancies(db, principal, centre_id, on=on, days=days),
        "centre": next((c for c in director_centres(db, principal) if c.id == centre_id), None),
        "on": on,
        "days": days,
    }
    return render(request, "enrolment_centre.html", context, principal=principal)


@router.post("/inscripcion/inscritos/{enrolment_id}/baja")
async def child_leaves(request: Request, enrolment_id: PathId) -> Response:
    """The child leaves its place; the place is offered to the next child waiting."""
    principal = require_user(request)
    form = await form_of(request, principal)
    waitlist.withdraw(get_db(request), principal, enrolment_id)
    centre = str(form.get("centre") or "")
    target = int(centre) if centre.isdigit() and 1 <= int(centre) <= MAX_ID else None
    return RedirectResponse(
        f"/inscripcion/centros/{target}" if target else "/inscripcion/centros", status_code=303
    )
