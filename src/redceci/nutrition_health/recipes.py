"""Recipes: ingredients with gross (as bought) and net (edible) grams for a batch, the batch's
cooked yield, its course and texture; nutrients per 100 g cooked and per portion."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from redceci.errors import InputError
from redceci.nutrition_health.foods import NUTRIENTS, Allergen, FoodTable
from redceci.nutrition_health.stages import Course, Texture


@dataclass(frozen=True)
class RecipeLine:
    """One ingredient of a batch: grams bought (gross) and grams used after trimming (net)."""

    ingredient: str
    gross_g: float
    net_g: float

    def __post_init__(self) -> None:
        if not 0 < self.net_g <= self.gross_g:
            raise InputError(
                f"ingredient {self.ingredient}: need 0 < net grams ({self.net_g}) "
                f"<= gross grams ({self.gross_g})"
            )


@dataclass(frozen=True)
class Recipe:
    """A dish: a batch of ``lines`` that yields ``yield_g`` grams cooked (mL for drinks).

    Nutrients come from the raw ingredients' net weights (ASSUMPTION: no retention factors for
    cooking losses; the yield only sets the density per cooked gram).
    """

    code: str
    name_es: str
    course: Course
    texture: Texture
    lines: tuple[RecipeLine, ...]
    yield_g: float

    def __post_init__(self) -> None:
        if self.yield_g <= 0:
            raise InputError(f"recipe {self.code}: the yield must be positive")
        seen = [line.ingredient for line in self.lines]
        if len(set(seen)) != len(seen):
            raise InputError(f"recipe {self.code}: an ingredient is listed twice")
        if not self.lines and self.course is not Course.MILK:
            raise InputError(f"recipe {self.code}: a dish needs at least one ingredient")

    @property
    def ingredients(self) -> tuple[str, ...]:
        return tuple(line.ingredient for line in self.lines)

    def check(self, foods: FoodTable) -> None:
        """Raise ``InputError`` naming any ingredient the table does not know."""
        for line in self.lines:
            if line.ingredient not in foods:
                raise InputError(f"recipe {self.code}: unknown ingredient {line.ingredient!r}")

    def per_100g(self, foods: FoodTable) -> npt.NDArray[np.float64]:
        """Nutrients per 100 g cooked, in ``NUTRIENTS`` order (breast milk: zeros, not tracked)."""
        self.check(foods)
        total = np.zeros(len(NUTRIENTS))
        for line in self.lines:
            total += foods.matrix[foods.row(line.ingredient)] * line.net_g / 100.0
        return total * 100.0 / self.yield_g

    def allergens(self, foods: FoodTable) -> dict[Allergen, tuple[str, ...]]:
        """Each allergen the dish contains, with the ingredients that bring it."""
        out: dict[Allergen, list[str]] = {}
        for line in self.lines:
            for allergen in foods[line.ingredient].allergens:
                out.setdefault(allergen, []).append(line.ingredient)
        return {a: tuple(v) for a, v in out.items()}

    def gross_for(self, cooked_g: float) -> dict[str, float]:
        """Grams of each ingredient to buy to serve ``cooked_g`` grams of the dish."""
        factor = cooked_g / self.yield_g
        return {line.ingredient: line.gross_g * factor for line in self.lines}


@dataclass(frozen=True)
class RecipeBook:
    """The recipes a menu may use, by code."""

    recipes: Mapping[str, Recipe]

    @classmethod
    def of(cls, recipes: Iterable[Recipe], foods: FoodTable | None = None) -> RecipeBook:
        out: dict[str, Recipe] = {}
        for recipe in recipes:
            if recipe.code in out:
                raise InputError(f"recipe {recipe.code} is listed twice")
            if foods is not None:
                recipe.check(foods)
            out[recipe.code] = recipe
        return cls(out)

    def __getitem__(self, code: str) -> Recipe:
        try:
            return self.recipes[code]
        except KeyError:
            raise InputError(f"unknown recipe {code!r}") from None

    def __contains__(self, code: object) -> bool:
        return code in self.recipes

    def __iter__(self) -> Iterator[Recipe]:
        return iter(self.recipes.values())
