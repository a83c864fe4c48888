"""Menus in the store: nutritionists draft a cycle, the rules are checked on every save, a menu
with a violation cannot be published, and publishing warns (and waits for confirmation) when it
creates allergy conflicts for enrolled children. The published menu of a centre's state (or the
national one) is the centre's menu."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy.orm import Session

from redceci.errors import ConflictError, InputError, NotFoundError
from redceci.nutrition_health import sample
from redceci.nutrition_health.allergies import Conflict, Restriction, new_conflicts
from redceci.nutrition_health.menus import (
    MENU_TRANSITIONS,
    Menu,
    MenuItem,
    MenuStatus,
    cycle_position,
)
from redceci.nutrition_health.rules import MenuChecker, Violation
from redceci.nutrition_health.stages import Meal, StageTable
from redceci.platform.access import Permission, Principal
from redceci.platform.vocabulary import check_transition
from redceci.store.db import Database
from redceci.store.enrolment.models import Child
from redceci.store.nutrition_health.catalogue import check_known, food_table, recipe_book
from redceci.store.nutrition_health.children import age_months, enrolled_children
from redceci.store.nutrition_health.models import MenuItemRow, MenuRow
from redceci.store.nutrition_health.restrictions import active_restrictions
from redceci.store.platform import audit
from redceci.store.platform.models import Centre, State

STAGES = StageTable()


class ItemData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    week: int = Field(ge=1, le=8)
    day: int = Field(ge=0, le=4)
    meal: Meal
    stage: str = Field(min_length=1, max_length=40)
    recipe: str = Field(min_length=1, max_length=64)


class MenuData(BaseModel):
    """A draft cycle: national (no state) or for one state, starting on a Monday."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    weeks: int = Field(ge=1, le=8)
    state_code: str | None = Field(None, min_length=2, max_length=2)
    starts_on: dt.date
    items: list[ItemData] = Field(default_factory=list, max_length=20_000)

    @field_validator("starts_on")
    @classmethod
    def _monday(cls, value: dt.date) -> dt.date:
        if value.weekday() != 0:
            raise ValueError("a menu cycle starts on a Monday")
        return value


def as_menu(row: MenuRow) -> Menu:
    return Menu.of(
        str(row.id),
        row.name,
        row.weeks,
        [MenuItem(i.week, i.day, i.meal, i.stage, i.recipe_code) for i in row.items],
    )


def violations_of(session: Session, menu: Menu) -> list[Violation]:
    book = recipe_book(session)
    return MenuChecker(book, food_table(), STAGES).check(menu)


def _menu(session: Session, actor: Principal, menu_id: int, permission: Permission) -> MenuRow:
    actor.require(permission)
    row = session.get(MenuRow, menu_id)
    if row is None:
        raise NotFoundError(f"no menu {menu_id}")
    return row


def _set_items(session: Session, row: MenuRow, data: MenuData) -> None:
    if data.state_code is not None and session.get(State, data.state_code) is None:
        raise InputError(f"unknown state {data.state_code}")
    for item in data.items:
        STAGES[item.stage]
    menu = Menu.of(
        "new",
        data.name,
        data.weeks,
        [MenuItem(i.week, i.day, i.meal, i.stage, i.recipe) for i in data.items],
    )
    check_known(recipe_book(session), {i.recipe for i in menu.items})
    row.name, row.weeks, row.state_code, row.starts_on = (
        data.name,
        data.weeks,
        data.state_code,
        data.starts_on,
    )
    if row.id is not None:  # the old dishes go first: the new ones may repeat their keys
        row.items = []
        session.flush()
    row.items = [
        MenuItemRow(week=i.week, day=i.day, meal=i.meal, stage=i.stage, recipe_code=i.recipe)
        for i in menu.items
    ]


def describe(session: Session, row: MenuRow) -> dict[str, Any]:
    """The menu, its items and the rules it breaks now."""
    menu = as_menu(row)
    return {
        "id": row.id,
        "name": row.name,
        "weeks": row.weeks,
        "state_code": row.state_code,
        "starts_on": row.starts_on.isoformat(),
        "status": str(row.status),
        "published_at": row.published_at.isoformat() if row.published_at else None,
        "items": [asdict(i) | {"meal": str(i.meal)} for i in menu.items],
        "violations": [asdict(v) | {"rule": str(v.rule)} for v in violations_of(session, menu)],
    }


