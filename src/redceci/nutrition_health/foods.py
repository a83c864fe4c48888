"""The food composition table: ingredients with nutrients per 100 g, NOVA group, the additive the
rules watch for (added sugar, sweetener, honey, salt), allergens, and the front-of-pack seals a
product would carry under a country's labelling rule (the pack's thresholds, with their source)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

from redceci.errors import InputError

#: The nutrients every ingredient carries, per 100 g edible portion (FoodData Central units).
NUTRIENTS: tuple[str, ...] = (
    "energy_kcal",
    "protein_g",
    "fat_g",
    "saturated_fat_g",
    "carbohydrate_g",
    "sugars_g",
    "fibre_g",
    "sodium_mg",
    "iron_mg",
    "calcium_mg",
    "vitamin_a_ug",
)


class Additive(StrEnum):
    """What the menu rules watch for in an ingredient."""

    ADDED_SUGAR = "added_sugar"
    SWEETENER = "sweetener"
    HONEY = "honey"
    SALT = "salt"


class Allergen(StrEnum):
    """Allergens that must be declared (NOM-051 / Codex CXS 1, operations-facts §2)."""

    GLUTEN = "gluten"
    CRUSTACEAN = "crustacean"
    EGG = "egg"
    FISH = "fish"
    PEANUT = "peanut"
    SOY = "soy"
    MILK = "milk"
    TREE_NUT = "tree_nut"
    SULPHITE = "sulphite"
    SESAME = "sesame"  # CCFL48 (2024) revised list [U]


class Seal(StrEnum):
    """Front-of-pack warning seals (the octagons of Mexico's NOM-051, and their like)."""

    CALORIES = "exceso_calorias"
    SUGARS = "exceso_azucares"
    SATURATED_FAT = "exceso_grasas_saturadas"
    SODIUM = "exceso_sodio"
    SWEETENERS = "contiene_edulcorantes"


@dataclass(frozen=True)
class SealThresholds:
    """A country's front-of-pack warning rule (its pack's ``front_of_pack``: Mexico's NOM-051):
    per 100 g of a solid product, all comparisons "greater than or equal".

    Applied to ingredients of NOVA group ``min_nova`` or more (products with added critical
    ingredients, the ones such norms label); ASSUMPTION: all their sugars count as free sugars
    (FoodData Central does not separate added sugars), which errs on the side of a seal.
    """

    calories_kcal: float
    free_sugars_energy_share: float
    saturated_fat_energy_share: float
    sodium_mg_per_kcal: float
    sodium_mg: float
    min_nova: int
    source: str


@dataclass(frozen=True)
class Ingredient:
    """One row of the composition table; nutrients per 100 g (None: not reported by the source)."""

    code: str
    name_es: str
    nutrients: Mapping[str, float | None]
    nova: int
    additive: Additive | None = None
    allergens: frozenset[Allergen] = frozenset()
    source: str = ""
    fdc_description: str = ""
    fdc_data_type: str = ""

    def __post_init__(self) -> None:
        if self.nova not in (1, 2, 3, 4):
            raise InputError(f"ingredient {self.code}: NOVA group must be 1-4, not {self.nova}")
        unknown = set(self.nutrients) - set(NUTRIENTS)
        if unknown:
            raise InputError(f"ingredient {self.code}: unknown nutrients {sorted(unknown)}")

    def value(self, nutrient: str) -> float:
        """The nutrient per 100 g, 0 when the source does not report it."""
        return float(self.nutrients.get(nutrient) or 0.0)


def seals(ingredient: Ingredient, thresholds: SealThresholds | None) -> tuple[Seal, ...]:
    """The seals a product with this composition would carry under ``thresholds`` (none below
    ``min_nova``; none at all where the country has no front-of-pack rule: None).

    Examples
    --------
    Under NOM-051, biscuits at 406 kcal, 21 g sugar, 5.3 g saturated fat and 370 mg sodium per
    100 g carry the calories, sugars, saturated-fat and sodium seals.
    """
    if thresholds is None:
        return ()
    t = thresholds
    out: list[Seal] = []
    if ingredient.additive is Additive.SWEETENER:
        out.append(Seal.SWEETENERS)
    if ingredient.nova < t.min_nova:
        return tuple(out)
    kcal = ingredient.value("energy_kcal")
    if kcal >= t.calories_kcal:
        out.append(Seal.CALORIES)
    if kcal > 0 and 4.0 * ingredient.value("sugars_g") >= t.free_sugars_energy_share * kcal:
        out.append(Seal.SUGARS)
    if kcal > 0 and 9.0 * ingredient.value("saturated_fat_g") >= (
        t.saturated_fat_energy_share * kcal
    ):
        out.append(Seal.SATURATED_FAT)
    sodium = ingredient.value("sodium_mg")
    if sodium >= t.sodium_mg or (kcal > 0 and sodium >= t.sodium_mg_per_kcal * kcal):
        out.append(Seal.SODIUM)
    return tuple(out)


@dataclass(frozen=True)
class FoodTable:
    """The ingredients by code, with a nutrient matrix (rows in ``codes`` order) for sums."""

    ingredients: Mapping[str, Ingredient]
    codes: tuple[str, ...] = field(init=False)
    index: Mapping[str, int] = field(init=False, repr=False, compare=False)
    matrix: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        codes = tuple(sorted(self.ingredients))
        object.__setattr__(self, "codes", codes)
        object.__setattr__(self, "index", {c: i for i, c in enumerate(codes)})
        matrix = np.array(
            [[self.ingredients[c].value(n) for n in NUTRIENTS] for c in codes], dtype=float
        ).reshape(len(codes), len(NUTRIENTS))
        object.__setattr__(self, "matrix", matrix)

    @classmethod
    def of(cls, ingredients: Iterable[Ingredient]) -> FoodTable:
        """A table from ingredients; a repeated code is an error."""
        out: dict[str, Ingredient] = {}
        for ingredient in ingredients:
            if ingredient.code in out:
                raise InputError(f"ingredient {ingredient.code} is listed twice")
            out[ingredient.code] = ingredient
        return cls(out)

    def __getitem__(self, code: str) -> Ingredient:
        try:
            return self.ingredients[code]
        except KeyError:
            raise InputError(f"unknown ingredient {code!r}") from None

    def __contains__(self, code: object) -> bool:
        return code in self.ingredients

    def row(self, code: str) -> int:
        """The ingredient's row in ``matrix``."""
        self[code]
        return self.index[code]
