"""``redceci db upgrade`` and ``db current`` migrate the configured database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from redceci.cli import app
from redceci.store.db import Database
from redceci.store.migrate import current_revision, head_revision


def test_db_upgrade_migrates_the_database_named_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("REDCECI_DATABASE_URL", url)
    runner = CliRunner()
    first = runner.invoke(app, ["db", "current"])
    assert first.exit_code == 0 and "vacía / empty" in first.output
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    db = Database(url)
    try:
        assert current_revision(db) == head_revision()
    finally:
        db.dispose()
    assert head_revision() in runner.invoke(app, ["db", "current"]).output


def test_an_unsupported_database_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDCECI_DATABASE_URL", "mysql://x@localhost/db")
    result = CliRunner().invoke(app, ["db", "upgrade"])
    assert result.exit_code == 2
    assert "unsupported database" in result.output