def create_menu(db: Database, actor: Principal, data: MenuData) -> dict[str, Any]:
    """A new draft (nutritionists)."""
    actor.require(Permission.MENUS_WRITE)
    with db.transaction() as session:
        row = MenuRow(status=MenuStatus.DRAFT)
        _set_items(session, row, data)
        session.add(row)
        session.flush()
        audit.record(
            session,
            actor,
            "create",
            "menu",
            row.id,
            after={"name": row.name, "items": len(row.items)},
        )
        return describe(session, row)


def update_menu(db: Database, actor: Principal, menu_id: int, data: MenuData) -> dict[str, Any]:
    """Replace a draft's cycle (a published menu goes back to draft first)."""
    with db.transaction() as session:
        row = _menu(session, actor, menu_id, Permission.MENUS_WRITE)
        if row.status is not MenuStatus.DRAFT:
            raise ConflictError(f"menu {menu_id} is {row.status}: only a draft is edited")
        before = {"name": row.name, "items": len(row.items)}
        _set_items(session, row, data)
        audit.record(
            session,
            actor,
            "update",
            "menu",
            row.id,
            before=before,
            after={"name": row.name, "items": len(row.items)},
        )
        session.flush()
        return describe(session, row)


def get_menu(db: Database, actor: Principal, menu_id: int) -> dict[str, Any]:
    with db.reading() as session:
        return describe(session, _menu(session, actor, menu_id, Permission.MENUS_READ))


def list_menus(db: Database, actor: Principal) -> list[dict[str, Any]]:
    actor.require(Permission.MENUS_READ)
    with db.reading() as session:
        rows = session.scalars(sa.select(MenuRow).order_by(MenuRow.id.desc())).all()
        return [
            {
                "id": r.id,
                "name": r.name,
                "weeks": r.weeks,
                "state_code": r.state_code,
                "status": str(r.status),
                "starts_on": r.starts_on.isoformat(),
                "items": len(r.items),
            }
            for r in rows
        ]


def _scope_children(
    session: Session, state_code: str | None, on: dt.date
) -> tuple[list[tuple[int, Any]], list[Restriction]]:
    """Children enrolled under a menu's scope, with their stage on ``on``, and their
    restrictions."""
    centres = sa.select(Centre.id)
    if state_code is not None:
        centres = centres.where(Centre.state_code == state_code)
    children: list[tuple[int, Any]] = []
    ids: list[int] = []
    for centre_id in session.scalars(centres):
        for child in enrolled_children(session, centre_id):
            stage = STAGES.for_age(age_months(child.birth_date, on))
            if stage is not None:
                children.append((child.id, stage))
                ids.append(child.id)
    return children, active_restrictions(session, ids)


def _published(session: Session, state_code: str | None) -> MenuRow | None:
    query = sa.select(MenuRow).where(MenuRow.status == MenuStatus.PUBLISHED)
    query = query.where(
        MenuRow.state_code.is_(None) if state_code is None else MenuRow.state_code == state_code
    )
    return session.scalar(query.order_by(MenuRow.published_at.desc()))


def publication_check(
    db: Database, actor: Principal, menu_id: int, on: dt.date | None = None
) -> dict[str, Any]:
    """What publishing would meet: the rule violations (which forbid it) and the allergy
    conflicts it would create against the menu it replaces (which ask for confirmation)."""
    with db.reading() as session:
        return _publication_check(
            session, _menu(session, actor, menu_id, Permission.MENUS_WRITE), on or dt.date.today()
        )


def _publication_check(session: Session, row: MenuRow, on: dt.date) -> dict[str, Any]:
    menu = as_menu(row)
    violations = violations_of(session, menu)
    previous = _published(session, row.state_code)
    before = as_menu(previous).items if previous is not None else ()
    children, restrictions = _scope_children(session, row.state_code, on)
    conflicts = new_conflicts(
        before, menu.items, children, restrictions, recipe_book(session), food_table()
    )
    names: dict[int, str] = {}
    if conflicts:
        query = sa.select(Child.id, Child.name).where(Child.id.in_({c.child_id for c in conflicts}))
        names = {row[0]: row[1] for row in session.execute(query)}
    return {
        "violations": [asdict(v) | {"rule": str(v.rule)} for v in violations],
        "conflicts": [_conflict(c, names) for c in conflicts],
    }


def _conflict(c: Conflict, names: dict[int, str]) -> dict[str, Any]:
    return asdict(c) | {"child": names.get(c.child_id, ""), "ingredients": list(c.ingredients)}


