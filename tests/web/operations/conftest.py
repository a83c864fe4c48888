"""The operations browser tests' served platform: a module's own database (SQLite and
PostgreSQL) with the operations world, served on a local port, and its screenshot folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from redceci.app import create_app
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.platform.reference import load_states
from redceci.store.testing import temporary_database
from tests.backends import BACKENDS, require_postgres
from tests.web.browser import SHOTS, require_chromium, serving
from tests.web.operations.world import OpsWorld, operations_world


@dataclass(frozen=True)
class Site:
    url: str
    world: OpsWorld
    shots: Path
    db: Database
    backend: str


@pytest.fixture(scope="module", params=BACKENDS)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Site]:
    require_chromium()
    backend = str(request.param)
    if backend == "postgresql":
        require_postgres()
    folder = tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1])
    with temporary_database(backend, folder) as db:
        load_states(db, settings.data)
        world = operations_world(db)
        app = create_app(
            settings.model_copy(update={"output": folder / "out"}), database=db, migrate=False
        )
        shots = SHOTS / "operations" / backend
        shots.mkdir(parents=True, exist_ok=True)
        with serving(app) as url:
            yield Site(url, world, shots, db, backend)
