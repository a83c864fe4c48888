"""Shared pieces of the operations routes: the centre's time zone, the operations rules of the
deployment's country pack, and the answers' shapes."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from redceci.countries import country_pack
from redceci.operations.parameters import OperationsRules, rules_for, rules_with
from redceci.settings import Settings


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone(settings: Settings) -> ZoneInfo:
    """The zone a centre's days are counted in (``REDCECI_TIMEZONE``)."""
    return _zone(settings.timezone)


@lru_cache(maxsize=8)
def _rules(country: str, overrides: str) -> OperationsRules:
    return rules_with(rules_for(country_pack(country)), json.loads(overrides))


def operations_rules(settings: Settings) -> OperationsRules:
    """The rules a centre's day runs under: ``operations.parameters``' with the country pack's
    parts (``REDCECI_COUNTRY``: its ratios and public holidays) and the deployment's overrides
    (``[operations]`` in ``--params`` / ``REDCECI_OPERATIONS``)."""
    return _rules(settings.country, json.dumps(settings.operations, sort_keys=True))


class EventResult(BaseModel):
    idempotency_key: str
    status: str = Field(description="stored | duplicate | conflict | rejected")
    reason: str
    event_id: int | None
    logged: bool = Field(description="a refused pick-up: rejected, and logged for the director")


class BatchResult(BaseModel):
    results: list[EventResult]
    stored: int
    duplicates: int
    conflicts: int
    rejected: int

    @classmethod
    def of(cls, results: list[dict[str, Any]]) -> BatchResult:
        count = {
            s: sum(1 for r in results if r["status"] == s)
            for s in ("stored", "duplicate", "conflict", "rejected")
        }
        return cls(
            results=[EventResult(**r) for r in results],
            stored=count["stored"],
            duplicates=count["duplicate"],
            conflicts=count["conflict"],
            rejected=count["rejected"],
        )


class StaffActive(BaseModel):
    """Whether an adult still works at the centre (false: deactivated, kept with the past)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    active: bool
