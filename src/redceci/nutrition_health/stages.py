"""Age stages of the menus: ages, meals served at the centre, portion sizes, textures and the
energy and nutrient targets each stage's day at the centre must meet (parameters, with sources).

Every figure is a default another country (or IMSS's nutritionists) replaces by passing its own
``Stage`` objects; where no primary text was read the figure is marked [U] or ASSUMPTION.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from redceci.errors import InputError


class Meal(StrEnum):
    """Meals served at the centre, in the order of the day."""

    BREAKFAST = "breakfast"
    MORNING_SNACK = "morning_snack"
    LUNCH = "lunch"
    AFTERNOON_SNACK = "afternoon_snack"


class Texture(StrEnum):
    """How a dish is prepared, from the first purées to family food."""

    MILK = "milk"  # breast milk or formula (no solids)
    PUREE = "puree"
    MASHED = "mashed"
    MINCED = "minced"
    PIECES = "pieces"  # soft bite-size pieces, finger food
    FAMILY = "family"


class Course(StrEnum):
    """What a dish is within a meal; portions are set per stage and course."""

    MILK = "milk"
    CEREAL = "cereal"
    MAIN = "main"
    SOUP = "soup"
    SIDE = "side"
    FRUIT = "fruit"
    DRINK = "drink"


#: Energy at the centre: FAO/WHO/UNU (2004) "Human energy requirements", requirement tables for
#: boys and girls (mean of both) [U: figures read from secondary summaries]; for 6-23 months the
#: energy expected from complementary foods (PAHO/WHO 2003 "Guiding principles for
#: complementary feeding of the breastfed child": 200, 300 and 550 kcal/day).
ENERGY_SOURCE = (
    "PAHO/WHO 2003 Guiding principles (6-23 m complementary food energy); "
    "FAO/WHO/UNU 2004 Human energy requirements (24-59 m) [U]"
)
#: Nutrient references: US IOM/NASEM Dietary Reference Intakes (RDA/AI; sodium: NASEM 2019
#: chronic-disease risk reduction intake as the ceiling).
NUTRIENT_SOURCE = "IOM DRI 1997-2011; NASEM 2019 sodium and potassium DRI"


@dataclass(frozen=True)
class Target:
    """A daily reference for one nutrient of which the centre's day serves ``share``; checked on
    the mean day of each menu week (weekly averages, as menu planners analyse menus)."""

    nutrient: str
    daily: float
    kind: str  # "range" (within the tolerance), "min", "max" or "report" (shown, not enforced)
    share: float
    source: str

    @property
    def at_centre(self) -> float:
        return self.daily * self.share


@dataclass(frozen=True)
class Stage:
    """One age stage: ``[min_months, max_months)``, what it is served and the rules it follows."""

    code: str
    name_es: str
    name_en: str
    min_months: int
    max_months: int
    meals: tuple[Meal, ...]
    textures: frozenset[Texture]
    portions_g: dict[Course, float]
    targets: tuple[Target, ...] = ()
    no_added_salt: bool = True
    no_added_sugar: bool = True  # the CECI model: no added sugar at any stage
    source: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.min_months < self.max_months:
            raise InputError(f"stage {self.code}: ages must satisfy 0 <= min < max")

    @property
    def under_12_months(self) -> bool:
        return self.max_months <= 12

    def covers(self, age_months: float) -> bool:
        return self.min_months <= age_months < self.max_months


#: Share of a day's requirement served at the centre for a full day (breakfast, two snacks,
#: lunch). ASSUMPTION: 0.70 for family foods (breakfast ~20 %, lunch ~35 %, snacks ~15 %, a
#: common school-feeding split); all of the complementary-food energy for 6-23 months.
FAMILY_SHARE = 0.70
#: Energy is accepted within ±15 % of the target (ASSUMPTION, a parameter of ``StageTable``).
TOLERANCE = 0.15


def _targets(
    energy: float, energy_share: float, *, protein: float, iron: float, sodium: float
) -> tuple[Target, ...]:
    """Energy (its own share), then protein (RDA, minimum), iron (RDA, reported) and sodium
    (ceiling) at the family-food share."""
    return (
        Target("energy_kcal", energy, "range", energy_share, ENERGY_SOURCE),
        Target("protein_g", protein, "min", FAMILY_SHARE, NUTRIENT_SOURCE),
        # ASSUMPTION: iron is reported, not enforced: the table holds unfortified foods, and
        # Mexico's fortified flours (NOM-247) are not in it [U].
        Target("iron_mg", iron, "report", FAMILY_SHARE, NUTRIENT_SOURCE),
        Target("sodium_mg", sodium, "max", FAMILY_SHARE, NUTRIENT_SOURCE),
    )


def _complementary(energy: float) -> tuple[Target, ...]:
    """6-11 months: the complementary-food energy only (milk feeds cover the rest)."""
    return (Target("energy_kcal", energy, "range", 1.0, ENERGY_SOURCE),)


_ALL_MEALS = (Meal.BREAKFAST, Meal.MORNING_SNACK, Meal.LUNCH, Meal.AFTERNOON_SNACK)
#: Portions (cooked grams, or mL for milk and drinks) per course. ASSUMPTION: IMSS's portion
#: tables are not public; these follow the progression of the Mexican NOM-043 orientation and the
#: WHO "2-3 tablespoons growing to 250 mL bowls" guidance for 6-23 months [U].
STAGES: tuple[Stage, ...] = (
    Stage(
        "lactante_0_5",
        "Lactantes 0-5 meses",
        "Infants 0-5 months",
        0,
        6,
        _ALL_MEALS,
        frozenset({Texture.MILK}),
        {Course.MILK: 150},
        (),
        source="WHO: exclusive breastfeeding to 6 months (Guías Alimentarias 2023)",
    ),
    Stage(
        "lactante_6_8",
        "Lactantes 6-8 meses",
        "Infants 6-8 months",
        6,
        9,
        _ALL_MEALS,
        frozenset({Texture.MILK, Texture.PUREE, Texture.MASHED}),
        {
            Course.MILK: 150,
            Course.CEREAL: 75,
            Course.MAIN: 95,
            Course.SOUP: 60,
            Course.SIDE: 30,
            Course.FRUIT: 75,
            Course.DRINK: 60,
        },
        _complementary(200),
        source="WHO complementary feeding guideline 2023; PAHO/WHO 2003",
    ),
    Stage(
        "lactante_9_11",
        "Lactantes 9-11 meses",
        "Infants 9-11 months",
        9,
        12,
        _ALL_MEALS,
        frozenset({Texture.MILK, Texture.MASHED, Texture.MINCED, Texture.PIECES}),
        {
            Course.MILK: 150,
            Course.CEREAL: 100,
            Course.MAIN: 130,
            Course.SOUP: 90,
            Course.SIDE: 40,
            Course.FRUIT: 100,
            Course.DRINK: 90,
        },
        _complementary(300),
        source="WHO complementary feeding guideline 2023; PAHO/WHO 2003",
    ),
    Stage(
        "maternal_12_23",
        "Maternales 12-23 meses",
        "Toddlers 12-23 months",
        12,
        24,
        _ALL_MEALS,
        frozenset({Texture.MINCED, Texture.PIECES, Texture.FAMILY}),
        {
            Course.MILK: 180,
            Course.CEREAL: 70,
            Course.MAIN: 90,
            Course.SOUP: 110,
            Course.SIDE: 45,
            Course.FRUIT: 70,
            Course.DRINK: 150,
        },
        _targets(550, 1.0, protein=13, iron=7, sodium=1200),
        source="PAHO/WHO 2003 (550 kcal complementary energy at 12-23 m)",
    ),
    Stage(
        "maternal_24_35",
        "Maternales 24-35 meses",
        "Toddlers 24-35 months",
        24,
        36,
        _ALL_MEALS,
        frozenset({Texture.PIECES, Texture.FAMILY}),
        {
            Course.MILK: 200,
            Course.CEREAL: 100,
            Course.MAIN: 130,
            Course.SOUP: 150,
            Course.SIDE: 60,
            Course.FRUIT: 100,
            Course.DRINK: 200,
        },
        _targets(1090, FAMILY_SHARE, protein=13, iron=7, sodium=1200),
        source="FAO/WHO/UNU 2004 (1,090 kcal/day, mean of boys and girls 2-3 y) [U]",
    ),
    Stage(
        "preescolar_36_59",
        "Preescolares 36-59 meses",
        "Preschoolers 36-59 months",
        36,
        60,
        _ALL_MEALS,
        frozenset({Texture.PIECES, Texture.FAMILY}),
        {
            Course.MILK: 200,
            Course.CEREAL: 120,
            Course.MAIN: 150,
            Course.SOUP: 180,
            Course.SIDE: 70,
            Course.FRUIT: 120,
            Course.DRINK: 200,
        },
        _targets(1260, FAMILY_SHARE, protein=19, iron=10, sodium=1500),
        source="FAO/WHO/UNU 2004 (1,260 kcal/day, mean 3-5 y) [U]; IOM DRI 4-8 y",
    ),
)


@dataclass(frozen=True)
class StageTable:
    """The stages in age order, looked up by code or by age."""

    stages: tuple[Stage, ...] = STAGES
    tolerance: float = TOLERANCE

    def __post_init__(self) -> None:
        codes = [s.code for s in self.stages]
        if len(set(codes)) != len(codes):
            raise InputError("stage codes must be unique")

    def __getitem__(self, code: str) -> Stage:
        for stage in self.stages:
            if stage.code == code:
                return stage
        raise InputError(f"unknown age stage {code!r}")

    def for_age(self, age_months: float) -> Stage | None:
        """The stage of a child ``age_months`` old (None beyond the last stage)."""
        return next((s for s in self.stages if s.covers(age_months)), None)
