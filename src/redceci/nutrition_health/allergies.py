"""Allergies and diets against the menu: which dishes a child may not eat, the substitute the
kitchen serves instead, and the conflicts a menu change would create."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from redceci.errors import InputError
from redceci.nutrition_health.foods import Allergen, FoodTable
from redceci.nutrition_health.menus import MenuItem
from redceci.nutrition_health.recipes import Recipe, RecipeBook
from redceci.nutrition_health.stages import Stage


class RestrictionKind(StrEnum):
    ALLERGY = "allergy"
    INTOLERANCE = "intolerance"
    DIET = "diet"  # medical or family diet excluding an ingredient


@dataclass(frozen=True)
class Restriction:
    """What one child may not eat: an allergen (every ingredient carrying it) or one ingredient."""

    child_id: int
    kind: RestrictionKind
    allergen: Allergen | None = None
    ingredient: str | None = None

    def __post_init__(self) -> None:
        if (self.allergen is None) == (self.ingredient is None):
            raise InputError("a restriction names either an allergen or an ingredient")

    @property
    def label(self) -> str:
        return str(self.allergen or self.ingredient)


def offending(
    recipe: Recipe, restrictions: Iterable[Restriction], foods: FoodTable
) -> tuple[str, ...]:
    """The recipe's ingredients the restrictions forbid (empty: the child may eat it)."""
    out: list[str] = []
    for restriction in restrictions:
        for code in recipe.ingredients:
            forbidden = (
                restriction.allergen in foods[code].allergens
                if restriction.allergen is not None
                else code == restriction.ingredient
            )
            if forbidden and code not in out:
                out.append(code)
    return tuple(out)


@dataclass(frozen=True)
class Substitution:
    """A child's dish replaced at a meal; ``substitute`` None means no recipe in the book fits
    (the kitchen prepares the dish without the ingredient, and the medical staff are told)."""

    child_id: int
    meal: str
    dish: str
    ingredients: tuple[str, ...]
    substitute: str | None


def substitute_for(
    recipe: Recipe,
    restrictions: Sequence[Restriction],
    stage: Stage,
    book: RecipeBook,
    foods: FoodTable,
    allowed: Iterable[str] | None = None,
) -> str | None:
    """The first recipe (by code) of the same course, with a texture the stage accepts, that the
    child may eat; ``allowed`` limits the choice (e.g. to dishes that keep the menu rules)."""
    pool = set(allowed) if allowed is not None else None
    for candidate in sorted(book, key=lambda r: r.code):
        if candidate.code == recipe.code or candidate.course is not recipe.course:
            continue
        if pool is not None and candidate.code not in pool:
            continue
        if candidate.texture not in stage.textures:
            continue
        if not offending(candidate, restrictions, foods):
            return candidate.code
    return None


def day_substitutions(
    items: Iterable[MenuItem],
    children: Iterable[tuple[int, Stage]],
    restrictions: Iterable[Restriction],
    book: RecipeBook,
    foods: FoodTable,
    allowed: Iterable[str] | None = None,
) -> list[Substitution]:
    """Each restricted child's substitution per meal of one menu day (their stage's dishes)."""
    by_child: dict[int, list[Restriction]] = {}
    for r in restrictions:
        by_child.setdefault(r.child_id, []).append(r)
    day = list(items)
    allowed_list = list(allowed) if allowed is not None else None
    out = []
    for child_id, stage in children:
        own = by_child.get(child_id)
        if not own:
            continue
        for item in day:
            if item.stage != stage.code or item.recipe not in book:
                continue
            recipe = book[item.recipe]
            bad = offending(recipe, own, foods)
            if bad:
                out.append(
                    Substitution(
                        child_id,
                        str(item.meal),
                        recipe.code,
                        bad,
                        substitute_for(recipe, own, stage, book, foods, allowed_list),
                    )
                )
    return out


@dataclass(frozen=True)
class Conflict:
    """A dish a child may not eat, somewhere in a menu cycle."""

    child_id: int
    week: int
    day: int
    meal: str
    dish: str
    ingredients: tuple[str, ...]


def menu_conflicts(
    items: Iterable[MenuItem],
    children: Iterable[tuple[int, Stage]],
    restrictions: Iterable[Restriction],
    book: RecipeBook,
    foods: FoodTable,
) -> set[Conflict]:
    """Every (child, dish) conflict of a whole cycle."""
    by_child: dict[int, list[Restriction]] = {}
    for r in restrictions:
        by_child.setdefault(r.child_id, []).append(r)
    items = list(items)
    out = set()
    for child_id, stage in children:
        own = by_child.get(child_id)
        if not own:
            continue
        for item in items:
            if item.stage == stage.code and item.recipe in book:
                bad = offending(book[item.recipe], own, foods)
                if bad:
                    out.add(
                        Conflict(child_id, item.week, item.day, str(item.meal), item.recipe, bad)
                    )
    return out


def new_conflicts(
    before: Iterable[MenuItem],
    after: Iterable[MenuItem],
    children: Sequence[tuple[int, Stage]],
    restrictions: Sequence[Restriction],
    book: RecipeBook,
    foods: FoodTable,
) -> list[Conflict]:
    """The conflicts a menu change creates (in ``after`` and not in ``before``): the warning shown
    before publishing."""
    old = menu_conflicts(before, children, restrictions, book, foods)
    new = menu_conflicts(after, children, restrictions, book, foods)
    return sorted(new - old, key=lambda c: (c.week, c.day, c.meal, c.child_id, c.dish))


@dataclass(frozen=True)
class ServedSafely:
    """The network's "allergies served without incident" over a period: meals served to
    children with a recorded allergy, the allergic reactions among them, and reactions in
    children with no allergy on record (a first reaction, or a record missing)."""

    children: int = 0
    meals: int = 0
    reactions: int = 0
    unrecorded: int = 0

    def __add__(self, other: ServedSafely) -> ServedSafely:
        return ServedSafely(
            self.children + other.children,
            self.meals + other.meals,
            self.reactions + other.reactions,
            self.unrecorded + other.unrecorded,
        )

    @property
    def rate(self) -> float | None:
        """Share of those meals served without an allergic reaction (None: no meal)."""
        if self.meals == 0:
            return None
        return max(0, self.meals - self.reactions) / self.meals


def served_safely(
    allergic: Iterable[int],
    meals: Iterable[int],
    reactions: Iterable[int | None],
) -> ServedSafely:
    """The summary from the allergic children's ids, the child of every meal served and the
    child of every allergic reaction (None: no child named)."""
    known = set(allergic)
    served = sum(1 for c in meals if c in known)
    hits = list(reactions)
    among = sum(1 for c in hits if c in known)
    return ServedSafely(len(known), served, among, len(hits) - among)
