"""The model's menu rules, checked automatically; each violation names the rule, the dish, the
offending ingredient (where one is to blame) and where in the cycle it is served.

Rules (each a switch or a parameter of ``MenuRules``, sources in docs/nutrition_health.md):
no added sugar and no sweeteners at any stage (CECI model, IMSS menus since 2016, operations-facts
§1-2); no ultra-processed ingredient (NOVA 4) and none that would carry a front-of-pack seal
under the country pack's rule (``menu_rules_for``: Mexico's NOM-051; none for a pack without one); no honey
under 12 months (botulism; §2); no added salt for the stages that say so; textures by age; the
energy and nutrient targets of each stage on the mean day of each week; no dish repeated within a
week for a stage (milk and water exempt). A menu with any violation cannot be published.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np

from redceci.errors import InputError
from redceci.nutrition_health.foods import NUTRIENTS, Additive, FoodTable, SealThresholds, seals
from redceci.nutrition_health.menus import WEEKDAYS, Menu, MenuItem
from redceci.nutrition_health.recipes import RecipeBook
from redceci.nutrition_health.stages import Course, Stage, StageTable
from redceci.platform.country import CountryPack


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
    honey_min_months: int = 12
    check_textures: bool = True
    check_targets: bool = True
    max_repeats_per_week: int = 1
    repeat_exempt: frozenset[Course] = frozenset({Course.MILK, Course.DRINK})
    #: The country's front-of-pack warning rule: a product that would carry a seal is refused
    #: (None: the country has none, or no pack is active).
    seals: SealThresholds | None = None


def menu_rules_for(pack: CountryPack, base: MenuRules | None = None) -> MenuRules:
    """``base`` (default: every rule on) with the country pack's front-of-pack rule
    (``CountryPack.front_of_pack``: the thresholds of ``SealThresholds`` and their source;
    none where the pack has none)."""
    rule = pack.front_of_pack
    thresholds = None
    if rule is not None and rule.value is not None:
        if not isinstance(rule.value, Mapping):
            raise InputError(f"{pack.code}: front_of_pack is a table of SealThresholds' fields")
        try:
            thresholds = SealThresholds(**rule.value, source=rule.source)
        except TypeError as exc:
            raise InputError(f"{pack.code}: front_of_pack: {exc}") from exc
    return replace(base or MenuRules(), seals=thresholds)


#: The menu rules of the deployment's country pack (set once by ``countries.activate`` with
#: ``menu_rules_for``, as the identity rules are); None: ``MenuRules()``, no seal rule.
_ACTIVE: list[MenuRules | None] = [None]


def use_menu_rules(rules: MenuRules | None) -> None:
    """Check menus by ``rules`` from now on (None: ``MenuRules()``)."""
    _ACTIVE[0] = rules


def active_menu_rules() -> MenuRules:
    """The menu rules in use."""
    return _ACTIVE[0] or MenuRules()


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
        found = seals(ingredient, rules.seals)
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
        self.rules = rules or active_menu_rules()
        self._facts: dict[str, _DishFacts] = {}
        self._density: dict[str, np.ndarray] = {}
        self._templates: dict[tuple[str, str], tuple[tuple[Rule, str | None, str], ...]] = {}
        self._rows: tuple[dict[str, int], np.ndarray] | None = None

    def facts(self, recipe: str) -> _DishFacts:
        if recipe not in self._facts:
            self._facts[recipe] = _dish_facts(recipe, self.book, self.foods, self.rules)
        return self._facts[recipe]

    def density(self, recipe: str) -> np.ndarray:
        if recipe not in self._density:
            self._density[recipe] = self.book[recipe].per_100g(self.foods) / 100.0
        return self._density[recipe]

    def templates(self, recipe_code: str, stage: Stage) -> tuple[tuple[Rule, str | None, str], ...]:
        """What serving ``recipe_code`` to ``stage`` breaks, as (rule, ingredient, detail)."""
        key = (recipe_code, stage.code)
        found = self._templates.get(key)
        if found is not None:
            return found
        recipe = self.book[recipe_code]
        facts = self.facts(recipe_code)
        out: list[tuple[Rule, str | None, str]] = [
            (rule, ingredient, detail) for rule, ingredient, detail in facts.always
        ]
        if stage.max_months <= self.rules.honey_min_months:
            out += [(Rule.HONEY_UNDER_12M, i, "") for i in facts.honey]
        if stage.no_added_salt:
            out += [(Rule.ADDED_SALT, i, "") for i in facts.salt]
        if self.rules.check_textures and recipe.texture not in stage.textures:
            out.append((Rule.TEXTURE, None, str(recipe.texture)))
        if recipe.course not in stage.portions_g:
            out.append((Rule.COURSE, None, str(recipe.course)))
        self._templates[key] = tuple(out)
        return self._templates[key]

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
        found = self.templates(item.recipe, stage)
        if not found:
            return []
        recipe = self.book[item.recipe]
        return [
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
            for rule, ingredient, detail in found
        ]

    def check(self, menu: Menu) -> list[Violation]:
        """Every violation of ``menu`` (empty: it may be published)."""
        out: list[Violation] = []
        by_week_stage: dict[tuple[int, str], list[MenuItem]] = defaultdict(list)
        for item in menu.items:
            by_week_stage[(item.week, item.stage)].append(item)
        for (week, stage_code), items in sorted(by_week_stage.items()):
            try:
                stage = self.stages[stage_code]
            except InputError:
                out.append(
                    _violation(
                        Rule.UNKNOWN,
                        stage=stage_code,
                        week=week,
                        detail=f"etapa desconocida {stage_code}",
                    )
                )
                continue
            served: dict[str, list[MenuItem]] = defaultdict(list)
            for item in items:
                if item.recipe not in self.book.recipes or self.templates(item.recipe, stage):
                    out.extend(self.item_violations(item, stage))
                served[item.recipe].append(item)
            out.extend(self._variety(served, stage, week))
            if self.rules.check_targets and stage.targets:
                out.extend(self._targets(served, stage, week))
        return out

    def _variety(
        self, served: dict[str, list[MenuItem]], stage: Stage, week: int
    ) -> list[Violation]:
        out = []
        exempt = self.rules.repeat_exempt
        for recipe_code, dishes in sorted(served.items()):
            recipe = self.book.recipes.get(recipe_code)
            if recipe is None or recipe.course in exempt:
                continue
            if len(dishes) > self.rules.max_repeats_per_week:
                days = ", ".join(sorted({s.where.split(", ")[1] for s in dishes}))
                out.append(
                    _violation(
                        Rule.VARIETY,
                        stage=stage.code,
                        dish=recipe_code,
                        dish_name=recipe.name_es,
                        week=week,
                        item=dishes[-1],
                        detail=f"{len(dishes)} veces: {days}",
                    )
                )
        return out

    def _matrix(self) -> tuple[dict[str, int], np.ndarray]:
        if self._rows is None:
            codes = sorted(self.book.recipes)
            matrix = (
                np.vstack([self.density(c) for c in codes])
                if codes
                else np.zeros((0, len(NUTRIENTS)))
            )
            self._rows = ({c: i for i, c in enumerate(codes)}, matrix)
        return self._rows

    def week_means(
        self, served: dict[str, list[MenuItem]] | list[MenuItem], stage: Stage
    ) -> np.ndarray:
        """Nutrients of the mean served day of the week (``NUTRIENTS`` order)."""
        if isinstance(served, list):
            grouped: dict[str, list[MenuItem]] = defaultdict(list)
            for item in served:
                grouped[item.recipe].append(item)
            served = grouped
        rows, matrix = self._matrix()
        index, weight = [], []
        for recipe_code, dishes in served.items():
            recipe = self.book.recipes.get(recipe_code)
            if recipe is None:
                continue
            index.append(rows[recipe_code])
            weight.append(stage.portions_g.get(recipe.course, 0.0) * len(dishes))
        if not index:
            return np.zeros(len(NUTRIENTS))
        return np.asarray(np.asarray(weight) @ matrix[index], dtype=float) / WEEKDAYS

    def _targets(
        self, served: dict[str, list[MenuItem]], stage: Stage, week: int
    ) -> list[Violation]:
        means = self.week_means(served, stage)
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
