"""Migrations build exactly the models' schema, on SQLite and PostgreSQL, and can be undone."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.orm import Session

from redceci.platform.vocabulary import CentreStatus
from redceci.store.db import Database
from redceci.store.migrate import current_revision, downgrade, head_revision, upgrade
from redceci.store.planning.scenarios import ScenarioParameters
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


def test_a_scenario_stored_with_peso_names_reads_with_the_new_names(
    db: Database, tmp_path: Path
) -> None:
    # 0013: a run stored before the rename (budget_mxn, costs_mxn; cost_mxn, capital_mxn ...)
    # takes the currency-neutral names, and its parameters still load; downgrading restores them.
    parameters = {"centres": 5, "budget_mxn": 7e8, "costs_mxn": [2e7, 3e7], "sizes": [110, 250]}
    row = {"year": 2026, "capital_mxn": 1.0, "operating_mxn": 2.0, "spending_mxn": 3.0}
    state = {"state": "19", "capital_mxn": 1.0, "operating_mxn": 2.0}
    result = {"cost_mxn": 5e7, "programme": {"by_year": [row], "by_state": [state]}}
    with temporary_database(db.backend, tmp_path) as fresh:
        assert downgrade(fresh, "0012") == "0012"
        with fresh.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO scenarios (name, parameters, status, progress, message, result, "
                    "created_at) VALUES ('old', :p, 'succeeded', 1.0, '', :r, :t)"
                ),
                {
                    "p": json.dumps(parameters),
                    "r": json.dumps(result),
                    "t": dt.datetime(2026, 1, 1),
                },
            )
        assert upgrade(fresh) == head_revision()
        with fresh.engine.connect() as conn:
            stored, summary = conn.execute(
                sa.text("SELECT parameters, result FROM scenarios")
            ).one()
        stored, summary = _json(stored), _json(summary)
        assert stored == {"centres": 5, "budget": 7e8, "costs": [2e7, 3e7], "sizes": [110, 250]}
        assert ScenarioParameters.model_validate(stored).budget == 7e8
        assert summary == {
            "cost": 5e7,
            "programme": {
                "by_year": [{"year": 2026, "capital": 1.0, "operating": 2.0, "spending": 3.0}],
                "by_state": [{"state": "19", "capital": 1.0, "operating": 2.0}],
            },
        }
        assert downgrade(fresh, "0012") == "0012"
        with fresh.engine.connect() as conn:
            back = conn.execute(sa.text("SELECT parameters, result FROM scenarios")).one()
        assert (_json(back[0]), _json(back[1])) == (parameters, result)


def _json(value: Any) -> Any:
    """A JSON column read with plain SQL: text on SQLite, already decoded on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) else value


#: Each table whose writes bump a data version (migration 0012, ``store.versions``).
VERSIONED = ("centres", "centre_rooms", "centre_transitions", "states", "scenarios")


def _bumping(db: Database) -> dict[str, set[str]]:
    """The writes of each table that fire a trigger bumping a data version."""
    if db.backend == "sqlite":
        query = "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
        actions = ("INSERT", "UPDATE", "DELETE")
    else:  # each statement trigger's events, TRUNCATE included
        query = (
            "SELECT c.relname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
        )
        actions = ("INSERT", "UPDATE", "DELETE", "TRUNCATE")
    found: dict[str, set[str]] = {}
    with db.engine.connect() as conn:
        for table, sql in conn.execute(sa.text(query)):
            if "data_versions" in sql or "_version()" in sql:
                events = sql.upper().split(" AFTER ", 1)[1].split(" ON ", 1)[0].split(" OR ")
                found.setdefault(table, set()).update(a for a in actions if a in events)
    return found


def test_at_head_every_versioned_table_bumps_its_version_on_every_write(
    db: Database, tmp_path: Path
) -> None:
    every = {"INSERT", "UPDATE", "DELETE"} | ({"TRUNCATE"} if db.backend == "postgresql" else set())
    assert _bumping(db) == dict.fromkeys(VERSIONED, every)
    with temporary_database(db.backend, tmp_path) as fresh:  # and after 0012 is undone, redone
        assert downgrade(fresh, "0011") == "0011"
        assert _bumping(fresh) == {}
        assert upgrade(fresh) == head_revision()
        assert _bumping(fresh) == dict.fromkeys(VERSIONED, every)
