"""Shared fixtures: the real data folder and the national world, loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from redceci.settings import Settings, get_settings


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def data_dir(settings: Settings) -> Path:
    path = settings.data
    assert path.is_dir(), f"real data folder not found at {path} (set REDCECI_DATA)"
    return path


@pytest.fixture(scope="session")
def world(settings: Settings):  # type: ignore[no-untyped-def]
    from redceci.workflow import load_world

    return load_world(settings)
