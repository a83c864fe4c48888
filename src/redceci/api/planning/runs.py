"""One scenario run through the planning engine (``redceci.workflow``), never re-implemented.

The national world (demand, supply, candidates) takes seconds to build, so the last one is kept
per process and rebuilt only when the model parameters or the registry's centres change.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from redceci.report.planning.files import jsonable
from redceci.settings import Settings
from redceci.store.planning.scenarios import ScenarioParameters
from redceci.workflow import Progress, World, load_world, plan, site_report

#: The files a finished scenario offers for download.
OUTPUT_FILES = ("plan.geojson", "plan.csv", "report.html")

Planner = Callable[[Settings, ScenarioParameters, pd.DataFrame, Path, Progress], dict[str, Any]]
Analyser = Callable[[Settings, pd.DataFrame, float, float], dict[str, Any]]


class WorldCache:
    """The last world built, keyed by model parameters and registered centres."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: str | None = None
        self._world: World | None = None

    def get(self, settings: Settings, registry: pd.DataFrame, progress: Progress) -> World:
        registry_csv = registry.to_csv(index=False)
        key = hashlib.sha256(
            (str(settings.data) + settings.model.model_dump_json() + registry_csv).encode("utf-8")
        ).hexdigest()
        with self._lock:
            if self._world is None or self._key != key:
                with tempfile.TemporaryDirectory(prefix="redceci-registry-") as tmp:
                    centres_file = None
                    if len(registry):
                        centres_file = Path(tmp) / "centres.csv"
                        centres_file.write_text(registry_csv, encoding="utf-8")
                    self._world = load_world(settings, centres_file=centres_file, progress=progress)
                self._key = key
            return self._world


#: The per-process world cache shared by the scenario runs, the site analyses and the pages.
WORLDS = WorldCache()


def plan_with_workflow(
    settings: Settings,
    parameters: ScenarioParameters,
    registry: pd.DataFrame,
    out_dir: Path,
    progress: Progress,
) -> dict[str, Any]:
    """Build (or reuse) the world, plan, write the three files; returns the result summary."""
    from redceci.data.boundaries import read_boundaries
    from redceci.report.planning.files import write_plan_csv, write_plan_geojson
    from redceci.report.planning.html import write_report

    model = settings.model
    changes: dict[str, Any] = {
        "max_centres": parameters.centres,
        "max_places": parameters.places,
        "budget_mxn": parameters.budget_mxn,
    }
    if parameters.sizes is not None and parameters.costs_mxn is not None:
        changes |= {"sizes": tuple(parameters.sizes), "costs_mxn": tuple(parameters.costs_mxn)}
    siting = type(model.siting).model_validate(model.siting.model_dump() | changes)
    if parameters.catchment_minutes is not None:
        travel = model.travel.model_copy(
            update={"catchment_minutes": float(parameters.catchment_minutes)}
        )
        # The catchment shapes the needs model too: a world of its own (cached by key).
        settings = settings.model_copy(
            update={"model": model.model_copy(update={"travel": travel})}
        )
    world = WORLDS.get(settings, registry if parameters.use_registry else registry[:0], progress)
    world = dataclasses.replace(world, params=world.params.model_copy(update={"siting": siting}))
    result = plan(
        world,
        states=parameters.states or None,
        state_min=parameters.state_min,
        state_max=parameters.state_max,
        must_keep=parameters.must_keep,
        progress=progress,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    write_plan_geojson(result, out_dir / "plan.geojson")
    write_plan_csv(result, out_dir / "plan.csv")
    write_report(
        out_dir / "report.html",
        result,
        boundaries=read_boundaries(settings.data, "estados"),
        supply=world.supply,
        polos=world.polos,
    )
    r = result.result
    by_scheme = result.by_scheme.reset_index().to_dict(orient="records")
    return {
        "centres": int(r.n_centres),
        "places": int(r.places),
        "cost_mxn": float(r.cost),
        "served": float(r.served),
        "sites": len(result.sites),
        "method": r.method,
        "status": r.status,
        "gap": float(r.gap),
        "seconds": float(r.seconds),
        "by_scheme": [{k: jsonable(v) for k, v in row.items()} for row in by_scheme],
        "files": list(OUTPUT_FILES),
    }


def analyse_site(
    settings: Settings, registry: pd.DataFrame, lat: float, lon: float
) -> dict[str, Any]:
    """The engine's needs analysis of one proposed site (``redceci.workflow.site_report``)."""
    world = WORLDS.get(settings, registry, lambda _message, _fraction: None)
    report = site_report(world, lat, lon)
    return {k: jsonable(v) for k, v in report.as_dict().items()}
