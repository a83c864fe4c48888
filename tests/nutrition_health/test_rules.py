"""The menu rules: the sample menu keeps them all; each broken rule names the dish and the
ingredient to blame."""

from __future__ import annotations

import dataclasses

from redceci.countries import country_pack
from redceci.nutrition_health import sample
from redceci.nutrition_health.foods import FoodTable, Seal, seals
from redceci.nutrition_health.menus import Menu, MenuItem
from redceci.nutrition_health.recipes import Recipe, RecipeBook, RecipeLine
from redceci.nutrition_health.rules import MenuChecker, MenuRules, Rule, menu_rules_for
from redceci.nutrition_health.stages import Course, Meal, Texture


def _with(book: RecipeBook, *recipes: Recipe) -> RecipeBook:
    return RecipeBook({**book.recipes, **{r.code: r for r in recipes}})


def _swap(menu: Menu, stage: str, old: str, new: str, *, first_only: bool = True) -> Menu:
    items, done = [], False
    for item in menu.items:
        if item.stage == stage and item.recipe == old and not (first_only and done):
            items.append(dataclasses.replace(item, recipe=new))
            done = True
        else:
            items.append(item)
    return Menu.of(menu.code, menu.name, menu.weeks, items)


def test_the_sample_four_week_menu_keeps_every_rule(foods: FoodTable, book: RecipeBook) -> None:
    menu = sample.four_week_menu()
    assert menu.weeks == 4 and len(menu.stages()) == 6
    assert MenuChecker(book, foods).check(menu) == []
    for code in ("mx", "gt"):  # and every pack's rules (Mexico's NOM-051 seals included)
        rules = menu_rules_for(country_pack(code))
        assert MenuChecker(book, foods, rules=rules).check(menu) == []


def test_a_sugared_drink_is_refused_naming_the_dish_and_the_sugar(
    foods: FoodTable, book: RecipeBook
) -> None:
    sweet = Recipe(
        "agua_dulce",
        "Agua de limón con azúcar",
        Course.DRINK,
        Texture.FAMILY,
        (RecipeLine("water", 950, 950), RecipeLine("lime", 30, 30), RecipeLine("sugar", 40, 40)),
        1000,
    )
    menu = _swap(sample.four_week_menu(), "preescolar_36_59", "agua", "agua_dulce")
    found = MenuChecker(_with(book, sweet), foods).check(menu)
    assert [(v.rule, v.dish, v.ingredient) for v in found] == [
        (Rule.ADDED_SUGAR, "agua_dulce", "sugar")
    ]
    assert "Agua de limón con azúcar" in found[0].message_es
    assert "Azúcar" in found[0].message_es


def test_honey_is_refused_under_12_months_only(foods: FoodTable, book: RecipeBook) -> None:
    honeyed = Recipe(
        "papilla_miel",
        "Papilla de avena con miel",
        Course.CEREAL,
        Texture.MASHED,
        (RecipeLine("oats", 120, 120), RecipeLine("honey", 20, 20), RecipeLine("water", 600, 600)),
        700,
    )
    rules = MenuRules(forbid_added_sugar=False, check_targets=False)
    checker = MenuChecker(_with(book, honeyed), foods, rules=rules)
    infant = _swap(sample.four_week_menu(), "lactante_9_11", "papilla_avena", "papilla_miel")
    found = [v for v in checker.check(infant) if v.rule is Rule.HONEY_UNDER_12M]
    assert [(v.stage, v.ingredient) for v in found] == [("lactante_9_11", "honey")]
    item = MenuItem(1, 0, Meal.BREAKFAST, "maternal_12_23", "papilla_miel")
    toddler = checker.item_violations(item, checker.stages["maternal_12_23"])
    assert Rule.HONEY_UNDER_12M not in {v.rule for v in toddler}


