"""Reference data the platform needs from the real data folder: the states (entidades)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from redceci.data.census import read_states
from redceci.store.db import Database
from redceci.store.platform.models import State
from redceci.store.versions import kept


def load_states(db: Database, data_dir: Path) -> int:
    """Insert or rename the states from the census table; returns how many there are."""
    table = read_states(data_dir)
    return load_regions(db, pd.DataFrame({"code": table["CVE_ENT"], "name": table["NOM_ENT"]}))


def load_regions(db: Database, table: pd.DataFrame) -> int:
    """Insert or rename a country's first administrative level (``code``, ``name``: the states
    of Mexico, the departamentos of Guatemala); returns how many there are."""
    with db.transaction() as session:
        known = {s.code: s for s in session.scalars(sa.select(State))}
        for code, name in zip(table["code"], table["name"], strict=True):
            if code in known:
                known[code].name = str(name)
            else:
                session.add(State(code=str(code), name=str(name)))
    return len(table)


def list_states(db: Database) -> list[State]:
    """All states by code (public reference data; kept until the states change)."""

    def read() -> list[State]:
        with db.reading() as session:
            return list(session.scalars(sa.select(State).order_by(State.code)).all())

    return list(kept(db, "states", "list", read))


def state_names(db: Database) -> dict[str, str]:
    """State code -> name, by code (kept until the states change)."""

    def read() -> dict[str, str]:
        with db.reading() as session:
            return dict(
                session.execute(sa.select(State.code, State.name).order_by(State.code)).all()
            )

    return dict(kept(db, "states", "names", read))
