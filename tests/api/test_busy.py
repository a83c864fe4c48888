"""Writes under a held lock: they wait (WAL, busy timeout) and, past the timeout, answer 503
with Retry-After, never a 500; a large import does not make concurrent writes fail."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from redceci.api.planning.jobs import InProcessRunner
from redceci.app import create_app
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.settings import Settings
from redceci.store import db as store_db
from redceci.store.db import Database
from redceci.store.migrate import upgrade
from redceci.store.platform.reference import load_states
from redceci.store.testing import add_user
from tests.api.world import World, centre_data, fake_analyser, fake_planner


def test_sqlite_runs_with_a_write_ahead_log_and_a_long_busy_timeout(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 30_000
    db.dispose()


def test_a_write_blocked_past_the_timeout_is_a_503_with_retry_after(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 200)
    path = tmp_path / "busy.sqlite3"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    load_states(db, settings.data)
    planner = add_user(db, "p@x.mx", Grant(Role.NATIONAL_PLANNER))
    from redceci.store.platform import accounts

    token = accounts.issue_token(db, planner, name="t").secret
    app = create_app(
        settings.model_copy(update={"output": tmp_path}),
        database=db,
        runner=lambda d, s: InProcessRunner(d, s, planner=fake_planner, analyser=fake_analyser),
        migrate=False,
    )
    holder = sqlite3.connect(path, timeout=0.1)
    try:
        with TestClient(app, base_url="https://testserver") as client:
            # principal lookup is a read: it works under the writer's lock (WAL)
            holder.execute("BEGIN IMMEDIATE")
            body = centre_data("BUSY-1", "19").model_dump(mode="json")
            response = client.post(
                "/api/centres", json=body, headers={"Authorization": f"Bearer {token}"}
            )
            assert response.status_code == 503, response.text
            assert response.headers["retry-after"].isdigit()
            holder.rollback()
            response = client.post(
                "/api/centres", json=body, headers={"Authorization": f"Bearer {token}"}
            )
            assert response.status_code == 201
    finally:
        holder.close()
        db.dispose()


def test_writes_during_a_large_import_all_succeed(world: World, client: TestClient) -> None:
    header = "code,name,scheme,operator,state,lat,lon,status,status_since,lactantes\n"
    rows = "".join(
        f"BULK-{i},CECI {i},CECI IMSS,IMSS,19,25.7,-100.3,proposed,2026-01-05,20\n"
        for i in range(3000)
    )
    planner = world.headers["planner"]

    def importing() -> int:
        files = {"file": ("c.csv", (header + rows).encode(), "text/csv")}
        return client.post("/api/centres/import", files=files, headers=planner).status_code

    def writing(i: int) -> int:
        body = centre_data(f"W-{i}", "19").model_dump(mode="json")
        return client.post("/api/centres", json=body, headers=planner).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        big = pool.submit(importing)
        small = list(pool.map(writing, range(27)))
    assert big.result() == 201
    assert small == [201] * 27