def publish(
    db: Database,
    actor: Principal,
    menu_id: int,
    *,
    confirm: bool = False,
    on: dt.date | None = None,
) -> dict[str, Any]:
    """Publish a draft (nutritionists): refused while any rule is broken; when it creates
    allergy conflicts, refused unless ``confirm``. The menu it replaces is retired."""
    with db.transaction() as session:
        row = _menu(session, actor, menu_id, Permission.MENUS_WRITE)
        check_transition(MENU_TRANSITIONS, row.status, MenuStatus.PUBLISHED, what="menu")
        found = _publication_check(session, row, on or dt.date.today())
        if found["violations"]:
            first = "; ".join(v["message_es"] for v in found["violations"][:3])
            raise ConflictError(
                f"el menú rompe {len(found['violations'])} regla(s) y no se publica: {first}"
            )
        if found["conflicts"] and not confirm:
            first = "; ".join(f"{c['child']}: {c['dish']}" for c in found["conflicts"][:3])
            raise ConflictError(
                f"el cambio crea {len(found['conflicts'])} conflicto(s) de alergia ({first}); "
                "confirme para publicar"
            )
        previous = _published(session, row.state_code)
        if previous is not None:
            previous.status = MenuStatus.RETIRED
            audit.record(session, actor, "retire", "menu", previous.id)
        row.status = MenuStatus.PUBLISHED
        row.published_at = dt.datetime.now(dt.UTC)
        row.published_by = actor.user_id
        audit.record(
            session,
            actor,
            "publish",
            "menu",
            row.id,
            after={"conflicts_confirmed": len(found["conflicts"])},
        )
        session.flush()
        return describe(session, row)


def centre_menu(session: Session, centre: Centre) -> MenuRow | None:
    """The menu a centre serves: its state's published menu, else the national one."""
    return _published(session, centre.state_code) or _published(session, None)


def menu_items_on(row: MenuRow, on: dt.date) -> tuple[MenuItem, ...]:
    """The dishes of the cycle on a date (none on weekends or before the start)."""
    try:
        week, day = cycle_position(row.weeks, row.starts_on.toordinal(), on.toordinal())
    except InputError:
        return ()
    return as_menu(row).day(week, day)


def save_week(
    db: Database,
    actor: Principal,
    menu_id: int,
    stage: str,
    week: int,
    dishes: list[tuple[int, Meal, str]],
) -> dict[str, Any]:
    """Replace one stage's week of a draft with ``dishes`` ((day, meal, recipe) triples). A dish
    that breaks a rule by itself at this stage (added sugar, sweetener, ultra-processed, seals,
    honey, salt, texture) is refused with the reason and nothing is saved; the weekly rules
    (targets, variety) are reported by the menu's check."""
    with db.transaction() as session:
        row = _menu(session, actor, menu_id, Permission.MENUS_WRITE)
        if row.status is not MenuStatus.DRAFT:
            raise ConflictError(f"menu {menu_id} is {row.status}: only a draft is edited")
        if not 1 <= week <= row.weeks:
            raise InputError(f"week {week} is outside the {row.weeks}-week cycle")
        stage_row = STAGES[stage]
        book = recipe_book(session)
        check_known(book, {recipe for _, _, recipe in dishes})
        checker = MenuChecker(book, food_table(), STAGES)
        new = [MenuItem(week, day, meal, stage, recipe) for day, meal, recipe in dishes]
        refused = [v for item in new for v in checker.item_violations(item, stage_row)]
        if refused:
            raise InputError("; ".join(v.message_es for v in refused))
        kept = [i for i in as_menu(row).items if not (i.stage == stage and i.week == week)]
        data = MenuData(
            name=row.name,
            weeks=row.weeks,
            state_code=row.state_code,
            starts_on=row.starts_on,
            items=[
                ItemData(week=i.week, day=i.day, meal=i.meal, stage=i.stage, recipe=i.recipe)
                for i in [*kept, *new]
            ],
        )
        _set_items(session, row, data)
        audit.record(
            session,
            actor,
            "update",
            "menu",
            row.id,
            after={"stage": stage, "week": week, "dishes": len(new)},
        )
        session.flush()
        return describe(session, row)


def sample_menu_data(name: str, starts_on: dt.date, state_code: str | None) -> MenuData:
    """The sample 4-week menu as a draft's content (its recipes must be stored)."""
    return MenuData(
        name=name,
        weeks=4,
        state_code=state_code,
        starts_on=starts_on,
        items=[
            ItemData(week=i.week, day=i.day, meal=i.meal, stage=i.stage, recipe=i.recipe)
            for i in sample.four_week_menu().items
        ],
    )
