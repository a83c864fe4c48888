"""Migrations build exactly the models' schema, on SQLite and PostgreSQL, and can be undone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.orm import Session

from redceci.platform.vocabulary import CentreStatus
from redceci.store.db import Database
from redceci.store.migrate import current_revision, downgrade, head_revision, upgrade
from redceci.store.platform.models import Centre, CentreRoom, State
from redceci.store.tables import Base
from redceci.store.testing import temporary_database


def test_a_migrated_database_is_at_the_newest_revision(db: Database) -> None:
    assert current_revision(db) == head_revision()


def test_migrations_build_exactly_the_models_schema(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrading_twice_changes_nothing(db: Database) -> None:
    assert upgrade(db) == head_revision()
    assert upgrade(db) == head_revision()


def test_downgrade_to_base_removes_every_table_and_upgrade_restores_them(
    db: Database, tmp_path: Path
) -> None:
    with temporary_database(db.backend, tmp_path) as fresh:
        assert downgrade(fresh, "base") is None
        left = set(sa.inspect(fresh.engine).get_table_names()) - {"alembic_version"}
        assert left == set()
        assert upgrade(fresh) == head_revision()
        assert set(Base.metadata.tables) <= set(sa.inspect(fresh.engine).get_table_names())


def test_a_room_s_age_group_and_a_scheme_are_text_any_pack_s_fit(
    db: Database, tmp_path: Path
) -> None:
    # 0011: Mexico's enumerations (and their CHECKs) are gone; Guatemala's groups and schemes
    # are stored.
    with temporary_database(db.backend, tmp_path) as fresh:
        assert downgrade(fresh, "0010") == "0010"
        assert upgrade(fresh) == head_revision()
        with Session(fresh.engine) as session, session.begin():
            session.add(State(code="01", name="Guatemala"))
            session.flush()
            session.add(
                Centre(
                    code="X-1",
                    name="X",
                    scheme="CADI SOSEP",
                    operator="X",
                    state_code="01",
                    lat=14.6,
                    lon=-90.5,
                    status=CentreStatus.PROPOSED,
                    status_since=dt.date(2026, 1, 1),
                    rooms=[CentreRoom(name="Sala", age_group="multiedad", capacity=10)],
                )
            )
        with fresh.engine.connect() as conn:
            stored = conn.execute(sa.text("SELECT age_group FROM centre_rooms")).scalar()
            scheme = conn.execute(sa.text("SELECT scheme FROM centres")).scalar()
        assert (stored, scheme) == ("multiedad", "CADI SOSEP")
