"""The per-process world cache: exact for runs, stale-while-rebuilding for summary pages."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from redceci.api.planning import runs
from redceci.settings import Settings


class Builds(list[str | None]):
    """The registries the stand-in build was called with; ``gate`` holds a build back."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.gate.set()


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Builds:
    """Replace the (seconds-long) world build by one recording its registry and returning it."""
    made = Builds()

    def build(_settings: Settings, centres: str | None, _plots: object, _progress: object) -> str:
        made.gate.wait(10)
        made.append(centres)
        return f"world of {centres}"

    monkeypatch.setattr(runs, "_build", build)
    return made


def _registry(name: str) -> pd.DataFrame:
    return pd.DataFrame([{"id": "C1", "name": name, "places": 10}])


def _quiet(_message: str, _share: float) -> None:
    return None


def test_runs_always_get_the_world_of_their_registry(builds: Builds) -> None:
    cache, settings = runs.WorldCache(), Settings()
    first = cache.get(settings, _registry("A"), _quiet)
    assert cache.get(settings, _registry("A"), _quiet) is first
    assert "B" in str(cache.get(settings, _registry("B"), _quiet))
    assert len(builds) == 2


def test_a_summary_keeps_the_last_world_while_the_new_one_is_built(
    builds: Builds,
) -> None:
    cache, settings = runs.WorldCache(), Settings()
    old = cache.get(settings, _registry("A"), _quiet)  # nothing cached yet: built now
    builds.gate.clear()  # the next build takes its time
    start = time.perf_counter()
    assert cache.get(settings, _registry("B"), _quiet, stale_for=0.01) is old  # no wait
    assert cache.get(settings, _registry("B"), _quiet, stale_for=0.01) is old
    assert time.perf_counter() - start < 1
    builds.gate.set()
    deadline = time.monotonic() + 10
    while "B" not in str(cache.get(settings, _registry("B"), _quiet, stale_for=0.01)):
        assert time.monotonic() < deadline, "the background rebuild never finished"
        time.sleep(0.01)
    assert len(builds) == 2  # one rebuild for the two stale reads


def test_a_stream_of_changes_costs_one_rebuild_per_period(builds: Builds) -> None:
    cache, settings = runs.WorldCache(), Settings()
    old = cache.get(settings, _registry("A"), _quiet)
    for name in "BCDEF":  # within the period: the last world, no rebuild
        assert cache.get(settings, _registry(name), _quiet, stale_for=3600) is old
    assert len(builds) == 1


def test_a_summary_never_gets_a_world_of_other_data(builds: Builds, tmp_path: Path) -> None:
    cache = runs.WorldCache()
    cache.get(Settings(), _registry("A"), _quiet, stale_for=3600)
    other = Settings(data=tmp_path)
    assert cache.recent(other, 3600) is None
    assert "B" in str(cache.get(other, _registry("B"), _quiet, stale_for=3600))  # built now


def test_a_recent_summary_world_is_reused_without_the_registry(builds: Builds) -> None:
    cache, settings = runs.WorldCache(), Settings()
    assert cache.recent(settings, 3600) is None  # no summary yet
    world = cache.get(settings, _registry("A"), _quiet, stale_for=3600)
    assert cache.recent(settings, 3600) is world
    assert cache.recent(settings, 0) is None  # past its period: read the registry again
