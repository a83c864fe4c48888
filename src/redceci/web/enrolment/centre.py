"""Directors' enrolment pages: their centres, and for one centre its rosters per room (a child
leaving is recorded there), the room moves coming up and the vacancies by age group; and the
administrators' form for a centre's enrolment rooms (age bands and places)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import get_db
from redceci.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from redceci.platform.access import Permission, Principal
from redceci.store.enrolment import rosters, rules, waitlist
from redceci.store.enrolment.pages import centre_bands, centres_without_rooms, director_centres
from redceci.store.enrolment.rules import MAX_ROOMS, RoomBand, default_room_bands
from redceci.web.i18n import lang_of, translator
from redceci.web.pages import (
    MAX_ID,
    PathId,
    QueryId,
    country_of,
    form_of,
    render,
    require_user,
)

router = APIRouter(include_in_schema=False)

#: The numbers each room row of the form holds.
ROOM_NUMBERS = ("min_months", "min_days", "max_months", "max_days", "places", "reserved")


@router.get("/inscripcion/centros")
def director_home(request: Request) -> Response:
    """A director of one centre goes to it; others choose among theirs."""
    principal = require_user(request)
    scope = principal.require(Permission.ENROLMENT_CENTRE)
    centres = director_centres(get_db(request), principal)
    if not scope.national and len(scope.centres) == 1:  # with rooms or not yet: their centre
        (only,) = scope.centres
        return RedirectResponse(f"/inscripcion/centros/{only}", status_code=303)
    manager = principal.can(Permission.ENROLMENT_MANAGE)
    context = {
        "centres": centres,
        "without_rooms": centres_without_rooms(get_db(request), principal) if manager else [],
        "manager": manager,
    }
    return render(request, "enrolment/centres.html", context, principal=principal)


@router.get("/inscripcion/salas")
def rooms_of(request: Request, centre_id: QueryId) -> Response:
    """The centre chosen on the list, to set its rooms."""
    require_user(request).require(Permission.ENROLMENT_MANAGE)
    return RedirectResponse(f"/inscripcion/centros/{centre_id}/salas", status_code=303)


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
        "manager": principal.can(Permission.ENROLMENT_MANAGE),
        "rooms_editor": may_set_rooms(principal, centre_id),
    }
    return render(request, "enrolment/centre.html", context, principal=principal)


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


def _rooms_page(
    request: Request,
    principal: Principal,
    centre_id: int,
    form: dict[str, Any] | None,
    errors: list[str],
    status_code: int = 200,
) -> Response:
    centre = centre_bands(get_db(request), principal, centre_id)
    if form is None:
        bands = centre.rooms or default_room_bands(0, country_of(request).rooms)
        form = {
            f"r{i}_{key}": str(value)
            for i, band in enumerate(bands)
            for key, value in band.model_dump().items()
        }
    last = max((i for i in range(MAX_ROOMS) if form.get(f"r{i}_name")), default=-1)
    context = {
        "centre": centre,
        "form": form,
        "errors": errors,
        "rows": min(last + 2, MAX_ROOMS),  # every room, and a blank row for one more
        "numbers": ROOM_NUMBERS,
    }
    return render(
        request, "enrolment/rooms.html", context, principal=principal, status_code=status_code
    )


@router.get("/inscripcion/centros/{centre_id}/salas")
def rooms_form(request: Request, centre_id: PathId) -> Response:
    return _rooms_page(request, require_user(request), centre_id, None, [])


def rooms_from(form: dict[str, Any]) -> list[RoomBand] | tuple[str, int]:
    """The rooms of the form, youngest first (rows without a name are left out), or the
    message key and row of what is wrong."""
    bands = []
    for i in range(MAX_ROOMS):
        name = str(form.get(f"r{i}_name") or "").strip()
        if not name:
            continue
        texts = {k: str(form.get(f"r{i}_{k}") or "0").strip() or "0" for k in ROOM_NUMBERS}
        if not all(v.isdigit() and len(v) < 6 for v in texts.values()):
            return "err_room_numbers", i + 1
        try:
            bands.append(RoomBand(name=name, **{k: int(v) for k, v in texts.items()}))
        except ValidationError:
            return "err_room_limits", i + 1
    return bands if bands else ("err_no_room", 0)


def may_set_rooms(principal: Principal, centre_id: int) -> bool:
    """Whether the rooms form of this centre is the caller's to use."""
    try:
        rules.require_room_manager(principal, centre_id)
    except (NotFoundError, PermissionDeniedError):
        return False
    return True


@router.post("/inscripcion/centros/{centre_id}/salas")
async def rooms_save(request: Request, centre_id: PathId) -> Response:
    principal = require_user(request)
    rules.require_room_manager(principal, centre_id)
    form = await form_of(request, principal)
    t = translator(lang_of(request))
    bands = rooms_from(form)
    if isinstance(bands, tuple):
        key, row = bands
        return _rooms_page(request, principal, centre_id, form, [t(key, n=row)], 422)
    try:
        rules.set_rooms(get_db(request), principal, centre_id, bands)
    except InputError as exc:
        return _rooms_page(request, principal, centre_id, form, [t("err_rooms", why=exc)], 422)
    except ConflictError as exc:
        return _rooms_page(request, principal, centre_id, form, [t("err_rooms", why=exc)], 409)
    return RedirectResponse(f"/inscripcion/centros/{centre_id}", status_code=303)
