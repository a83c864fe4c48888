"""The database backends the store, API and page tests run on, the PostgreSQL check, and a
migrated database of either backend with the states loaded."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.platform.reference import load_states
from redceci.store.testing import postgres_admin_url, postgres_unreachable, temporary_database

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


def require_postgres() -> None:
    """Skip (fail when ``CI=true``) with a clear message if no PostgreSQL server answers."""
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


def database_on(
    backend: str, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Database]:
    """A migrated database of ``backend`` with the states loaded (PostgreSQL checked first)."""
    if backend == "postgresql":
        require_postgres()
    with temporary_database(backend, tmp_path_factory.mktemp(f"{backend}-db")) as db:
        load_states(db, settings.data)
        yield db
