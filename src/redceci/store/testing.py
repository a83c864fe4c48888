"""Throwaway databases for test suites: a SQLite file, or a fresh uniquely named PostgreSQL
database created on the server and dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from redceci.platform.access import Grant, Principal
from redceci.store.db import Database
from redceci.store.migrate import upgrade
from redceci.store.platform.accounts import principal_of
from redceci.store.platform.models import RoleAssignment, User
from redceci.store.platform.security import hash_password
from redceci.store.tables import Base

#: The server the PostgreSQL suites use (override with REDCECI_TEST_POSTGRES_URL).
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def postgres_admin_url() -> str:
    return os.environ.get("REDCECI_TEST_POSTGRES_URL", DEFAULT_POSTGRES)


def postgres_unreachable() -> str | None:
    """Why the test server cannot be used, or None if it answers."""
    engine = sa.create_engine(postgres_admin_url(), connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        return str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    finally:
        engine.dispose()
    return None


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """Create ``redceci_test_<random>`` on the test server, yield its URL, drop it after."""
    admin = make_url(postgres_admin_url())
    name = f"redceci_test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@contextmanager
def temporary_database(backend: str, folder: Path) -> Iterator[Database]:
    """A migrated, empty database of ``backend`` (``sqlite`` or ``postgresql``)."""
    if backend == "sqlite":
        db = Database(f"sqlite:///{(folder / f'{uuid.uuid4().hex[:8]}.sqlite3').as_posix()}")
        upgrade(db)
        try:
            yield db
        finally:
            db.dispose()
        return
    with temporary_postgres() as url:
        db = Database(url)
        upgrade(db)
        try:
            yield db
        finally:
            db.dispose()


def empty_tables(db: Database, *, keep: tuple[str, ...] = ("states",)) -> None:
    """Delete every row except those of ``keep`` (between tests sharing one database); the
    data versions stay (the deletes bump them, so no process serves what was deleted)."""
    with db.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in keep and table.name != "data_versions":
                conn.execute(table.delete())


#: The password of every user made by ``add_user`` (hashed once per process).
TEST_PASSWORD = "correct horse battery"
_TEST_HASH: list[str] = []


def add_user(db: Database, email: str, *grants: Grant, name: str = "Test user") -> Principal:
    """Insert a user with these roles without hashing a password each time (fast fixtures)."""
    if not _TEST_HASH:
        _TEST_HASH.append(hash_password(TEST_PASSWORD))
    with db.transaction() as session:
        user = User(email=email, name=name, password_hash=_TEST_HASH[0])
        user.roles = [
            RoleAssignment(
                role=g.role,
                state_code=g.state_code,
                organisation_id=g.organisation_id,
                centre_id=g.centre_id,
                family_id=g.family_id,
            )
            for g in grants
        ]
        session.add(user)
        session.flush()
        return principal_of(user)
