"""Answers kept between requests: never served after a write to their tables, by any process
(a second database handle stands for another server process) or by a tool writing SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from redceci.countries import activate, country_pack
from redceci.platform.access import Grant, Principal
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.settings import Settings
from redceci.store import versions
from redceci.store.db import Database
from redceci.store.migrate import downgrade, head_revision, upgrade
from redceci.store.planning import scenarios
from redceci.store.platform import centres
from redceci.store.platform.centre_import import import_centres_csv
from redceci.store.platform.centres import CentreChanges, RoomData
from redceci.store.platform.reference import load_states, state_names
from redceci.store.testing import add_user, temporary_database
from tests.store.platform.test_centre_import import GOOD
from tests.store.platform.test_centres import centre


@pytest.fixture(autouse=True)
def mexico() -> Iterator[None]:
    activate(country_pack("mx"))
    yield
    activate(None)


@pytest.fixture
def other(db: Database) -> Iterator[Database]:
    """Another server process's handle on the same database."""
    handle = Database(db.url)
    yield handle
    handle.dispose()


@pytest.fixture
def planner(db: Database) -> Principal:
    return add_user(db, "planner@x.mx", Grant(Role.NATIONAL_PLANNER))


def listed(db: Database, actor: Principal) -> list[tuple[str, str, str, int]]:
    records, total = centres.list_centre_records(db, actor)
    assert total == len(records)
    return [(r["code"], r["name"], r["status"].value, r["capacity"]) for r in records]


def test_every_write_to_a_centre_is_seen_by_a_process_that_kept_the_list(
    db: Database, other: Database, planner: Principal
) -> None:
    made = centres.create_centre(db, planner, centre("A"))
    assert listed(other, planner) == [("A", "CECI A", "proposed", 110)]

    centres.update_centre(db, planner, made.id, CentreChanges(name="Renamed"))
    assert listed(other, planner) == [("A", "Renamed", "proposed", 110)]

    rooms = [RoomData(name="Maternales", age_group="maternales", capacity=25)]
    centres.update_centre(db, planner, made.id, CentreChanges(rooms=rooms))
    assert listed(other, planner) == [("A", "Renamed", "proposed", 25)]

    centres.transition_centre(
        db, planner, made.id, to_status=CentreStatus.APPROVED, effective_on=dt.date(2026, 1, 1)
    )
    assert listed(other, planner) == [("A", "Renamed", "approved", 25)]

    import_centres_csv(db, planner, GOOD.encode())
    assert [c[0] for c in listed(other, planner)] == ["A", "NL-1", "NL-2"]

    with db.engine.begin() as conn:  # a tool outside the platform
        conn.execute(
            sa.text("UPDATE centre_rooms SET capacity = 7 WHERE centre_id = :id"), {"id": made.id}
        )
    assert listed(other, planner)[0] == ("A", "Renamed", "approved", 7)

    with db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM centres WHERE code LIKE 'NL-%'"))
    assert [c[0] for c in listed(other, planner)] == ["A"]


def test_a_deleted_centre_leaves_the_kept_list(
    db: Database, other: Database, planner: Principal
) -> None:
    made = centres.create_centre(db, planner, centre("A"))
    assert len(listed(other, planner)) == 1
    centres.delete_centre(db, planner, made.id)
    assert listed(other, planner) == []


def test_a_kept_answer_is_served_again_until_its_tables_change(
    db: Database, planner: Principal
) -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert versions.kept(db, "centres", "k", compute) == 1
    assert versions.kept(db, "centres", "k", compute) == 1
    assert versions.kept(db, "states", "k", compute) == 2  # each group keeps its own
    centres.create_centre(db, planner, centre("A"))
    assert versions.kept(db, "centres", "k", compute) == 3
    assert versions.kept(db, "states", "k", compute) == 2  # a centre is not a state
    assert len(calls) == 3


def test_one_scope_s_list_is_never_served_to_another(db: Database, planner: Principal) -> None:
    centres.create_centre(db, planner, centre("NL", state="19"))
    centres.create_centre(db, planner, centre("JAL", state="14"))
    coordinator = add_user(db, "nl@x.mx", Grant(Role.STATE_COORDINATOR, state_code="19"))
    assert [c[0] for c in listed(db, planner)] == ["NL", "JAL"]
    assert [c[0] for c in listed(db, coordinator)] == ["NL"]
    assert [c[0] for c in listed(db, planner)] == ["NL", "JAL"]


def test_renamed_states_are_seen_at_once(db: Database, other: Database) -> None:
    before = state_names(other)
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE states SET name = 'NL renombrado' WHERE code = '19'"))
    try:
        assert state_names(other)["19"] == "NL renombrado"
    finally:
        with db.engine.begin() as conn:
            conn.execute(
                sa.text("UPDATE states SET name = :n WHERE code = '19'"), {"n": before["19"]}
            )
    assert state_names(other) == before


def test_without_its_counter_nothing_is_kept(db: Database) -> None:
    calls: list[int] = []
    with db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM data_versions WHERE name = 'centres'"))
    try:
        assert versions.kept(db, "centres", "k", lambda: calls.append(1) or len(calls)) == 1
        assert versions.kept(db, "centres", "k", lambda: calls.append(1) or len(calls)) == 2
    finally:
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO data_versions (name, version) VALUES ('centres', 1)"))
        versions.move_past(db, versions.highest(db))  # never back to a value kept before


