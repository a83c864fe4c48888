"""SYNTHETIC families for a real state (Colima's census demand): loaded through the store with
their centres' rooms and applications, a round runs on them, the same seed loads the same
families again; and ``redceci enrolment demo`` does it from the command line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from redceci.cli import app
from redceci.countries.mx.rooms import ROOMS
from redceci.platform.access import Grant, Principal
from redceci.platform.vocabulary import Role
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.enrolment import rounds
from redceci.store.enrolment.demo import census_units, load_synthetic_state
from redceci.store.enrolment.models import Application, Child, EnrolmentRoom, Family
from redceci.store.platform.models import Centre
from redceci.store.testing import add_user

STATE = "06"  # Colima
START = dt.date(2026, 9, 1)
#: The country's words and rooms the made-up centres take (Mexico's).
MEXICO = {"names": ("CECI", "IMSS", "CECI IMSS"), "rooms": ROOMS}


@pytest.fixture(scope="module")
def colima(settings: Settings) -> pd.DataFrame:
    return census_units(settings, STATE)


def _counts(db: Database) -> dict[str, int]:
    with db.reading() as s:
        return {
            t.__tablename__: s.scalar(sa.select(sa.func.count()).select_from(t)) or 0
            for t in (Centre, EnrolmentRoom, Family, Child, Application)
        }


@pytest.fixture
def admin(db: Database) -> Principal:
    return add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))


def test_synthetic_families_of_a_real_state_are_loaded_and_a_round_runs_on_them(
    db: Database, admin: Principal, colima: pd.DataFrame
) -> None:
    loaded = load_synthetic_state(
        db, admin, colima, state=STATE, n_families=40, seed=1, start=START, centres=3, **MEXICO
    )
    assert (loaded.centres, loaded.centres_created, loaded.families) == (3, 3, 40)
    assert _counts(db) == {
        "centres": 3,
        "enrolment_rooms": 6,
        "families": 40,
        "children": loaded.children,
        "applications": 40,
    }
    with db.reading() as s:
        municipalities = set(s.scalars(sa.select(Centre.municipality)).all())
        places = s.scalars(sa.select(EnrolmentRoom.places)).all()
    assert all(m is not None and m.startswith(STATE) for m in municipalities)
    assert 110 <= sum(places) / 3 <= 250
    preview = rounds.run_round(db, admin, seed=1)
    assert preview.summary["children"] == loaded.children and preview.summary["placed"] > 0

    again = load_synthetic_state(
        db, admin, colima, state=STATE, n_families=40, seed=1, start=START, centres=3, **MEXICO
    )
    assert again == replace(loaded, centres_created=0)  # its centres are there now
    after = _counts(db)
    assert (after["families"], after["children"], after["centres"]) == (40, loaded.children, 3)


def test_the_demo_command_loads_a_state_into_the_configured_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    monkeypatch.setenv("REDCECI_DATABASE_URL", url)
    args = ["enrolment", "demo", "--state", STATE, "--families", "15", "--centres", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    # families whose drawn children are all born after today (no CURP yet) are left out
    shown = re.search(r"(\d+) familias", result.output)
    assert "SYNTHETIC" in result.output and shown is not None
    loaded = int(shown.group(1))
    assert 0 < loaded <= 15
    db = Database(url)
    try:
        counts = _counts(db)
    finally:
        db.dispose()
    # the demo accounts' centre (Nuevo León) and the two synthetic ones of Colima
    assert (counts["centres"], counts["families"], counts["applications"]) == (3, loaded, loaded)
    bad = CliRunner().invoke(app, ["enrolment", "demo", "--state", "99", "--families", "1"])
    assert bad.exit_code == 2 and "99" in bad.output
