"""The centre's staff and their weekly shifts: everyone who works the centre's day reads the
list; its director registers a person, replaces their shifts and deactivates them (or brings
them back). A bad field comes back beside it (422) and nothing changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, get_args

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import get_db
from redceci.errors import InputError, NotFoundError
from redceci.platform.access import Permission, Principal
from redceci.store.operations import setup
from redceci.store.operations.pages import centre_rooms
from redceci.store.operations.setup import ShiftData, StaffData, StaffRole
from redceci.web.i18n import lang_of, translator
from redceci.web.operations.common import page, rules_of, tz_of
from redceci.web.pages import PathId, form_of, require_user

router = APIRouter(include_in_schema=False)

#: The roles a person may hold (``store/operations/setup.StaffRole``), in the form's order.
ROLES: tuple[str, ...] = get_args(StaffRole)
WEEKDAYS = range(7)

Errors = dict[str, str]


def _path(centre_id: int, staff_id: int | None = None) -> str:
    base = f"/operaciones/centros/{centre_id}/personal"
    return base if staff_id is None else f"{base}/{staff_id}"


def _time(text: str) -> dt.time | None:
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        return None


def shifts_from(
    form: dict[str, Any], rooms: set[int], t: Callable[..., str]
) -> tuple[list[ShiftData], Errors]:
    """The week's shifts of the form (``w<d>_starts``, ``w<d>_ends``, ``w<d>_room``; an empty
    day has none), or the problems found, each under its field's name."""
    shifts: list[ShiftData] = []
    errors: Errors = {}
    for d in WEEKDAYS:
        starts = str(form.get(f"w{d}_starts") or "").strip()
        ends = str(form.get(f"w{d}_ends") or "").strip()
        room = str(form.get(f"w{d}_room") or "").strip()
        if not starts and not ends:
            continue
        if not starts or not ends:
            errors[f"w{d}_starts" if not starts else f"w{d}_ends"] = t("ops_err_shift_both")
            continue
        start, end = _time(starts), _time(ends)
        if start is None or end is None:
            errors[f"w{d}_starts" if start is None else f"w{d}_ends"] = t("ops_err_time")
            continue
        if not start < end:
            errors[f"w{d}_ends"] = t("ops_err_shift_order")
            continue
        room_id = int(room) if room.isdigit() else None
        if room and room_id not in rooms:
            errors[f"w{d}_room"] = t("ops_err_room")
            continue
        shifts.append(ShiftData(weekday=d, starts=start, ends=end, room_id=room_id))
    return shifts, errors


def shift_fields(shifts: list[dict[str, Any]]) -> dict[str, str]:
    """A person's stored shifts as the form's values."""
    fields: dict[str, str] = {}
    for s in shifts:
        d = s["weekday"]
        fields |= {f"w{d}_starts": s["starts"], f"w{d}_ends": s["ends"]}
        fields[f"w{d}_room"] = str(s["room_id"] or "")
    return fields


def _context(request: Request, principal: Principal, centre_id: int) -> dict[str, Any]:
    db = get_db(request)
    centre = centre_rooms(db, principal, centre_id)
    return {
        "centre": centre["centre"],
        "rooms": centre["rooms"],
        "room_names": {r["room_id"]: r["name"] for r in centre["rooms"]},
        "roles": ROLES,
        "weekdays": list(WEEKDAYS),
        "editable": principal.can(Permission.OPERATIONS_MANAGE),
        "saved": request.query_params.get("hecho") == "1",
    }


def _list_page(
    request: Request,
    principal: Principal,
    centre_id: int,
    form: dict[str, Any] | None = None,
    errors: Errors | None = None,
    status_code: int = 200,
) -> Response:
    staff = setup.list_staff(get_db(request), principal, centre_id)
    context = _context(request, principal, centre_id) | {
        "staff": staff,
        "form": form if form is not None else {"counts_in_ratio": "on", "role": "lead"},
        "errors": errors or {},
    }
    return page(request, principal, "staff.html", context, status_code=status_code)


