"""Allergies against the menu (substitutions, conflicts a change creates) and kitchen
quantities from expected attendance."""

from __future__ import annotations

import dataclasses

import pytest

from redceci.errors import InputError
from redceci.nutrition_health import sample
from redceci.nutrition_health.allergies import (
    Restriction,
    RestrictionKind,
    day_substitutions,
    new_conflicts,
)
from redceci.nutrition_health.foods import Allergen, FoodTable
from redceci.nutrition_health.kitchen import day_quantities, expected_children, purchase_list
from redceci.nutrition_health.recipes import RecipeBook
from redceci.nutrition_health.stages import StageTable

STAGES = StageTable()
PEANUT = Restriction(7, RestrictionKind.ALLERGY, allergen=Allergen.PEANUT)


def _peanut_day(menu_items: tuple, stage: str) -> tuple[int, int]:
    for item in menu_items:
        if item.stage == stage and item.recipe == "pollo_cacahuate":
            return item.week, item.day
    raise AssertionError("the sample menu serves pollo encacahuatado")


def test_a_child_allergic_to_peanut_gets_a_peanut_free_substitute(
    foods: FoodTable, book: RecipeBook
) -> None:
    menu = sample.four_week_menu()
    week, day = _peanut_day(menu.items, "preescolar_36_59")
    subs = day_substitutions(
        menu.day(week, day),
        [(7, STAGES["preescolar_36_59"]), (8, STAGES["preescolar_36_59"])],
        [PEANUT],
        book,
        foods,
    )
    assert len(subs) == 1
    sub = subs[0]
    assert (sub.child_id, sub.meal, sub.dish, sub.ingredients) == (
        7,
        "lunch",
        "pollo_cacahuate",
        ("peanuts",),
    )
    assert sub.substitute is not None
    substitute = book[sub.substitute]
    assert substitute.course is book["pollo_cacahuate"].course
    assert Allergen.PEANUT not in substitute.allergens(foods)


def test_a_restriction_names_an_allergen_or_an_ingredient_not_both() -> None:
    with pytest.raises(InputError):
        Restriction(1, RestrictionKind.DIET, allergen=Allergen.MILK, ingredient="milk_whole")


def test_a_menu_change_that_serves_peanut_warns_before_publishing(
    foods: FoodTable, book: RecipeBook
) -> None:
    menu = sample.four_week_menu()
    before = [i for i in menu.items if i.recipe != "pollo_cacahuate"]
    children = [(7, STAGES["preescolar_36_59"])]
    created = new_conflicts(before, menu.items, children, [PEANUT], book, foods)
    assert created and {c.dish for c in created} == {"pollo_cacahuate"}
    assert new_conflicts(menu.items, menu.items, children, [PEANUT], book, foods) == []


def test_kitchen_quantities_follow_expected_children_and_portions(book: RecipeBook) -> None:
    expected = expected_children(
        {"preescolar_36_59": 20, "maternal_24_35": 10}, {"preescolar_36_59": 3}
    )
    assert expected == {"preescolar_36_59": 17, "maternal_24_35": 10}
    menu = sample.four_week_menu()
    day = menu.day(1, 0)
    dishes = day_quantities(day, expected, book, STAGES)
    soup = next(d for d in dishes if d.meal == "lunch" and book[d.dish].course.value == "soup")
    grams = 17 * 180 + 10 * 150  # soup portions of the two stages
    assert soup.cooked_g == pytest.approx(grams)
    recipe = book[soup.dish]
    for line in recipe.lines:
        assert soup.ingredients[line.ingredient] == pytest.approx(
            line.gross_g * grams / recipe.yield_g
        )
    days = [day_quantities(menu.day(1, d), expected, book, STAGES) for d in range(5)]
    week = purchase_list(days)
    milk = sum(d.ingredients.get("milk_whole", 0.0) for day_ in days for d in day_)
    assert week["milk_whole"] == pytest.approx(milk) and milk > 0


def test_a_substituted_child_is_cooked_for_once_on_the_substitute(
    foods: FoodTable, book: RecipeBook
) -> None:
    menu = sample.four_week_menu()
    week, day = _peanut_day(menu.items, "preescolar_36_59")
    items = menu.day(week, day)
    subs = day_substitutions(items, [(7, STAGES["preescolar_36_59"])], [PEANUT], book, foods)
    plain = day_quantities(items, {"preescolar_36_59": 10}, book, STAGES)
    moved = day_quantities(
        items, {"preescolar_36_59": 10}, book, STAGES, subs, {7: "preescolar_36_59"}
    )
    by = {(d.meal, d.dish): d.portions for d in moved}
    assert by[("lunch", "pollo_cacahuate")] == {"preescolar_36_59": 9}
    assert by[("lunch", subs[0].substitute)] == {"preescolar_36_59": 1}
    assert sum(sum(d.portions.values()) for d in plain) == sum(
        sum(d.portions.values()) for d in moved
    )


def test_a_recipe_line_needs_net_within_gross() -> None:
    from redceci.nutrition_health.recipes import RecipeLine

    with pytest.raises(InputError, match="net grams"):
        RecipeLine("banana", 100, 120)
    assert dataclasses.asdict(RecipeLine("banana", 150, 100))["net_g"] == 100