def test_ultra_processed_and_sealed_products_are_refused(
    foods: FoodTable, book: RecipeBook
) -> None:
    mexico = menu_rules_for(country_pack("mx"))  # NOM-051's seals
    assert seals(foods["cookies_marie"], mexico.seals) == (
        Seal.CALORIES,
        Seal.SUGARS,
        Seal.SATURATED_FAT,
        Seal.SODIUM,
    )
    assert seals(foods["banana"], mexico.seals) == ()  # NOVA 1: the norm labels products only
    snack = Recipe(
        "galletas",
        "Galletas con plátano",
        Course.FRUIT,
        Texture.PIECES,
        (RecipeLine("cookies_marie", 30, 30), RecipeLine("banana", 100, 70)),
        100,
    )
    menu = _swap(sample.four_week_menu(), "preescolar_36_59", "fruta_banana", "galletas")
    rules = {
        (v.rule, v.ingredient)
        for v in MenuChecker(_with(book, snack), foods, rules=mexico).check(menu)
        if v.dish == "galletas"
    }
    assert {
        (Rule.ULTRA_PROCESSED, "cookies_marie"),
        (Rule.SEAL, "cookies_marie"),
        (Rule.ADDED_SUGAR, "cookies_marie"),
    } <= rules
    # Guatemala's pack has no front-of-pack rule: no seal, the other rules still refuse it
    guatemala = menu_rules_for(country_pack("gt"))
    assert guatemala.seals is None and seals(foods["cookies_marie"], guatemala.seals) == ()
    refused = {
        (v.rule, v.ingredient)
        for v in MenuChecker(_with(book, snack), foods, rules=guatemala).check(menu)
        if v.dish == "galletas"
    }
    assert refused == rules - {(Rule.SEAL, "cookies_marie")}


def test_salt_is_refused_for_stages_without_salt(foods: FoodTable, book: RecipeBook) -> None:
    salted = dataclasses.replace(
        book["sopa_verduras"],
        code="sopa_sal",
        lines=(*book["sopa_verduras"].lines, RecipeLine("salt", 5, 5)),
    )
    checker = MenuChecker(_with(book, salted), foods)
    item = MenuItem(1, 0, Meal.LUNCH, "maternal_24_35", "sopa_sal")
    found = checker.item_violations(item, checker.stages["maternal_24_35"])
    assert [(v.rule, v.ingredient) for v in found] == [(Rule.ADDED_SALT, "salt")]


def test_a_dish_too_coarse_for_an_infant_is_refused_for_its_texture(
    foods: FoodTable, book: RecipeBook
) -> None:
    checker = MenuChecker(book, foods)
    item = MenuItem(1, 0, Meal.LUNCH, "lactante_6_8", "picadillo")
    found = checker.item_violations(item, checker.stages["lactante_6_8"])
    assert [(v.rule, v.detail) for v in found] == [(Rule.TEXTURE, "pieces")]


def test_a_dish_repeated_within_a_week_breaks_variety_but_milk_does_not(
    foods: FoodTable, book: RecipeBook
) -> None:
    menu = sample.four_week_menu()
    week1 = [i for i in menu.items if i.week == 1 and i.stage == "preescolar_36_59"]
    monday_main = next(i for i in week1 if i.day == 0 and book[i.recipe].course is Course.MAIN)
    tuesday_main = next(i for i in week1 if i.day == 1 and book[i.recipe].course is Course.MAIN)
    items = [
        dataclasses.replace(i, recipe=monday_main.recipe) if i == tuesday_main else i
        for i in menu.items
    ]
    found = MenuChecker(book, foods, rules=MenuRules(check_targets=False)).check(
        Menu.of(menu.code, menu.name, menu.weeks, items)
    )
    assert [(v.rule, v.dish, v.week) for v in found] == [(Rule.VARIETY, monday_main.recipe, 1)]


def test_a_week_short_of_energy_misses_its_target(foods: FoodTable, book: RecipeBook) -> None:
    menu = sample.four_week_menu()
    lighter = Menu.of(
        menu.code,
        menu.name,
        menu.weeks,
        [
            i
            for i in menu.items
            if not (i.stage == "maternal_24_35" and i.week == 2 and i.meal is Meal.LUNCH)
        ],
    )
    found = MenuChecker(book, foods).check(lighter)
    assert [(v.rule, v.stage, v.week) for v in found] == [
        (Rule.NUTRIENT_TARGET, "maternal_24_35", 2)
    ]
    assert "energy_kcal" in found[0].detail
