"""``redceci serve`` migrates, loads the states, creates and prints the demo accounts, serves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from redceci.cli import app
from redceci.platform.vocabulary import Role
from redceci.store.db import Database
from redceci.store.platform import accounts
from redceci.store.platform.reference import list_states
from redceci.store.testing import temporary_database
from tests.backends import require_postgres


def test_serve_prepares_the_database_and_prints_demo_accounts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    monkeypatch.setenv("REDCECI_DATABASE_URL", url)
    served: dict[str, Any] = {}
    monkeypatch.setattr(
        "uvicorn.run", lambda application, **kw: served.update(app=application, **kw)
    )
    result = CliRunner().invoke(app, ["serve", "--demo-password", "demo-password-1"])
    assert result.exit_code == 0, result.output
    assert served["host"] == "127.0.0.1" and served["port"] == 8000
    assert served["app"].openapi_schema is not None  # built before the first request
    for local in ("admin", "planeacion", "coordinacion.nl", "socio", "direccion", "familia"):
        assert f"{local}@demo.redceci.mx" in result.output
    db = Database(url)
    try:
        assert len(list_states(db)) == 32
        user = accounts.authenticate(db, "coordinacion.nl@demo.redceci.mx", "demo-password-1")
        grants = accounts.principal_of(user).grants
        assert [(g.role, g.state_code) for g in grants] == [(Role.STATE_COORDINATOR, "19")]
    finally:
        db.dispose()
    again = CliRunner().invoke(app, ["serve"])  # a second start resets the passwords
    assert again.exit_code == 0, again.output
    assert "demo-password-1" not in again.output


def test_several_workers_need_the_queue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDCECI_DATABASE_URL", f"sqlite:///{tmp_path / 'serve.sqlite3'}")
    monkeypatch.setattr("uvicorn.run", lambda *a, **kw: pytest.fail("must not serve"))
    result = CliRunner().invoke(app, ["serve", "--workers", "2"])
    assert result.exit_code == 2 and "needs --queue" in result.output


def test_several_workers_start_from_the_queued_app_factory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    require_postgres()
    served: dict[str, Any] = {}
    monkeypatch.setattr(
        "uvicorn.run", lambda application, **kw: served.update(app=application, **kw)
    )
    with temporary_database("postgresql", Path()) as db:
        monkeypatch.setenv("REDCECI_DATABASE_URL", db.engine.url.render_as_string(False))
        result = CliRunner().invoke(app, ["serve", "--queue", "--workers", "3"])
    assert result.exit_code == 0, result.output
    assert served["app"] == "redceci.app:queued_app"
    assert served["factory"] is True and served["workers"] == 3
