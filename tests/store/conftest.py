"""Store fixtures: one migrated database per backend (SQLite, PostgreSQL), emptied per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from backends import BACKENDS, require_postgres
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.reference import load_states
from redceci.store.testing import (
    empty_tables,
    temporary_database,
)


@pytest.fixture(scope="session", params=BACKENDS)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Database]:
    if request.param == "postgresql":
        require_postgres()
    with temporary_database(request.param, tmp_path_factory.mktemp("store-db")) as db:
        load_states(db, settings.data)
        yield db


@pytest.fixture
def db(database: Database) -> Database:
    empty_tables(database)
    return database
