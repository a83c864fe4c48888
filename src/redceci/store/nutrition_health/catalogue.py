"""The recipe book in the store: nutritionists write recipes from the composition table's
ingredients (checked by the domain: quantities, known ingredients); everyone with menus access
reads them with their nutrients and the rules each breaks."""

from __future__ import annotations

from functools import cache
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from redceci.data.food_composition import read_food_table
from redceci.errors import InputError
from redceci.nutrition_health import sample
from redceci.nutrition_health.foods import NUTRIENTS, FoodTable, seals
from redceci.nutrition_health.recipes import Recipe, RecipeBook, RecipeLine
from redceci.nutrition_health.rules import active_menu_rules
from redceci.nutrition_health.stages import Course, Texture
from redceci.platform.access import Permission, Principal
from redceci.store.db import Database
from redceci.store.nutrition_health.models import RecipeRow
from redceci.store.platform import audit


@cache
def food_table() -> FoodTable:
    """The packaged composition table, read once per process."""
    return read_food_table()


class LineData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    ingredient: str = Field(min_length=1, max_length=64)
    gross_g: float = Field(gt=0, le=100_000)
    net_g: float = Field(gt=0, le=100_000)


class RecipeData(BaseModel):
    """A recipe as written by a nutritionist: a batch and its cooked yield."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    code: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_\-]+$")
    name_es: str = Field(min_length=1, max_length=200)
    course: Course
    texture: Texture
    yield_g: float = Field(gt=0, le=1_000_000)
    lines: list[LineData] = Field(default_factory=list, max_length=40)


def to_domain(row: RecipeRow) -> Recipe:
    return Recipe(
        row.code,
        row.name_es,
        row.course,
        row.texture,
        tuple(RecipeLine(str(i), float(g), float(n)) for i, g, n in row.lines),
        row.yield_g,
    )


def recipe_book(session: Session) -> RecipeBook:
    """Every stored recipe as the domain's book."""
    return RecipeBook.of(to_domain(r) for r in session.scalars(sa.select(RecipeRow)))


def _validated(data: RecipeData) -> Recipe:
    recipe = Recipe(
        data.code,
        data.name_es,
        data.course,
        data.texture,
        tuple(RecipeLine(x.ingredient, x.gross_g, x.net_g) for x in data.lines),
        data.yield_g,
    )
    recipe.check(food_table())
    return recipe


def save_recipe(db: Database, actor: Principal, data: RecipeData) -> dict[str, Any]:
    """Create or replace the recipe ``data.code`` (nutritionists)."""
    actor.require(Permission.MENUS_WRITE)
    recipe = _validated(data)
    with db.transaction() as session:
        row = session.scalar(sa.select(RecipeRow).where(RecipeRow.code == data.code))
        before = audit.snapshot(row) if row else None
        if row is None:
            row = RecipeRow(code=data.code)
            session.add(row)
        row.name_es, row.course, row.texture = data.name_es, data.course, data.texture
        row.yield_g = data.yield_g
        row.lines = [[x.ingredient, x.gross_g, x.net_g] for x in data.lines]
        session.flush()
        audit.record(
            session,
            actor,
            "update" if before else "create",
            "recipe",
            row.id,
            before=before,
            after=audit.snapshot(row),
        )
    return describe(recipe)


def describe(recipe: Recipe) -> dict[str, Any]:
    """A recipe with its nutrients per 100 g, allergens and what its ingredients break."""
    foods = food_table()
    per_100g = recipe.per_100g(foods)
    return {
        "code": recipe.code,
        "name_es": recipe.name_es,
        "course": str(recipe.course),
        "texture": str(recipe.texture),
        "yield_g": recipe.yield_g,
        "lines": [
            {
                "ingredient": x.ingredient,
                "name_es": foods[x.ingredient].name_es,
                "gross_g": x.gross_g,
                "net_g": x.net_g,
                "nova": foods[x.ingredient].nova,
                "additive": foods[x.ingredient].additive,
                "seals": list(seals(foods[x.ingredient], active_menu_rules().seals)),
            }
            for x in recipe.lines
        ],
        "per_100g": {n: round(float(v), 2) for n, v in zip(NUTRIENTS, per_100g, strict=True)},
        "allergens": sorted(str(a) for a in recipe.allergens(foods)),
    }


def list_recipes(db: Database, actor: Principal) -> list[dict[str, Any]]:
    actor.require(Permission.MENUS_READ)
    with db.reading() as session:
        return [describe(r) for r in sorted(recipe_book(session), key=lambda r: r.code)]


def ingredients(actor: Principal) -> list[dict[str, Any]]:
    """The composition table (every row with its source)."""
    actor.require(Permission.MENUS_READ)
    foods = food_table()
    return [
        {
            "code": c,
            "name_es": foods[c].name_es,
            "nova": foods[c].nova,
            "additive": foods[c].additive,
            "allergens": sorted(foods[c].allergens),
            "seals": list(seals(foods[c], active_menu_rules().seals)),
            "source": foods[c].source,
            "fdc_description": foods[c].fdc_description,
            "fdc_data_type": foods[c].fdc_data_type,
            "per_100g": dict(foods[c].nutrients),
        }
        for c in foods.codes
    ]


def load_sample_recipes(db: Database, actor: Principal) -> int:
    """Store the sample recipe book's dishes that are not stored yet (demo)."""
    actor.require(Permission.MENUS_WRITE)
    added = 0
    with db.transaction() as session:
        known = set(session.scalars(sa.select(RecipeRow.code)))
        for recipe in sample.recipes():
            if recipe.code in known:
                continue
            recipe.check(food_table())
            session.add(
                RecipeRow(
                    code=recipe.code,
                    name_es=recipe.name_es,
                    course=recipe.course,
                    texture=recipe.texture,
                    yield_g=recipe.yield_g,
                    lines=[[x.ingredient, x.gross_g, x.net_g] for x in recipe.lines],
                )
            )
            added += 1
        audit.record(session, actor, "create", "recipe_book", None, after={"added": added})
    return added


def check_known(book: RecipeBook, codes: set[str]) -> None:
    unknown = sorted(codes - set(book.recipes))
    if unknown:
        raise InputError(f"unknown recipes: {', '.join(unknown[:10])}")
