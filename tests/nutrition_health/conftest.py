"""Shared fixtures: the packaged composition table, the sample recipes and menu."""

from __future__ import annotations

import pytest

from redceci.data.food_composition import read_food_table
from redceci.nutrition_health import sample
from redceci.nutrition_health.foods import FoodTable
from redceci.nutrition_health.recipes import RecipeBook


@pytest.fixture(scope="session")
def foods() -> FoodTable:
    return read_food_table()


@pytest.fixture(scope="session")
def book() -> RecipeBook:
    return sample.book()
