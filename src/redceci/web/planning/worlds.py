"""The planning engine's world for the pages, from the API's per-process cache (never rebuilt
here: the same one the scenario runs and site analyses use)."""

from __future__ import annotations

from redceci.api.planning.runs import WORLDS
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.planning import scenarios
from redceci.workflow import World

#: How stale (s) the world behind a summary page (the dashboard's coverage) may be: after a
#: registry change the page keeps the last world while a new one is built in the background,
#: at most once per this period. ASSUMPTION: a national summary that lags registry changes by
#: half a minute is as useful as an exact one (its counts are read fresh from the registry).
SUMMARY_STALE_S = 30.0


def world_for(
    db: Database, settings: Settings, *, use_registry: bool = True, summary: bool = False
) -> World:
    """The national world with (or without) the registry's centres, as the runs build it; for
    a ``summary`` page possibly one of up to ``SUMMARY_STALE_S`` ago, the registry then read
    at most once a period (``WorldCache.get``, ``WorldCache.recent``)."""
    if summary and use_registry:  # checked against the registry within the period: as is
        recent = WORLDS.recent(settings, SUMMARY_STALE_S)
        if recent is not None:
            return recent
    registry = scenarios.registry_for_planning(db)
    return WORLDS.get(
        settings,
        registry if use_registry else registry[:0],
        lambda _message, _share: None,
        stale_for=SUMMARY_STALE_S if summary else 0.0,
    )
