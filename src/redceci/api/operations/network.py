"""The network's operations indicators by state, centre or week (coordinators: their state;
planners: all), with each centre's position and drill status for the map."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Query

from redceci.api.deps import CurrentPrincipal, DatabaseDep, SettingsDep
from redceci.api.errors import problems
from redceci.api.operations.schemas import operations_rules, zone
from redceci.api.routing import CapabilityRouter
from redceci.store.operations import network
from redceci.store.operations.network import Grouping

router = CapabilityRouter(prefix="/api/operations", tags=["operations"])


@router.get(
    "/network",
    summary="Attendance, ratio breaches per 1,000 room-hours, drills on time, incidents",
    responses=problems(401, 403, 422),
)
def indicators(
    principal: CurrentPrincipal,
    db: DatabaseDep,
    settings: SettingsDep,
    by: Grouping = "state",
    start: dt.date | None = None,
    end: dt.date | None = None,
    state: Annotated[str | None, Query(pattern=r"^\d{2}$")] = None,
) -> dict[str, Any]:
    return network.indicators(
        db,
        principal,
        by=by,
        start=start,
        end=end,
        state=state,
        tz=zone(settings),
        rules=operations_rules(settings),
    )
