"""Kitchen quantities: from a day's expected children per stage (enrolled minus absence notices)
and the portions, the cooked grams per dish and the ingredients to buy; and a week's purchase
list per centre."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from redceci.nutrition_health.allergies import Substitution
from redceci.nutrition_health.menus import MenuItem
from redceci.nutrition_health.recipes import RecipeBook
from redceci.nutrition_health.stages import StageTable


@dataclass(frozen=True)
class DishQuantity:
    """One dish of one meal: portions per stage, cooked grams, ingredients to buy (gross g)."""

    meal: str
    dish: str
    portions: dict[str, int]
    cooked_g: float
    ingredients: dict[str, float]


def expected_children(enrolled: Mapping[str, int], absent: Mapping[str, int]) -> dict[str, int]:
    """Children expected per stage: enrolled minus those with an absence notice (never below 0)."""
    return {s: max(n - absent.get(s, 0), 0) for s, n in enrolled.items()}


def day_quantities(
    items: Iterable[MenuItem],
    expected: Mapping[str, int],
    book: RecipeBook,
    stages: StageTable,
    substitutions: Iterable[Substitution] = (),
    child_stage: Mapping[int, str] | None = None,
) -> list[DishQuantity]:
    """What to cook for one day. A substituted child's portion moves from the dish to its
    substitute (``child_stage`` gives each substituted child's stage)."""
    portions: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for item in items:
        count = expected.get(item.stage, 0)
        if count:
            portions[(str(item.meal), item.recipe)][item.stage] += count
    stage_of = child_stage or {}
    for sub in substitutions:
        stage = stage_of.get(sub.child_id)
        if stage is None:
            continue
        here = portions.get((sub.meal, sub.dish))
        if here and here.get(stage, 0) > 0:
            here[stage] -= 1
        if sub.substitute is not None:
            portions[(sub.meal, sub.substitute)][stage] += 1
    out = []
    for (meal, dish), per_stage in sorted(portions.items()):
        per_stage = {s: n for s, n in per_stage.items() if n > 0}
        if not per_stage:
            continue
        recipe = book[dish]
        cooked = sum(n * stages[s].portions_g.get(recipe.course, 0.0) for s, n in per_stage.items())
        out.append(DishQuantity(meal, dish, per_stage, cooked, recipe.gross_for(cooked)))
    return out


def purchase_list(days: Iterable[Iterable[DishQuantity]]) -> dict[str, float]:
    """Total grams to buy of each ingredient over the days (a week's list)."""
    total: dict[str, float] = defaultdict(float)
    for day in days:
        for dish in day:
            for code, grams in dish.ingredients.items():
                total[code] += grams
    return dict(sorted(total.items()))
