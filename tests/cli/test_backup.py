"""``redceci db backup`` and ``db restore``: a backup taken while the database is in use and
restored over later changes gives back a database that answers exactly as the original did."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from redceci.api.planning.jobs import InProcessRunner
from redceci.app import create_app
from redceci.cli import app
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.platform import accounts, centres
from redceci.store.platform.backup import fingerprint
from redceci.store.platform.reference import load_states
from redceci.store.testing import add_user, temporary_database
from tests.api.world import centre_data, fake_analyser, fake_planner
from tests.backends import BACKENDS, require_postgres


def answers(db: Database, settings: Settings, token: str) -> list[object]:
    """What the API answers for a few reads (the registry, one centre, the audit log)."""
    api = create_app(
        settings,
        database=db,
        runner=lambda d, s: InProcessRunner(d, s, planner=fake_planner, analyser=fake_analyser),
        migrate=False,
    )
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(api, base_url="https://testserver") as client:
        listing = client.get("/api/centres?limit=1000", headers=headers).json()
        first = client.get(f"/api/centres/{listing['items'][0]['id']}", headers=headers).json()
        log = client.get("/api/audit?limit=1000", headers=headers).json()
    return [listing, first, log["total"]]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_restored_database_answers_the_same_as_the_original(
    backend: str, tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend == "postgresql":
        require_postgres()
    with temporary_database(backend, tmp_path) as db:
        load_states(db, settings.data)
        admin = add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
        token = accounts.issue_token(db, admin, name="t").secret
        for i in range(5):
            centres.create_centre(db, admin, centre_data(f"B-{i}", "19"))
        monkeypatch.setenv("REDCECI_DATABASE_URL", db.url)
        run_settings = settings.model_copy(update={"output": tmp_path})
        before, saved = answers(db, run_settings, token), fingerprint(db)
        file = tmp_path / "respaldo.bak"
        made = CliRunner().invoke(app, ["db", "backup", str(file)])
        assert made.exit_code == 0, made.output
        assert file.stat().st_size > 0
        # later changes, then the restore brings the saved state back
        centres.create_centre(db, admin, centre_data("AFTER-1", "14"))
        assert fingerprint(db) != saved
        refused = CliRunner().invoke(app, ["db", "restore", str(file)])
        assert refused.exit_code != 0  # needs --yes
        back = CliRunner().invoke(app, ["db", "restore", str(file), "--yes"])
        assert back.exit_code == 0, back.output
        assert fingerprint(db) == saved
        assert answers(db, run_settings, token) == before
