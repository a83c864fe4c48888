"""Store fixtures: one migrated database per backend (SQLite, PostgreSQL), emptied per test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.reference import load_states
from redceci.store.testing import (
    empty_tables,
    postgres_admin_url,
    postgres_unreachable,
    temporary_database,
)

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def _require_postgres() -> None:
    reason = postgres_unreachable()
    if reason is None:
        return
    message = (
        f"PostgreSQL tests need a server at {postgres_admin_url()} "
        f"(set REDCECI_TEST_POSTGRES_URL); it is unreachable: {reason}"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session", params=BACKENDS)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Database]:
    if request.param == "postgresql":
        _require_postgres()
    with temporary_database(request.param, tmp_path_factory.mktemp("store-db")) as db:
        load_states(db, settings.data)
        yield db


@pytest.fixture
def db(database: Database) -> Database:
    empty_tables(database)
    return database