def test_the_kept_answers_are_bounded(db: Database) -> None:
    for i in range(versions.MAX_KEPT + 10):
        versions.kept(db, "states", ("bounded", i), lambda i=i: i)
    calls: list[int] = []
    assert versions.kept(db, "states", ("bounded", 0), lambda: calls.append(1) or -1) == -1
    assert calls == [1]  # the oldest went first


def test_the_dashboard_figures_follow_a_centre_s_steps(
    db: Database, other: Database, planner: Principal
) -> None:
    days = [dt.date(2026, 6, 1)]
    made = centres.create_centre(db, planner, centre("A"))
    assert centres.registry_figures(other, planner, days=days).counted_on == [0]
    for step in (CentreStatus.APPROVED, CentreStatus.UNDER_CONSTRUCTION, CentreStatus.OPERATING):
        centres.transition_centre(
            db, planner, made.id, to_status=step, effective_on=dt.date(2026, 1, 1)
        )
    assert centres.registry_figures(other, planner, days=days).counted_on == [1]


def test_a_scenario_s_progress_is_seen_at_once(
    db: Database, other: Database, planner: Principal
) -> None:
    made = scenarios.create_scenario(
        db, planner, name="Nacional", parameters=scenarios.ScenarioParameters()
    )
    assert [s.name for s in scenarios.list_scenarios(other, planner)[0]] == ["Nacional"]
    assert scenarios.get_scenario(other, planner, made.id).progress == 0.0
    with db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE scenarios SET progress = 0.5, status = 'running'"))
    assert scenarios.get_scenario(other, planner, made.id).progress == 0.5
    assert scenarios.list_scenarios(other, planner)[0][0].progress == 0.5


def test_counters_made_again_meet_no_version_kept_before(
    db: Database, tmp_path: Path, settings: Settings
) -> None:
    with temporary_database(db.backend, tmp_path) as fresh:
        load_states(fresh, settings.data)
        planner = add_user(fresh, "planner@x.mx", Grant(Role.NATIONAL_PLANNER))
        server = Database(fresh.url)
        try:
            centres.create_centre(fresh, planner, centre("A"))
            assert [c[0] for c in listed(server, planner)] == ["A"]
            assert downgrade(fresh, "0011") == "0011"  # the counters go ...
            with fresh.engine.begin() as conn:
                for table in ("centre_transitions", "centre_rooms", "centres"):
                    conn.execute(sa.text(f"DELETE FROM {table}"))
            assert upgrade(fresh) == head_revision()  # ... and come again
            centres.create_centre(fresh, planner, centre("B"))  # the same writes as A's
            assert [c[0] for c in listed(server, planner)] == ["B"]
        finally:
            server.dispose()


def test_an_answer_read_while_a_write_commits_is_not_served_after_the_write(
    db: Database, other: Database, planner: Principal
) -> None:
    made = centres.create_centre(db, planner, centre("A"))
    writes = [CentreChanges(name="Renamed")]

    def compute() -> str:
        name = centres.get_centre(other, planner, made.id).name
        if writes:  # another process commits between this read and the answer being kept
            centres.update_centre(db, planner, made.id, writes.pop())
        return name

    assert versions.kept(other, "centres", "racing", compute) == "CECI A"
    assert versions.kept(other, "centres", "racing", compute) == "Renamed"


def test_the_kept_answers_are_bounded_by_their_bytes(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(versions, "MAX_BYTES", 100)
    calls: list[str] = []

    def answer(key: str) -> str:
        calls.append(key)
        return key

    for key in ("a", "b", "c"):  # 40 bytes each: the third pushes the first out
        versions.kept(db, "states", ("bytes", key), lambda k=key: answer(k), size=lambda _: 40)
    versions.kept(db, "states", ("bytes", "b"), lambda: answer("b"), size=lambda _: 40)
    versions.kept(db, "states", ("bytes", "a"), lambda: answer("a"), size=lambda _: 40)
    assert calls == ["a", "b", "c", "a"]
    for _ in range(2):  # larger than all the room: never kept
        versions.kept(db, "states", ("bytes", "big"), lambda: answer("big"), size=lambda _: 101)
    assert calls == ["a", "b", "c", "a", "big", "big"]


def test_pages_of_centres_are_weighed_by_their_records(
    db: Database, planner: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    centres.create_centre(db, planner, centre("A"))
    centres.create_centre(db, planner, centre("B"))
    monkeypatch.setattr(versions, "MAX_BYTES", centres.RECORD_BYTES * 2)
    reads: list[int] = []
    real = centres._centre_records

    def counted(*args: object) -> object:
        reads.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(centres, "_centre_records", counted)
    for _ in range(2):  # two records: room for them alone
        centres.list_centre_records(db, planner)
    assert len(reads) == 1
    centres.list_centre_records(db, planner, limit=1)  # a third record: the two go
    centres.list_centre_records(db, planner)
    assert len(reads) == 3
