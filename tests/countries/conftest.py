"""Fixtures of the country packs' tests: each pack in turn, its settings and its world, and
the identity and phone rules put back to the defaults after every test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from redceci.countries import CODES, activate, country_pack
from redceci.platform.country import CountryPack
from redceci.settings import Settings, get_settings
from tests.countries.folders import data_dir_of


@pytest.fixture(autouse=True)
def default_identity() -> Iterator[None]:
    yield
    activate(None)


@pytest.fixture(params=CODES)
def pack(request: pytest.FixtureRequest) -> CountryPack:
    return country_pack(request.param)


@pytest.fixture
def pack_settings(pack: CountryPack) -> Settings:
    settings = get_settings(country=pack.code, data=data_dir_of(pack.code))
    assert settings.data.is_dir(), f"{pack.name}'s data folder not found at {settings.data}"
    return settings


_WORLDS: dict[str, Any] = {}


@pytest.fixture
def pack_world(pack: CountryPack, pack_settings: Settings, request: pytest.FixtureRequest) -> Any:
    """The pack's national world, loaded once per session (Mexico's is the suite's ``world``)."""
    if pack.code == "mx":
        return request.getfixturevalue("world")
    if pack.code not in _WORLDS:
        from redceci.workflow import load_world

        _WORLDS[pack.code] = load_world(pack_settings)
    return _WORLDS[pack.code]
