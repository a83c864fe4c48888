"""What each child ate, recorded per room and meal (it feeds the guardians' daily report), and
the day's consumption per meal for the kitchen."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import status

from redceci.api.deps import CurrentPrincipal, DatabaseDep, SettingsDep
from redceci.api.errors import problems
from redceci.api.nutrition_health.schemas import Id, OnDate
from redceci.api.routing import CapabilityRouter
from redceci.store.nutrition_health import intake

router = CapabilityRouter(prefix="/api/nutrition", tags=["nutrition"])


@router.post(
    "/centres/{centre_id}/intake",
    status_code=status.HTTP_201_CREATED,
    summary="Record how much each child ate of a meal (one verdict per child)",
    responses=problems(401, 403, 404, 422),
)
def record_intake(
    centre_id: Id,
    body: intake.IntakeData,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    settings: SettingsDep,
) -> list[dict[str, Any]]:
    return intake.record_intake(db, principal, centre_id, body, tz=ZoneInfo(settings.timezone))


@router.get(
    "/centres/{centre_id}/intake",
    summary="The day's consumption per meal: children recorded, mean share eaten",
    responses=problems(401, 403, 404),
)
def day_intake(
    centre_id: Id,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    settings: SettingsDep,
    on: OnDate = None,
) -> dict[str, Any]:
    day = on or dt.datetime.now(ZoneInfo(settings.timezone)).date()
    return intake.day_intake(db, principal, centre_id, day)
