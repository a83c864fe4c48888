"""``redceci operations notify`` mails guardians the refusals not yet sent, once, through the
configured mailer (here the file outbox under the output folder)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from redceci.cli import app
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.migrate import upgrade
from redceci.store.operations import events
from redceci.store.operations.inputs import EventIn
from redceci.store.platform.reference import load_states
from tests.web.operations.world import operations_world


def test_notify_mails_the_childs_guardian_once_into_the_outbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    db = Database(url)
    try:
        upgrade(db)
        load_states(db, settings.data)
        ops = operations_world(db)
        refusal = EventIn(
            idempotency_key=uuid.uuid4().hex,
            kind="refusal",  # type: ignore[arg-type]
            device_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=3),
            child_id=ops.children["Ana"],
            reason="fever",
        )
        tz = ZoneInfo("America/Mexico_City")
        [stored] = events.ingest(db, ops.educator, ops.centre, [refusal], tz=tz)
        assert stored.status == "stored"
    finally:
        db.dispose()
    monkeypatch.setenv("REDCECI_DATABASE_URL", url)
    monkeypatch.setenv("REDCECI_OUTPUT", str(tmp_path / "var"))
    runner = CliRunner(env={"COLUMNS": "200"})
    first = runner.invoke(app, ["operations", "notify"])
    assert first.exit_code == 0, first.output
    assert "Avisos enviados / notices sent: 1;" in first.output
    [mail] = list((tmp_path / "var" / "outbox").glob("*.eml"))
    assert "To: mama@ops.mx" in mail.read_text()
    again = runner.invoke(app, ["operations", "notify"])
    assert again.exit_code == 0 and "notices sent: 0;" in again.output
    assert len(list((tmp_path / "var" / "outbox").glob("*.eml"))) == 1
