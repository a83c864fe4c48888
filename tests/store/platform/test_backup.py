"""A restore into a database that running servers read: the data versions move past every value
they had before, so no answer a server kept before the restore is served for the restored rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from redceci.countries import activate, country_pack
from redceci.platform.access import Grant, Principal
from redceci.platform.vocabulary import Role
from redceci.settings import Settings
from redceci.store import versions
from redceci.store.db import Database
from redceci.store.platform import centres
from redceci.store.platform.backup import backup, fingerprint, restore
from redceci.store.platform.reference import load_states
from redceci.store.testing import add_user, temporary_database
from tests.backends import BACKENDS, require_postgres
from tests.store.platform.test_centres import centre

GROUPS = ("centres", "states", "scenarios")


@pytest.fixture(autouse=True)
def mexico() -> Iterator[None]:
    activate(country_pack("mx"))
    yield
    activate(None)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_server_serves_no_answer_kept_before_a_restore(
    backend: str, tmp_path: Path, settings: Settings
) -> None:
    if backend == "postgresql":
        require_postgres()
    with temporary_database(backend, tmp_path) as db:
        load_states(db, settings.data)
        admin = add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
        server = Database(db.url)  # a running server process's handle
        try:
            centres.create_centre(db, admin, centre("A"))
            saved, held = backup(db, tmp_path / "respaldo.bak"), fingerprint(db)
            centres.create_centre(db, admin, centre("B"))
            highest = versions.version(db, *GROUPS)
            assert _codes(server, admin) == ["A", "B"]  # kept at the versions after B

            restore(db, saved.path)
            restored = versions.version(db, *GROUPS)
            assert restored is not None and highest is not None
            assert all(r > h for r, h in zip(restored, highest, strict=True))
            assert fingerprint(db) == held  # the counters are no data
            # the same writes as after the backup: the counters must not meet B's again
            centres.create_centre(db, admin, centre("C"))
            assert _codes(server, admin) == ["A", "C"]
            centres.create_centre(db, admin, centre("D"))  # the restored triggers bump
            assert _codes(server, admin) == ["A", "C", "D"]
        finally:
            server.dispose()


def _codes(db: Database, actor: Principal) -> list[str]:
    records, _ = centres.list_centre_records(db, actor)
    return [r["code"] for r in records]
