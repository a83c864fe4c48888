"""The planning engine's world for the pages, from the API's per-process cache (never rebuilt
here: the same one the scenario runs and site analyses use)."""

from __future__ import annotations

from redceci.api.planning.runs import WORLDS
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.planning import scenarios
from redceci.workflow import World


def world_for(db: Database, settings: Settings, *, use_registry: bool = True) -> World:
    """The national world with (or without) the registry's centres, as the runs build it."""
    registry = scenarios.registry_for_planning(db)
    return WORLDS.get(
        settings, registry if use_registry else registry[:0], lambda _message, _share: None
    )
