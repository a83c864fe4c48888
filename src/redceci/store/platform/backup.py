"""Backups of the platform's database, taken online and restored whole.

SQLite: the engine's online backup API copies a consistent snapshot while the server runs, and
copies it back on restore. PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean
--single-transaction`` (the client tools must be installed: Debian ``postgresql-client``).
``fingerprint`` (row counts and a digest of every table's rows in key order) shows that a
restored database holds exactly what was saved. A restore moves the data versions past every
value they had (``store.versions``): a server still running serves no answer it kept before.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from redceci.errors import InputError
from redceci.store import versions
from redceci.store.db import Database


@dataclass(frozen=True)
class BackupInfo:
    """Where a backup went, its size and what it holds (rows per table)."""

    path: Path
    bytes: int
    rows: dict[str, int]


def _libpq_url(db: Database) -> str:
    return make_url(db.url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise InputError(
            f"{name} no está instalado (paquete postgresql-client) / {name} is not installed "
            "(Debian package postgresql-client)"
        )
    return found


def _sqlite_file(db: Database) -> str:
    database = make_url(db.url).database
    if not database or database == ":memory:":
        raise InputError("an in-memory SQLite database cannot be backed up")
    return database


def backup(db: Database, path: Path) -> BackupInfo:
    """Save a consistent copy of the whole database to ``path`` while it is in use."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if db.backend == "sqlite":
        tmp = path.with_suffix(path.suffix + ".partial")
        tmp.unlink(missing_ok=True)
        with sqlite3.connect(_sqlite_file(db)) as source, sqlite3.connect(tmp) as target:
            source.backup(target)
        tmp.replace(path)
    elif db.backend == "postgresql":
        subprocess.run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--file",
                str(path),
                "--dbname",
                _libpq_url(db),
            ],
            check=True,
            capture_output=True,
        )
    else:  # pragma: no cover - make_engine accepts only these two
        raise InputError(f"no backup for {db.backend}")
    return BackupInfo(path, path.stat().st_size, fingerprint(db).rows)


def restore(db: Database, path: Path) -> None:
    """Replace the whole database by the backup at ``path`` (stop the servers first)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no backup file at {path}")
    before = versions.highest(db)
    db.dispose()  # no pooled connection keeps the old state
    if db.backend == "sqlite":
        with sqlite3.connect(path) as source:
            if source.execute("PRAGMA integrity_check").fetchone() != ("ok",):
                raise InputError(f"{path}: not a sound SQLite backup")
            with sqlite3.connect(_sqlite_file(db)) as target:
                source.backup(target)
    else:
        subprocess.run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                _libpq_url(db),
                str(path),
            ],
            check=True,
            capture_output=True,
        )
    versions.move_past(db, before)


@dataclass(frozen=True)
class Fingerprint:
    """Rows per table and one digest of every row of every table, in key order."""

    rows: dict[str, int]
    digest: str


def fingerprint(db: Database) -> Fingerprint:
    """What the database holds, comparable across a backup and its restore (the data versions
    are bookkeeping, not data: a restore moves them on)."""
    digest = hashlib.sha256()
    rows: dict[str, int] = {}
    with db.engine.connect() as conn:
        stored = sa.MetaData()
        stored.reflect(bind=conn)  # every table the database holds, whatever code is loaded
        for table in stored.sorted_tables:
            if table.name == versions.TABLE:
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            count = 0
            for row in conn.execute(sa.select(table).order_by(*order)):
                digest.update(repr(tuple(row)).encode("utf-8"))
                count += 1
            rows[table.name] = count
            digest.update(f"|{table.name}:{count}|".encode())
    return Fingerprint(rows, digest.hexdigest())
