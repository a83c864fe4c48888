"""A 4-week menu for every age stage built from the sample dishes (``dishes``) that keeps every
rule of the default ``MenuRules``: for the demo, the tests and the bench. ASSUMPTION: written for
redceci, not an IMSS menu."""

from __future__ import annotations

from redceci.nutrition_health.dishes import FRUITS, book, recipes
from redceci.nutrition_health.menus import WEEKDAYS, Menu, MenuItem
from redceci.nutrition_health.stages import Meal

__all__ = ["book", "four_week_menu", "recipes"]

_BREAKFAST = [
    "avena_platano",
    "huevo_mexicana",
    "tacos_frijol",
    "amaranto_leche",
    "tortitas_papa",
    "arroz_leche",
]
_SOUPS = ["sopa_verduras", "caldo_pollo", "sopa_lentejas", "crema_calabaza", "sopa_fideo"]
_MAINS = [
    "pollo_cacahuate",
    "picadillo",
    "tilapia_verduras",
    "tinga_pollo",
    "albondigas",
    "pollo_verduras",
]
_SIDES = [
    "arroz_blanco",
    "frijoles_olla",
    "pure_papa",
    "calabacitas",
    "nopales_ensalada",
    "espinacas_papa",
]
_INFANT_CEREAL = [
    "papilla_avena",
    "papilla_arroz",
    "papilla_amaranto",
    "papilla_avena_mango",
    "papilla_arroz_papaya",
]
_PUREES = [
    "pure_pollo_calabaza",
    "pure_res_zanahoria",
    "pure_lentejas",
    "pure_frijol_huevo",
    "pure_pescado",
]
_MINCED = [
    "picado_pollo_arroz",
    "picado_res_papa",
    "picado_pescado",
    "picado_lentejas",
    "picado_huevo",
]
_FRUIT_CODES = [f[0] for f in FRUITS]


def _pick(options: list[str], week: int, day: int, offset: int = 0) -> str:
    return options[(day + week + offset) % len(options)]


def _family_day(week: int, day: int, stage: str) -> list[MenuItem]:
    fruit_am = _FRUIT_CODES[(2 * day + week) % len(_FRUIT_CODES)]
    fruit_pm = _FRUIT_CODES[(2 * day + week + 1) % len(_FRUIT_CODES)]
    dishes = [
        (Meal.BREAKFAST, _pick(_BREAKFAST, week, day)),
        (Meal.BREAKFAST, "leche"),
        (Meal.MORNING_SNACK, f"fruta_{fruit_am}"),
        (Meal.LUNCH, _pick(_SOUPS, week, day)),
        (Meal.LUNCH, _pick(_MAINS, week, day)),
        (Meal.LUNCH, _pick(_SIDES, week, day, 2)),
        (Meal.LUNCH, "agua_pepino" if day % 2 else "agua"),
        (Meal.AFTERNOON_SNACK, f"fruta_{fruit_pm}"),
        (Meal.AFTERNOON_SNACK, "leche"),
    ]
    return [MenuItem(week, day, meal, stage, recipe) for meal, recipe in dishes]


def _infant_day(week: int, day: int, stage: str, *, minced: bool) -> list[MenuItem]:
    fruit_am = _FRUIT_CODES[(2 * day + week) % len(_FRUIT_CODES)]
    fruit_pm = _FRUIT_CODES[(2 * day + week + 1) % len(_FRUIT_CODES)]
    kind = "fruta" if minced else "pure"
    dishes = [
        (Meal.BREAKFAST, "leche_materna"),
        (Meal.BREAKFAST, _pick(_INFANT_CEREAL, week, day)),
        (Meal.MORNING_SNACK, f"{kind}_{fruit_am}"),
        (Meal.LUNCH, _pick(_MINCED if minced else _PUREES, week, day)),
        (Meal.LUNCH, "leche_materna"),
        (Meal.AFTERNOON_SNACK, f"{kind}_{fruit_pm}"),
        (Meal.AFTERNOON_SNACK, "leche_materna"),
    ]
    seen: set[tuple[Meal, str]] = set()
    out = []
    for meal, recipe in dishes:
        if (meal, recipe) not in seen:
            seen.add((meal, recipe))
            out.append(MenuItem(week, day, meal, stage, recipe))
    return out


def four_week_menu(code: str = "ciclo-4-semanas", weeks: int = 4) -> Menu:
    """A menu for every stage that keeps every rule of ``MenuRules`` (each pack's front-of-pack
    rule included)."""
    items: list[MenuItem] = []
    for week in range(1, weeks + 1):
        for day in range(WEEKDAYS):
            for meal in Meal:
                items.append(MenuItem(week, day, meal, "lactante_0_5", "leche_materna"))
            items += _infant_day(week, day, "lactante_6_8", minced=False)
            items += _infant_day(week, day, "lactante_9_11", minced=True)
            for stage in ("maternal_12_23", "maternal_24_35", "preescolar_36_59"):
                items += _family_day(week, day, stage)
    return Menu.of(code, "Ciclo de 4 semanas (muestra)", weeks, items)
