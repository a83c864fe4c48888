"""The database handle on PostgreSQL: reads without a transaction, and a pooled connection
that died while idle replaced before a request uses it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from redceci.store import db as db_module
from redceci.store.db import Database
from redceci.store.testing import temporary_database
from tests.backends import require_postgres


@pytest.fixture
def pg(tmp_path: Path) -> Iterator[Database]:
    require_postgres()
    with temporary_database("postgresql", tmp_path) as database:
        yield database


def test_reads_open_no_transaction(pg: Database) -> None:
    with pg.reading() as session:
        session.execute(sa.text("SELECT 1"))
        # autocommit: no transaction left open (its BEGIN and ROLLBACK were round trips)
        assert session.connection().connection.dbapi_connection.info.transaction_status == 0


def test_a_connection_killed_while_idle_is_replaced(
    pg: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pg.reading() as session:
        killed = session.scalar(sa.text("SELECT pg_backend_pid()"))
    killer = sa.create_engine(pg.url, poolclass=sa.pool.NullPool)  # as a restart would
    with killer.begin() as other:
        other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": killed})
    killer.dispose()
    monkeypatch.setattr(db_module, "PING_AFTER_IDLE_S", 0.0)  # as after an idle spell
    with pg.reading() as session:
        assert session.scalar(sa.text("SELECT pg_backend_pid()")) != killed
