"""Nutrition and health API shapes: path and query parameters (request bodies are the store's
pydantic models; answers are the services' dictionaries)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Path, Query

from redceci.api.deps import SettingsDep
from redceci.countries import country_pack
from redceci.platform.vaccines import Schedule

#: A stored id (the tables' INTEGER keys).
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
RecipeCode = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[a-z0-9_\-]+$")]
Months = Annotated[int, Path(ge=1, le=72)]
OnDate = Annotated[dt.date | None, Query(description="Date (YYYY-MM-DD); default today")]
Confirm = Annotated[
    bool, Query(description="Publish even though it creates allergy conflicts (after review)")
]


def _schedule(settings: SettingsDep) -> Schedule | None:
    return country_pack(settings.country).vaccines


#: The deployment's vaccination schedule (its country pack's; None where it has none).
VaccineSchedule = Annotated[Schedule | None, Depends(_schedule)]
