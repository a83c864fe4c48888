"""The database backends the store, API and page tests run on, and the PostgreSQL check."""

from __future__ import annotations

import os

import pytest

from redceci.store.testing import postgres_admin_url, postgres_unreachable

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
