"""The centre's calendar: its opening hours and weekdays, the statutory rest days ahead and the
centre's own closures. Everyone who works the centre's day reads it; its director changes the
hours and adds or removes closure days. A bad field comes back beside it (422)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import get_db
from redceci.errors import InputError
from redceci.platform import validation
from redceci.platform.access import Permission, Principal
from redceci.store.base import utcnow
from redceci.store.operations import setup
from redceci.store.operations.pages import centre_rooms
from redceci.store.operations.setup import ClosureData, HoursData
from redceci.web.i18n import lang_of, translator
from redceci.web.operations.common import page, rules_of, tz_of
from redceci.web.pages import PathId, form_of, require_user

router = APIRouter(include_in_schema=False)

#: How far ahead the page lists the statutory rest days.
HOLIDAYS_AHEAD = dt.timedelta(days=365)

Errors = dict[str, str]


def _path(centre_id: int) -> str:
    return f"/operaciones/centros/{centre_id}/calendario"


def _calendar_page(
    request: Request,
    principal: Principal,
    centre_id: int,
    *,
    form: dict[str, Any] | None = None,
    errors: Errors | None = None,
    status_code: int = 200,
) -> Response:
    db = get_db(request)
    current = setup.calendar(db, principal, centre_id, rules=rules_of(request))
    today = utcnow().astimezone(tz_of(request)).date()
    rules = rules_of(request).calendar
    ahead = sorted(
        d
        for year in (today.year, today.year + 1)
        for d in rules.holidays_of(year)
        if today <= d <= today + HOLIDAYS_AHEAD
    )
    hours_form = {
        "opens": current["opens"],
        "closes": current["closes"],
        "weekdays": [str(d) for d in current["weekdays"]],
    }
    context = {
        "centre": centre_rooms(db, principal, centre_id)["centre"],
        "calendar": current,
        "holidays": ahead,
        "form": hours_form | (form or {}),
        "errors": errors or {},
        "weekdays": list(range(7)),
        "editable": principal.can(Permission.OPERATIONS_MANAGE),
        "saved": request.query_params.get("hecho") == "1",
    }
    return page(request, principal, "calendar.html", context, status_code=status_code)


@router.get("/operaciones/centros/{centre_id}/calendario")
def calendar_page(request: Request, centre_id: PathId) -> Response:
    return _calendar_page(request, require_user(request), centre_id)


def _time(text: str) -> dt.time | None:
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        return None


@router.post("/operaciones/centros/{centre_id}/calendario")
async def set_hours(request: Request, centre_id: PathId) -> Response:
    principal = require_user(request)
    raw = await form_of(request, principal)
    t = translator(lang_of(request))
    picked = raw.get("weekdays") or []
    weekdays = [str(v) for v in (picked if isinstance(picked, list) else [picked])]
    form: dict[str, Any] = {
        "opens": str(raw.get("opens") or ""),
        "closes": str(raw.get("closes") or ""),
        "weekdays": weekdays,
    }
    errors: Errors = {}
    opens, closes = _time(form["opens"]), _time(form["closes"])
    if opens is None:
        errors["opens"] = t("ops_err_time")
    if closes is None:
        errors["closes"] = t("ops_err_time")
    if opens and closes and not opens < closes:
        errors["closes"] = t("ops_err_shift_order")
    days = sorted({int(d) for d in weekdays if d in {str(i) for i in range(7)}})
    if not days or len(days) != len(set(weekdays)):
        errors["weekdays"] = t("ops_err_weekdays")
    if not errors and opens and closes:
        try:
            setup.set_hours(
                get_db(request),
                principal,
                centre_id,
                HoursData(opens=opens, closes=closes, weekdays=days),
                rules=rules_of(request),
            )
        except (InputError, ValidationError) as exc:
            errors["form"] = t("ops_err_not_saved", why=exc)
    if errors:
        return _calendar_page(
            request, principal, centre_id, form=form, errors=errors, status_code=422
        )
    return RedirectResponse(_path(centre_id) + "?hecho=1", status_code=303)


@router.post("/operaciones/centros/{centre_id}/calendario/cierres")
async def add_closure(request: Request, centre_id: PathId) -> Response:
    principal = require_user(request)
    raw = await form_of(request, principal)
    t = translator(lang_of(request))
    form = {"day": str(raw.get("day") or ""), "reason": str(raw.get("reason") or "").strip()}
    errors: Errors = {}
    try:
        day = validation.plausible_date(dt.date.fromisoformat(form["day"]))
    except ValueError:
        errors["day"] = t("ops_err_day")
    if not form["reason"]:
        errors["reason"] = t("ops_err_required")
    if not errors:
        try:
            setup.add_closure(
                get_db(request),
                principal,
                centre_id,
                ClosureData(day=day, reason=form["reason"]),
                rules=rules_of(request),
            )
        except InputError as exc:
            errors["day"] = t("ops_err_not_saved", why=exc)
        except ValidationError as exc:
            errors["reason"] = "; ".join(str(e["msg"]) for e in exc.errors())
    if errors:
        return _calendar_page(
            request, principal, centre_id, form=form, errors=errors, status_code=422
        )
    return RedirectResponse(_path(centre_id) + "?hecho=1", status_code=303)


@router.post("/operaciones/centros/{centre_id}/calendario/cierres/{day}/quitar")
async def remove_closure(request: Request, centre_id: PathId, day: dt.date) -> Response:
    principal = require_user(request)
    await form_of(request, principal)
    setup.remove_closure(get_db(request), principal, centre_id, day, rules=rules_of(request))
    return RedirectResponse(_path(centre_id) + "?hecho=1", status_code=303)
