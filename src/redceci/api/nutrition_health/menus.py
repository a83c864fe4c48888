"""Recipes, menus (checked against the rules, published by nutritionists), the centres' kitchen
sheets, purchase lists and allergy alerts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import status

from redceci.api.deps import CurrentPrincipal, DatabaseDep
from redceci.api.errors import problems
from redceci.api.nutrition_health.schemas import Confirm, Id, OnDate, RecipeCode, VaccineSchedule
from redceci.api.routing import CapabilityRouter
from redceci.errors import InputError
from redceci.store.nutrition_health import catalogue, dashboard, kitchen, menus
from redceci.store.nutrition_health.catalogue import RecipeData
from redceci.store.nutrition_health.menus import MenuData

router = CapabilityRouter(prefix="/api/nutrition", tags=["nutrition"])


@router.get(
    "/ingredients",
    summary="The food composition table, each row with its source",
    responses=problems(401, 403),
)
def ingredients(principal: CurrentPrincipal) -> list[dict[str, Any]]:
    return catalogue.ingredients(principal)


@router.get(
    "/recipes",
    summary="The recipe book with nutrients, allergens and seals",
    responses=problems(401, 403),
)
def recipes(principal: CurrentPrincipal, db: DatabaseDep) -> list[dict[str, Any]]:
    return catalogue.list_recipes(db, principal)


@router.put(
    "/recipes/{code}",
    summary="Write a recipe (nutritionists)",
    responses=problems(401, 403, 409, 422),
)
def save_recipe(
    code: RecipeCode, body: RecipeData, principal: CurrentPrincipal, db: DatabaseDep
) -> dict[str, Any]:
    if body.code != code:
        raise InputError(f"the body's code {body.code!r} is not the path's {code!r}")
    return catalogue.save_recipe(db, principal, body)


@router.get("/menus", summary="Menu cycles, newest first", responses=problems(401, 403))
def list_menus(principal: CurrentPrincipal, db: DatabaseDep) -> list[dict[str, Any]]:
    return menus.list_menus(db, principal)


@router.post(
    "/menus",
    status_code=status.HTTP_201_CREATED,
    summary="Draft a menu cycle; the answer lists the rules it breaks",
    responses=problems(401, 403, 409, 422),
)
def create_menu(body: MenuData, principal: CurrentPrincipal, db: DatabaseDep) -> dict[str, Any]:
    return menus.create_menu(db, principal, body)


@router.get(
    "/menus/{menu_id}",
    summary="A menu, its dishes and the rules it breaks",
    responses=problems(401, 403, 404),
)
def get_menu(menu_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> dict[str, Any]:
    return menus.get_menu(db, principal, menu_id)


@router.put(
    "/menus/{menu_id}",
    summary="Replace a draft's cycle",
    responses=problems(401, 403, 404, 409, 422),
)
def update_menu(
    menu_id: Id, body: MenuData, principal: CurrentPrincipal, db: DatabaseDep
) -> dict[str, Any]:
    return menus.update_menu(db, principal, menu_id, body)


@router.get(
    "/menus/{menu_id}/publication",
    summary="What publishing would meet: rule violations and new allergy conflicts",
    responses=problems(401, 403, 404),
)
def publication(
    menu_id: Id, principal: CurrentPrincipal, db: DatabaseDep, on: OnDate = None
) -> dict[str, Any]:
    return menus.publication_check(db, principal, menu_id, on)


@router.post(
    "/menus/{menu_id}/publish",
    summary="Publish (refused while a rule is broken; conflicts need confirm=true)",
    responses=problems(401, 403, 404, 409),
)
def publish(
    menu_id: Id,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    confirm: Confirm = False,
    on: OnDate = None,
) -> dict[str, Any]:
    return menus.publish(db, principal, menu_id, confirm=confirm, on=on)


@router.get(
    "/centres/{centre_id}/kitchen",
    summary="The day's kitchen sheet: quantities per dish and each child's substitution",
    responses=problems(401, 403, 404),
)
def kitchen_sheet(
    centre_id: Id, principal: CurrentPrincipal, db: DatabaseDep, on: OnDate = None
) -> dict[str, Any]:
    return kitchen.kitchen_sheet(db, principal, centre_id, on or dt.date.today())


@router.get(
    "/centres/{centre_id}/allergy-alerts",
    summary="Children and meals where a dish must be substituted today",
    responses=problems(401, 403, 404),
)
def allergy_alerts(
    centre_id: Id, principal: CurrentPrincipal, db: DatabaseDep, on: OnDate = None
) -> list[dict[str, Any]]:
    return kitchen.allergy_alerts(db, principal, centre_id, on or dt.date.today())


@router.get(
    "/centres/{centre_id}/purchases",
    summary="The week's purchase list (grams per ingredient), from the given Monday",
    responses=problems(401, 403, 404, 422),
)
def purchases(
    centre_id: Id, principal: CurrentPrincipal, db: DatabaseDep, on: OnDate = None
) -> dict[str, Any]:
    day = on or dt.date.today()
    monday = day - dt.timedelta(days=day.weekday())
    return kitchen.week_purchases(db, principal, centre_id, monday)


@router.get(
    "/network",
    summary="Network dashboard: prevalence, vaccination, menus, allergies "
    "(aggregates; small cells suppressed)",
    responses=problems(401, 403),
)
def network(
    principal: CurrentPrincipal, db: DatabaseDep, schedule: VaccineSchedule, on: OnDate = None
) -> dict[str, Any]:
    return dashboard.network(db, principal, schedule, on=on)
