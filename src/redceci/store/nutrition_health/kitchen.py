"""A centre's kitchen: the day's sheet (children expected per stage, what to cook per dish, each
restricted child's substitution per meal) and the week's purchase list, from the centre's
published menu. Expected children are the enrolled ones by age stage, minus absences.

Absences come from operations: the children whose guardians sent an absence notice covering
the day (``store.operations.roster.absent_children``) are neither counted nor substituted; a
caller may still pass its own ``absent`` ids.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from redceci.nutrition_health.allergies import Substitution, day_substitutions
from redceci.nutrition_health.kitchen import (
    DishQuantity,
    day_quantities,
    expected_children,
    purchase_list,
)
from redceci.nutrition_health.stages import StageTable
from redceci.platform.access import Permission, Principal
from redceci.store.db import Database
from redceci.store.enrolment.models import Child
from redceci.store.nutrition_health.catalogue import food_table, recipe_book
from redceci.store.nutrition_health.children import age_months, centre_for, enrolled_children
from redceci.store.nutrition_health.menus import centre_menu, menu_items_on
from redceci.store.nutrition_health.restrictions import active_restrictions
from redceci.store.operations.roster import absent_children
from redceci.store.platform import audit
from redceci.store.platform.models import Centre

STAGES = StageTable()


def _day(
    session: Session, centre: Centre, on: dt.date, absent: Collection[int] | None
) -> dict[str, Any]:
    if absent is None:
        absent = absent_children(session, centre.id, on)
    menu = centre_menu(session, centre)
    children = enrolled_children(session, centre.id)
    staged: list[tuple[Child, Any]] = []
    for child in children:
        stage = STAGES.for_age(age_months(child.birth_date, on))
        if stage is not None:
            staged.append((child, stage))
    enrolled = Counter(stage.code for _, stage in staged)
    away = Counter(stage.code for child, stage in staged if child.id in absent)
    expected = expected_children(dict(enrolled), away)
    staged = [(child, stage) for child, stage in staged if child.id not in absent]
    items = menu_items_on(menu, on) if menu is not None else ()
    book = recipe_book(session)
    foods = food_table()
    restrictions = active_restrictions(session, [c.id for c, _ in staged])
    subs: list[Substitution] = day_substitutions(
        items, [(c.id, s) for c, s in staged], restrictions, book, foods
    )
    stage_of = {c.id: s.code for c, s in staged}
    names = {c.id: c.name for c, _ in staged}
    dishes = day_quantities(items, expected, book, STAGES, subs, stage_of)
    return {
        "centre_id": centre.id,
        "centre": centre.name,
        "date": on.isoformat(),
        "menu_id": menu.id if menu else None,
        "enrolled": dict(enrolled),
        "absent": dict(away),
        "expected": expected,
        "dishes": [asdict(d) | {"name_es": book[d.dish].name_es} for d in dishes],
        "substitutions": [
            asdict(s)
            | {
                "child": names.get(s.child_id, ""),
                "stage": stage_of.get(s.child_id),
                "dish_name": book[s.dish].name_es,
                "substitute_name": book[s.substitute].name_es if s.substitute else None,
                "ingredients": [foods[i].name_es for i in s.ingredients],
            }
            for s in subs
        ],
    }


def kitchen_sheet(
    db: Database,
    actor: Principal,
    centre_id: int,
    on: dt.date,
    absent: Collection[int] | None = None,
) -> dict[str, Any]:
    """The day's kitchen sheet (names children with substitutions: the read is audited);
    ``absent`` defaults to the children with an absence notice for the day."""
    with db.transaction() as session:
        centre = centre_for(session, actor, centre_id, Permission.KITCHEN)
        sheet = _day(session, centre, on, absent)
        audit.record(
            session,
            actor,
            "read",
            "kitchen_sheet",
            centre_id,
            after={"date": on.isoformat(), "children": len(sheet["substitutions"])},
        )
        return sheet


def allergy_alerts(
    db: Database, actor: Principal, centre_id: int, on: dt.date
) -> list[dict[str, Any]]:
    """Per child and meal, the dish they must not be served and what to serve instead: the
    alert the staff room page shows at serving time."""
    subs: list[dict[str, Any]] = kitchen_sheet(db, actor, centre_id, on)["substitutions"]
    return subs


def week_purchases(
    db: Database, actor: Principal, centre_id: int, monday: dt.date
) -> dict[str, Any]:
    """Grams of each ingredient to buy for the week starting ``monday`` (enrolled children
    less those notified absent)."""
    with db.reading() as session:
        centre = centre_for(session, actor, centre_id, Permission.KITCHEN)
        days = []
        for offset in range(5):
            sheet = _day(session, centre, monday + dt.timedelta(days=offset), None)
            days.append(day_quantities_from(sheet))
        total = purchase_list(days)
        foods = food_table()
        return {
            "centre_id": centre_id,
            "week_of": monday.isoformat(),
            "items": [
                {"ingredient": k, "name_es": foods[k].name_es, "grams": round(v, 1)}
                for k, v in total.items()
            ],
        }


def day_quantities_from(sheet: dict[str, Any]) -> list[DishQuantity]:
    """The sheet's dishes back as quantities (for the purchase list)."""
    return [
        DishQuantity(d["meal"], d["dish"], d["portions"], d["cooked_g"], d["ingredients"])
        for d in sheet["dishes"]
    ]
