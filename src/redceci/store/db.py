"""The database handle: one engine and session factory, and ``transaction()`` as the unit of work.

Built by the composition root (app factory, CLI), never at import. SQLite gets foreign keys
switched on, a write-ahead log and a busy timeout, so it enforces the same rules as PostgreSQL
and a writer waits for the lock instead of failing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from redceci.errors import ConflictError, InputError
from redceci.settings import Settings


def default_database_url(output: Path) -> str:
    """The embedded default: a SQLite file in the output folder (``var/redceci.sqlite3``)."""
    return f"sqlite:///{(Path(output) / 'redceci.sqlite3').as_posix()}"


#: How long a SQLite writer waits for the write lock before giving up (ms). The longest write
#: (a 10,000-row import) takes a few seconds; a request waiting longer gets a 503.
BUSY_TIMEOUT_MS = 30_000


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # Write-ahead log: readers never wait for a writer, nor a writer for readers.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def is_busy(exc: BaseException) -> bool:
    """Whether a database error is a lock or timeout the client may retry."""
    text = str(getattr(exc, "orig", exc)).lower()
    return any(
        marker in text
        for marker in (
            "database is locked",
            "database table is locked",
            "lock timeout",
            "deadlock detected",
            "could not serialize",
            "canceling statement due to statement timeout",
        )
    )


#: PostgreSQL connections kept open per process, and opened beyond them at a peak (closed
#: again on return). ASSUMPTION: a server process runs up to 40 requests at once (the thread
#: pool); SQLAlchemy's default of 5 kept made a busy process open and close a connection (a
#: new PostgreSQL backend, forked) for most requests. Two processes (what suits two cores) keep
#: 32 and open at most 48 of PostgreSQL's default 100.
POOL_SIZE = 16
POOL_OVERFLOW = 8
#: A pooled PostgreSQL connection idle longer than this (s) is pinged before use (a restarted
#: server or a dropped link is then found before the request's query, and the connection
#: replaced); one used more recently is trusted, saving a round trip on every request.
PING_AFTER_IDLE_S = 10.0


def _mark_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info["checked_in"] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    if time.monotonic() - record.info.get("checked_in", 0.0) < PING_AFTER_IDLE_S:
        return
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        dbapi_connection.rollback()
    except Exception as exc:  # any failure: this connection is gone, the pool opens a new one
        raise DisconnectionError(str(exc)) from exc


def make_engine(url: str) -> sa.Engine:
    """An engine for ``url`` (``sqlite:///path`` or ``postgresql+psycopg://...``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    if parsed.get_backend_name() == "postgresql":
        engine = sa.create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)
        event.listen(engine, "checkout", _ping_if_idle)
        event.listen(engine, "checkin", _mark_checkin)
        return engine
    raise InputError(
        f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql"
    )


class Database:
    """An engine and its session factory; ``transaction()`` is every write's unit of work."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # PostgreSQL reads in autocommit: under READ COMMITTED each statement sees a fresh
        # snapshot anyway, and no BEGIN and ROLLBACK round trips are paid on every read.
        # SQLite keeps its read transaction (one snapshot for the whole block).
        self.read_engine = (
            self.engine.execution_options(isolation_level="AUTOCOMMIT")
            if self.backend == "postgresql"
            else self.engine
        )
        self._reads = sessionmaker(self.read_engine, expire_on_commit=False)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside one transaction: committed if the block succeeds, else rolled back.

        A unique or foreign-key violation becomes ``ConflictError``; nothing is stored.
        """
        with self._sessions() as session:
            try:
                with session.begin():
                    yield session
            except IntegrityError as exc:
                reason = str(exc.orig).strip().splitlines()[0]
                raise ConflictError(f"conflicts with stored data: {reason}") from exc

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads, closed at the end of the block (never commits: on PostgreSQL in
        autocommit, so nothing may be written through it; on SQLite its transaction is rolled
        back). Loaded objects stay readable afterwards (closing detaches them without expiring).
        """
        with self._reads() as session:
            yield session

    def read_rows(self, statement: sa.Executable, params: dict[str, Any]) -> list[sa.Row[Any]]:
        """One Core statement's rows, read as ``reading()`` does but with no session (what every
        request pays to find its caller: ~0.1 ms of CPU less)."""
        with self.read_engine.connect() as conn:
            return list(conn.execute(statement, params).all())

    def stamp(self, statement: sa.Update, **values: object) -> None:
        """A best-effort bookkeeping write ("last seen"): skipped, not waited for, when another
        writer holds the lock, so reads never fail or queue behind a long write."""
        try:
            with self.engine.begin() as conn:
                if self.backend == "sqlite":
                    conn.exec_driver_sql("PRAGMA busy_timeout=50")
                else:
                    conn.exec_driver_sql("SET LOCAL lock_timeout = '50ms'")
                try:
                    conn.execute(statement.values(**values))
                finally:
                    if self.backend == "sqlite":
                        conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        except OperationalError as exc:
            if not is_busy(exc):
                raise

    def dispose(self) -> None:
        self.engine.dispose()


def database_url(settings: Settings) -> str:
    """The configured database (``REDCECI_DATABASE_URL``), else the embedded SQLite file."""
    return settings.database_url or default_database_url(settings.output)