@router.get("/operaciones/centros/{centre_id}/personal")
def staff_page(request: Request, centre_id: PathId) -> Response:
    return _list_page(request, require_user(request), centre_id)


@router.post("/operaciones/centros/{centre_id}/personal")
async def add_staff(request: Request, centre_id: PathId) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    t = translator(lang_of(request))
    rooms = {r["room_id"] for r in centre_rooms(get_db(request), principal, centre_id)["rooms"]}
    shifts, errors = shifts_from(form, rooms, t)
    name = str(form.get("name") or "").strip()
    role = str(form.get("role") or "")
    if not name:
        errors["name"] = t("ops_err_required")
    if role not in ROLES:
        errors["role"] = t("ops_err_role")
    if not errors:
        try:
            data = StaffData(
                name=name,
                role=role,
                counts_in_ratio=bool(form.get("counts_in_ratio")),
                shifts=shifts,
            )
            setup.add_staff(get_db(request), principal, centre_id, data)
        except ValidationError as exc:
            errors = {str(e["loc"][0]): str(e["msg"]) for e in exc.errors()}
        except InputError as exc:
            errors["form"] = t("ops_err_not_saved", why=exc)
    if errors:
        return _list_page(request, principal, centre_id, form, errors, 422)
    return RedirectResponse(_path(centre_id) + "?hecho=1", status_code=303)


def _member_page(
    request: Request,
    principal: Principal,
    centre_id: int,
    staff_id: int,
    form: dict[str, Any] | None = None,
    errors: Errors | None = None,
    status_code: int = 200,
) -> Response:
    staff = setup.list_staff(get_db(request), principal, centre_id)
    member = next((s for s in staff if s["staff_id"] == staff_id), None)
    if member is None:
        raise NotFoundError(f"no staff member {staff_id} at centre {centre_id}")
    context = _context(request, principal, centre_id) | {
        "member": member,
        "form": form if form is not None else shift_fields(member["shifts"]),
        "errors": errors or {},
    }
    return page(request, principal, "staff_member.html", context, status_code=status_code)


@router.get("/operaciones/centros/{centre_id}/personal/{staff_id}")
def member_page(request: Request, centre_id: PathId, staff_id: PathId) -> Response:
    return _member_page(request, require_user(request), centre_id, staff_id)


@router.post("/operaciones/centros/{centre_id}/personal/{staff_id}/turnos")
async def set_shifts(request: Request, centre_id: PathId, staff_id: PathId) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    t = translator(lang_of(request))
    rooms = {r["room_id"] for r in centre_rooms(get_db(request), principal, centre_id)["rooms"]}
    shifts, errors = shifts_from(form, rooms, t)
    if not errors:
        try:
            setup.set_shifts(get_db(request), principal, centre_id, staff_id, shifts)
        except InputError as exc:
            errors["form"] = t("ops_err_not_saved", why=exc)
    if errors:
        return _member_page(request, principal, centre_id, staff_id, form, errors, 422)
    return RedirectResponse(_path(centre_id, staff_id) + "?hecho=1", status_code=303)


@router.post("/operaciones/centros/{centre_id}/personal/{staff_id}/estado")
async def set_active(request: Request, centre_id: PathId, staff_id: PathId) -> Response:
    """Deactivate (``active=0``) or bring back (``active=1``) a person; someone on shift now
    is refused with the reason."""
    principal = require_user(request)
    form = await form_of(request, principal)
    t = translator(lang_of(request))
    active = str(form.get("active") or "") == "1"
    try:
        setup.set_active(
            get_db(request),
            principal,
            centre_id,
            staff_id,
            active,
            tz=tz_of(request),
            rules=rules_of(request),
        )
    except InputError as exc:
        on_shift = "clocked in now" in str(exc)  # the store's reason, said in the page's language
        errors = {"active": t("ops_err_on_shift") if on_shift else t("ops_err_not_saved", why=exc)}
        return _member_page(request, principal, centre_id, staff_id, None, errors, 422)
    return RedirectResponse(_path(centre_id, staff_id) + "?hecho=1", status_code=303)
