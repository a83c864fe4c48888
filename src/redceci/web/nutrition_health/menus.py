"""Nutritionists' menu pages: the list, a new 4-week cycle (from the sample menu or empty), the
editor (one stage and one week at a time: a dish that breaks a rule is refused with the reason),
and publication (refused while a rule is broken; allergy conflicts confirmed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from redceci.api.deps import get_db
from redceci.errors import ConflictError, InputError
from redceci.nutrition_health.stages import STAGES, Meal
from redceci.platform.access import Permission, Principal
from redceci.store.nutrition_health import catalogue, menus
from redceci.store.nutrition_health.menus import MenuData
from redceci.web.i18n import lang_of
from redceci.web.nutrition_health.messages import nh_translator
from redceci.web.pages import PathId, country_of, form_of, render, require_user

router = APIRouter(include_in_schema=False)

#: Dish slots the editor shows per meal.
SLOTS: dict[Meal, int] = {
    Meal.BREAKFAST: 3,
    Meal.MORNING_SNACK: 2,
    Meal.LUNCH: 4,
    Meal.AFTERNOON_SNACK: 2,
}


def _page(
    request: Request,
    principal: Principal,
    template: str,
    context: dict[str, Any],
    status_code: int = 200,
) -> Response:
    context = {"t": nh_translator(lang_of(request), country_of(request).messages), **context}
    return render(
        request,
        f"nutrition_health/{template}",
        context,
        principal=principal,
        status_code=status_code,
    )


def _next_monday() -> dt.date:
    today = dt.date.today()
    return today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7)


@router.get("/nutricion/menus")
def menu_list(request: Request) -> Response:
    principal = require_user(request)
    db = get_db(request)
    context = {
        "menus": menus.list_menus(db, principal),
        "writer": principal.can(Permission.MENUS_WRITE),
        "monday": _next_monday(),
        "errors": [],
    }
    return _page(request, principal, "menus.html", context)


@router.post("/nutricion/menus")
async def menu_create(request: Request) -> Response:
    principal = require_user(request)
    principal.require(Permission.MENUS_WRITE)
    form = await form_of(request, principal)
    db = get_db(request)
    t = nh_translator(lang_of(request), country_of(request).messages)
    try:
        starts_on = dt.date.fromisoformat(str(form.get("starts_on") or ""))
        state = str(form.get("state_code") or "").strip() or None
        name = str(form.get("name") or "").strip() or t("new_menu")
        if form.get("start") == "sample":
            catalogue.load_sample_recipes(db, principal)
            data = menus.sample_menu_data(name, starts_on, state)
        else:
            data = MenuData(name=name, weeks=4, state_code=state, starts_on=starts_on)
        made = menus.create_menu(db, principal, data)
    except (ValueError, InputError) as exc:
        context = {
            "menus": menus.list_menus(db, principal),
            "writer": True,
            "monday": _next_monday(),
            "errors": [str(exc)],
        }
        return _page(request, principal, "menus.html", context, 422)
    return RedirectResponse(f"/nutricion/menus/{made['id']}", status_code=303)


def _editor(
    request: Request,
    principal: Principal,
    menu_id: int,
    stage: str,
    week: int,
    *,
    errors: list[str],
    chosen: dict[str, str] | None = None,
    saved: bool = False,
    status_code: int = 200,
) -> Response:
    db = get_db(request)
    menu = menus.get_menu(db, principal, menu_id)
    week = min(max(week, 1), menu["weeks"])
    if chosen is None:
        chosen = {}
        counters: dict[tuple[int, str], int] = {}
        for item in menu["items"]:
            if item["stage"] == stage and item["week"] == week:
                key = (item["day"], item["meal"])
                slot = counters.get(key, 0)
                counters[key] = slot + 1
                chosen[f"d{item['day']}_{item['meal']}_{slot}"] = item["recipe"]
    recipes = catalogue.list_recipes(db, principal)
    context = {
        "menu": menu,
        "stage": stage,
        "week": week,
        "stages": STAGES,
        "slots": SLOTS,
        "recipes": recipes,
        "courses": sorted({r["course"] for r in recipes}),
        "chosen": chosen,
        "errors": errors,
        "saved": saved,
        "writer": principal.can(Permission.MENUS_WRITE) and menu["status"] == "draft",
    }
    return _page(request, principal, "editor.html", context, status_code)


@router.get("/nutricion/menus/{menu_id}")
def menu_editor(
    request: Request,
    menu_id: PathId,
    etapa: str = Query("preescolar_36_59", max_length=40),
    semana: int = Query(1, ge=1, le=8),
    guardado: int = Query(0, ge=0, le=1),
) -> Response:
    principal = require_user(request)
    stage = etapa if etapa in {s.code for s in STAGES} else "preescolar_36_59"
    return _editor(request, principal, menu_id, stage, semana, errors=[], saved=bool(guardado))


@router.post("/nutricion/menus/{menu_id}/semana")
async def menu_save_week(request: Request, menu_id: PathId) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    stage = str(form.get("stage") or "")
    week_text = str(form.get("week") or "1")
    week = int(week_text) if week_text.isdigit() else 1
    chosen = {k: str(v) for k, v in form.items() if k.startswith("d") and isinstance(v, str)}
    dishes = []
    for day in range(5):
        for meal, count in SLOTS.items():
            for slot in range(count):
                recipe = chosen.get(f"d{day}_{meal}_{slot}", "").strip()
                if recipe:
                    dishes.append((day, meal, recipe))
    try:
        menus.save_week(get_db(request), principal, menu_id, stage, week, dishes)
    except (InputError, ConflictError) as exc:
        t = nh_translator(lang_of(request), country_of(request).messages)
        return _editor(
            request,
            principal,
            menu_id,
            stage,
            week,
            errors=[f"{t('dish_refused')}: {exc}"],
            chosen=chosen,
            status_code=422,
        )
    return RedirectResponse(
        f"/nutricion/menus/{menu_id}?etapa={stage}&semana={week}&guardado=1", status_code=303
    )


@router.get("/nutricion/menus/{menu_id}/publicar")
def publication(request: Request, menu_id: PathId) -> Response:
    principal = require_user(request)
    db = get_db(request)
    context = {
        "menu": menus.get_menu(db, principal, menu_id),
        "check": menus.publication_check(db, principal, menu_id),
        "errors": [],
    }
    return _page(request, principal, "publish.html", context)


@router.post("/nutricion/menus/{menu_id}/publicar")
async def publish(request: Request, menu_id: PathId) -> Response:
    principal = require_user(request)
    form = await form_of(request, principal)
    db = get_db(request)
    try:
        menus.publish(db, principal, menu_id, confirm=form.get("confirm") == "1")
    except ConflictError as exc:
        context = {
            "menu": menus.get_menu(db, principal, menu_id),
            "check": menus.publication_check(db, principal, menu_id),
            "errors": [str(exc)],
        }
        return _page(request, principal, "publish.html", context, 409)
    return RedirectResponse(f"/nutricion/menus/{menu_id}", status_code=303)
