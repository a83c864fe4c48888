"""The model's menu rules, checked automatically; each violation names the rule, the dish, the
offending ingredient (where one is to blame) and where in the cycle it is served.

Rules (each a switch or a parameter of ``MenuRules``, sources in docs/nutrition_health.md):
no added sugar and no sweeteners at any stage (CECI model, IMSS menus since 2016, operations-facts
§1-2); no ultra-processed ingredient (NOVA 4) and none that would carry a NOM-051 seal; no honey
under 12 months (botulism; §2); no added salt for the stages that say so; textures by age; the
energy and nutrient targets of each stage on the mean day of each week; no dish repeated within a
week for a stage (milk and water exempt). A menu with any violation cannot be published.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from redceci.nutrition_health.foods import NUTRIENTS, Additive, FoodTable, SealThresholds, seals
from redceci.nutrition_health.menus import WEEKDAYS, Menu, MenuItem
from redceci.nutrition_health.recipes import RecipeBook
from redceci.nutrition_health.stages import Course, Stage, StageTable


class Rule(StrEnum):
    ADDED_SUGAR = "added_sugar"
    SWEETENER = "sweetener"
    ULTRA_PROCESSED = "ultra_processed"
    SEAL = "seal"
    HONEY_UNDER_12M = "honey_under_12m"
    ADDED_SALT = "added_salt"
    TEXTURE = "texture"
    COURSE = "course"
    NUTRIENT_TARGET = "nutrient_target"
    VARIETY = "variety"
    UNKNOWN = "unknown"


MESSAGES: dict[Rule, tuple[str, str]] = {
    Rule.ADDED_SUGAR: (
        "«{dish}» lleva azúcar añadida ({ingredient})",
        "'{dish}' has added sugar ({ingredient})",
    ),
    Rule.SWEETENER: (
        "«{dish}» lleva edulcorante ({ingredient})",
        "'{dish}' has a sweetener ({ingredient})",
    ),
    Rule.ULTRA_PROCESSED: (
        "«{dish}» lleva un ultraprocesado (NOVA 4: {ingredient})",
        "'{dish}' has an ultra-processed ingredient (NOVA 4: {ingredient})",
    ),
    Rule.SEAL: (
        "«{dish}» lleva un producto con sellos de advertencia ({ingredient}: {detail})",
        "'{dish}' has a product with warning seals ({ingredient}: {detail})",
    ),
    Rule.HONEY_UNDER_12M: (
        "«{dish}» lleva miel y se sirve a menores de 12 meses ({ingredient})",
        "'{dish}' has honey and is served under 12 months ({ingredient})",
    ),
    Rule.ADDED_SALT: (
        "«{dish}» lleva sal añadida y esta etapa no admite sal ({ingredient})",
        "'{dish}' has added salt, not allowed at this stage ({ingredient})",
    ),
    Rule.TEXTURE: (
        "«{dish}» tiene textura {detail}, no apta para esta edad",
        "'{dish}' has texture {detail}, not suitable at this age",
    ),
    Rule.COURSE: (
        "«{dish}» ({detail}) no se sirve a esta etapa",
        "'{dish}' ({detail}) is not served at this stage",
    ),
    Rule.NUTRIENT_TARGET: ("{detail}", "{detail}"),
    Rule.VARIETY: (
        "«{dish}» se repite en la semana ({detail})",
        "'{dish}' is repeated within the week ({detail})",
    ),
    Rule.UNKNOWN: ("{detail}", "{detail}"),
}


@dataclass(frozen=True)
class Violation:
    """One broken rule; ``week``/``day``/``meal`` are None for weekly (target) violations."""

    rule: Rule
    stage: str
    dish: str | None
    ingredient: str | None
    week: int | None
    day: int | None
    meal: str | None
    detail: str = ""
    message_es: str = ""
    message_en: str = ""


def _violation(
    rule: Rule,
    *,
    stage: str,
    dish: str | None = None,
    dish_name: str = "",
    ingredient: str | None = None,
    ingredient_name: str = "",
    item: MenuItem | None = None,
    week: int | None = None,
    detail: str = "",
) -> Violation:
    es, en = MESSAGES[rule]
    values = {
        "dish": dish_name or dish or "",
        "ingredient": ingredient_name or ingredient or "",
        "detail": detail,
    }
    return Violation(
        rule=rule,
        stage=stage,
        dish=dish,
        ingredient=ingredient,
        week=item.week if item else week,
        day=item.day if item else None,
        meal=str(item.meal) if item else None,
        detail=detail,
        message_es=es.format(**values),
        message_en=en.format(**values),
    )


@dataclass(frozen=True)
class MenuRules:
    """Which rules apply, and their parameters."""

    forbid_added_sugar: bool = True
    forbid_sweeteners: bool = True
    forbid_nova4: bool = True
    forbid_seals: bool = True
    honey_min_months: int = 12
    check_textures: bool = True
    check_targets: bool = True
    max_repeats_per_week: int = 1
    repeat_exempt: frozenset[Course] = frozenset({Course.MILK, Course.DRINK})
    seals: SealThresholds = field(default_factory=SealThresholds)


@dataclass(frozen=True)
class _DishFacts:
    """What a recipe breaks whatever the stage: (rule, ingredient, detail) triples, and the
    stage-dependent ingredients (honey, salt)."""

    always: tuple[tuple[Rule, str, str], ...]
    honey: tuple[str, ...]
    salt: tuple[str, ...]


def _dish_facts(
    recipe_code: str, book: RecipeBook, foods: FoodTable, rules: MenuRules
) -> _DishFacts:
    recipe = book[recipe_code]
    always: list[tuple[Rule, str, str]] = []
    honey: list[str] = []
    salt: list[str] = []
    for code in recipe.ingredients:
        ingredient = foods[code]
        if ingredient.additive is Additive.ADDED_SUGAR and rules.forbid_added_sugar:
            always.append((Rule.ADDED_SUGAR, code, ""))
        if ingredient.additive is Additive.SWEETENER and rules.forbid_sweeteners:
            always.append((Rule.SWEETENER, code, ""))
        if ingredient.nova == 4 and rules.forbid_nova4:
            always.append((Rule.ULTRA_PROCESSED, code, ""))
        found = seals(ingredient, rules.seals) if rules.forbid_seals else ()
        if found:
            always.append((Rule.SEAL, code, ", ".join(found)))
        if ingredient.additive is Additive.HONEY:
            honey.append(code)
        if ingredient.additive is Additive.SALT:
            salt.append(code)
    return _DishFacts(tuple(always), tuple(honey), tuple(salt))


class MenuChecker:
    """Checks menus against one recipe book, food table, stage table and rule set; what it
    learns about each dish is kept, so checking the whole network's menus stays fast."""

    def __init__(
        self,
        book: RecipeBook,
        foods: FoodTable,
        stages: StageTable | None = None,
        rules: MenuRules | None = None,
    ) -> None:
        self.book = book
        self.foods = foods
        self.stages = stages or StageTable()
        self.rules = rules or MenuRules()
        self._facts: dict[str, _DishFacts] = {}
        self._density: dict[str, np.ndarray] = {}

    def facts(self, recipe: str) -> _DishFacts:
        if recipe not in self._facts:
            self._facts[recipe] = _dish_facts(recipe, self.book, self.foods, self.rules)
        return self._facts[recipe]

    def density(self, recipe: str) -> np.ndarray:
        if recipe not in self._density:
            self._density[recipe] = self.book[recipe].per_100g(self.foods) / 100.0
        return self._density[recipe]

    def item_violations(self, item: MenuItem, stage: Stage) -> list[Violation]:
        """What one served dish breaks at its stage."""
        if item.recipe not in self.book:
            return [
                _violation(
                    Rule.UNKNOWN,
                    stage=stage.code,
                    dish=item.recipe,
                    item=item,
                    detail=f"receta desconocida {item.recipe}",
                )
            ]
        recipe = self.book[item.recipe]
        facts = self.facts(item.recipe)
        out: list[Violation] = []

        def add(rule: Rule, ingredient: str | None = None, detail: str = "") -> None:
            out.append(
                _violation(
                    rule,
                    stage=stage.code,
                    dish=recipe.code,
                    dish_name=recipe.name_es,
                    ingredient=ingredient,
                    ingredient_name=self.foods[ingredient].name_es if ingredient else "",
                    item=item,
                    detail=detail,
                )
            )

        for rule, ingredient, detail in facts.always:
            add(rule, ingredient, detail)
        if stage.max_months <= self.rules.honey_min_months:
            for ingredient in facts.honey:
                add(Rule.HONEY_UNDER_12M, ingredient)
        if stage.no_added_salt:
            for ingredient in facts.salt:
                add(Rule.ADDED_SALT, ingredient)
        if self.rules.check_textures and recipe.texture not in stage.textures:
            add(Rule.TEXTURE, detail=str(recipe.texture))
        if recipe.course not in stage.portions_g:
            add(Rule.COURSE, detail=str(recipe.course))
        return out

    def check(self, menu: Menu) -> list[Violation]:
        """Every violation of ``menu`` (empty: it may be published)."""
        out: list[Violation] = []
        by_week_stage: dict[tuple[int, str], list[MenuItem]] = defaultdict(list)
        for item in menu.items:
            by_week_stage[(item.week, item.stage)].append(item)
        for (week, stage_code), items in sorted(by_week_stage.items()):
            try:
                stage = self.stages[stage_code]
            except Exception:
                out.append(
                    _violation(
                        Rule.UNKNOWN,
                        stage=stage_code,
                        week=week,
                        detail=f"etapa desconocida {stage_code}",
                    )
                )
                continue
            for item in items:
                out.extend(self.item_violations(item, stage))
            out.extend(self._variety(items, stage, week))
            if self.rules.check_targets and stage.targets:
                out.extend(self._targets(items, stage, week))
        return out

    def _variety(self, items: list[MenuItem], stage: Stage, week: int) -> list[Violation]:
        counts: dict[str, list[MenuItem]] = defaultdict(list)
        for item in items:
            if item.recipe in self.book and (
                self.book[item.recipe].course not in self.rules.repeat_exempt
            ):
                counts[item.recipe].append(item)
        out = []
        for recipe, served in sorted(counts.items()):
            if len(served) > self.rules.max_repeats_per_week:
                days = ", ".join(sorted({s.where.split(", ")[1] for s in served}))
                out.append(
                    _violation(
                        Rule.VARIETY,
                        stage=stage.code,
                        dish=recipe,
                        dish_name=self.book[recipe].name_es,
                        week=week,
                        item=served[-1],
                        detail=f"{len(served)} veces: {days}",
                    )
                )
        return out

    def week_means(self, items: list[MenuItem], stage: Stage) -> np.ndarray:
        """Nutrients of the mean served day of the week (``NUTRIENTS`` order)."""
        total = np.zeros(len(NUTRIENTS))
        for item in items:
            if item.recipe not in self.book:
                continue
            portion = stage.portions_g.get(self.book[item.recipe].course, 0.0)
            total += self.density(item.recipe) * portion
        return total / WEEKDAYS

    def _targets(self, items: list[MenuItem], stage: Stage, week: int) -> list[Violation]:
        means = self.week_means(items, stage)
        out = []
        for target in stage.targets:
            value = float(means[NUTRIENTS.index(target.nutrient)])
            goal = target.at_centre
            tol = self.stages.tolerance
            low, high = goal * (1 - tol), goal * (1 + tol)
            broken = (
                (target.kind == "range" and not low <= value <= high)
                or (target.kind == "min" and value < goal)
                or (target.kind == "max" and value > goal)
            )
            if broken:
                bound = {
                    "range": f"{low:.0f}-{high:.0f}",
                    "min": f"≥ {goal:.1f}",
                    "max": f"≤ {goal:.0f}",
                }[target.kind]
                out.append(
                    _violation(
                        Rule.NUTRIENT_TARGET,
                        stage=stage.code,
                        week=week,
                        detail=(
                            f"semana {week}, {stage.name_es}: {target.nutrient} "
                            f"{value:.1f} por día, meta {bound}"
                        ),
                    )
                )
        return out
