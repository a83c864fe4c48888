"""Store fixtures: one migrated database per backend (SQLite, PostgreSQL), emptied per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.testing import (
    empty_tables,
)
from tests.backends import BACKENDS, database_on


@pytest.fixture(scope="session", params=BACKENDS)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Database]:
    yield from database_on(request.param, tmp_path_factory, settings)


@pytest.fixture
def db(database: Database) -> Database:
    empty_tables(database)
    return database
