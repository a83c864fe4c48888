"""What each child ate: the room's staff record, per meal, how much of the serving each child
ate; each line becomes a daily-report entry in the operations event log (so the guardians'
report shows it), and the kitchen reads the day's consumption per meal to adjust portions."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from redceci.nutrition_health.stages import Meal
from redceci.operations.daily import AMOUNTS
from redceci.operations.events import EventKind
from redceci.platform.access import Permission, Principal
from redceci.store.db import Database
from redceci.store.fields import DbId, Text80
from redceci.store.nutrition_health.children import centre_for
from redceci.store.operations import events
from redceci.store.operations.inputs import EntryIn, EventIn, Key
from redceci.store.operations.models import EventRow

Amount = Literal["all", "most", "half", "little", "none"]
assert set(Amount.__args__) == set(AMOUNTS)  # type: ignore[attr-defined]


class IntakeLine(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    child_id: DbId
    amount: Amount
    dish: Text80 | None = None


class IntakeData(BaseModel):
    """One meal of one room: how much each child ate. ``idempotency_key`` makes a resend
    harmless (each child's line gets the key plus its child id)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    idempotency_key: Key
    meal: Meal
    served_at: AwareDatetime
    lines: list[IntakeLine] = Field(min_length=1, max_length=300)


def record_intake(
    db: Database, actor: Principal, centre_id: int, data: IntakeData, *, tz: ZoneInfo
) -> list[dict[str, Any]]:
    """Store each line as a ``daily_entry`` meal event of the child (one verdict per line)."""
    batch = [
        EventIn(
            idempotency_key=f"{data.idempotency_key}:{line.child_id}"[:64],
            kind=EventKind.DAILY_ENTRY,
            device_time=data.served_at,
            child_id=line.child_id,
            entry=EntryIn(entry="meal", meal=data.meal.value, amount=line.amount, dish=line.dish),
        )
        for line in data.lines
    ]
    results = events.ingest(db, actor, centre_id, batch, tz=tz)
    return [
        r.as_dict() | {"child_id": line.child_id}
        for r, line in zip(results, data.lines, strict=True)
    ]


def day_intake(db: Database, actor: Principal, centre_id: int, on: dt.date) -> dict[str, Any]:
    """Per meal: children recorded and the mean share of the serving eaten (the kitchen's
    view; no names)."""
    with db.reading() as session:
        centre_for(session, actor, centre_id, Permission.KITCHEN)
        rows = session.scalars(
            sa.select(EventRow.data).where(
                EventRow.centre_id == centre_id,
                EventRow.day == on,
                EventRow.kind == EventKind.DAILY_ENTRY,
                EventRow.status == "stored",
            )
        ).all()
    meals: dict[str, list[float]] = {}
    for d in rows:
        if d.get("entry") == "meal" and d.get("amount") in AMOUNTS:
            meals.setdefault(str(d["meal"]), []).append(AMOUNTS[d["amount"]])
    return {
        "centre_id": centre_id,
        "date": on.isoformat(),
        "meals": {
            m: {"children": len(v), "mean_share_eaten": round(sum(v) / len(v), 3)}
            for m, v in sorted(meals.items())
        },
    }


__all__ = ["IntakeData", "IntakeLine", "day_intake", "record_intake"]
