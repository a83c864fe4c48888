"""One scenario run through the planning engine (``redceci.workflow``), never re-implemented.

The national world (demand, supply, candidates) takes seconds to build, so the last one is kept
per process and rebuilt only when the model parameters or the registry's centres change; a
summary page (the dashboard) keeps the last one while a changed registry's world is rebuilt in
the background, at most once per period (``WorldCache.get(stale_for=...)``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from redceci.planning.programme import Programme
from redceci.report.planning.files import jsonable
from redceci.settings import Settings
from redceci.store.planning.scenarios import ScenarioParameters
from redceci.workflow import Progress, World, load_world, plan, programme, site_report

#: The files a finished scenario offers for download (and programme.csv when phased).
OUTPUT_FILES = ("plan.geojson", "plan.csv", "report.html")
#: The report in each language (Spanish is also the downloadable ``report.html``).
REPORTS = {"es": "report.html", "en": "report.en.html"}
DOWNLOADS = (*OUTPUT_FILES, "programme.csv")

#: The yearly figures a phased scenario keeps in its result.
YEAR_FIELDS = (
    "centres_opened",
    "centres_open",
    "places_open",
    "served",
    "mothers_enabled_low",
    "mothers_enabled_central",
    "mothers_enabled_high",
    "capital",
    "operating",
    "spending",
    "goal_centres_share",
    "goal_places_share",
)

Planner = Callable[..., dict[str, Any]]  # (settings, parameters, registry, out_dir, progress)
Analyser = Callable[[Settings, pd.DataFrame, float, float, int], dict[str, Any]]


@dataclasses.dataclass(frozen=True)
class _Cached:
    """A world with what it was built from: ``base`` (data, model, plots) and ``key`` (those
    and the registry)."""

    base: str
    key: str
    world: World


class WorldCache:
    """The last world built, keyed by model parameters and registered centres."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached: _Cached | None = None
        self._built_at = 0.0
        self._rebuilding = False
        self._summary: tuple[str, float, World] | None = None

    def get(
        self,
        settings: Settings,
        registry: pd.DataFrame,
        progress: Progress,
        plots: pd.DataFrame | None = None,
        *,
        stale_for: float = 0.0,
    ) -> World:
        """The world of these inputs, built now if it is not the cached one. With
        ``stale_for`` > 0 (a summary page) a cached world of the same data and model but an
        older registry is returned at once while the new one is built in the background, at
        most once per ``stale_for`` seconds: a registry change then costs no reader a rebuild,
        and a stream of changes one rebuild per period instead of one per change."""
        registry_csv = registry.to_csv(index=False)
        base = _base(settings, plots)
        key = hashlib.sha256((base + registry_csv).encode("utf-8")).hexdigest()
        centres = registry_csv if len(registry) else None
        cached = self._cached
        if cached is not None and (cached.key == key or (stale_for > 0 and cached.base == base)):
            due = time.monotonic() - self._built_at >= stale_for
            if cached.key != key and due and not self._rebuilding:
                self._rebuilding = True
                threading.Thread(
                    target=self._rebuild,
                    args=(settings, centres, plots, progress, base, key),
                    name="world-rebuild",
                    daemon=True,
                ).start()
            world = cached.world
        else:
            with self._lock:
                cached = self._cached
                if cached is None or cached.key != key:
                    cached = self._store(settings, centres, plots, progress, base, key)
                world = cached.world
        if stale_for > 0:
            self._summary = (base, time.monotonic(), world)
        return world

    def recent(self, settings: Settings, within: float) -> World | None:
        """The world last handed to a summary (``get`` with ``stale_for``) of these settings,
        if less than ``within`` seconds ago: the summary then need not read the registry."""
        summary = self._summary
        if summary is None or summary[0] != _base(settings, None):
            return None
        return summary[2] if time.monotonic() - summary[1] < within else None

    def _store(
        self,
        settings: Settings,
        centres: str | None,
        plots: pd.DataFrame | None,
        progress: Progress,
        base: str,
        key: str,
    ) -> _Cached:
        cached = _Cached(base, key, _build(settings, centres, plots, progress))
        self._cached, self._built_at = cached, time.monotonic()
        return cached

    def _rebuild(
        self,
        settings: Settings,
        centres: str | None,
        plots: pd.DataFrame | None,
        progress: Progress,
        base: str,
        key: str,
    ) -> None:
        try:
            with self._lock:  # one build at a time; readers of a stale world do not wait
                cached = self._cached
                if cached is None or cached.key != key:
                    self._store(settings, centres, plots, progress, base, key)
        finally:
            self._rebuilding = False


def _base(settings: Settings, plots: pd.DataFrame | None) -> str:
    """What a world is built from besides the registry."""
    plots_csv = plots.to_csv(index=False) if plots is not None else ""
    return str(settings.data) + settings.model.model_dump_json() + plots_csv


def _build(
    settings: Settings, centres: str | None, plots: pd.DataFrame | None, progress: Progress
) -> World:
    """``load_world`` with the registry's centres (CSV text, or None: no registered centre)."""
    with tempfile.TemporaryDirectory(prefix="redceci-registry-") as tmp:
        centres_file = None
        if centres is not None:
            centres_file = Path(tmp) / "centres.csv"
            centres_file.write_text(centres, encoding="utf-8")
        return load_world(settings, centres_file=centres_file, plots=plots, progress=progress)


#: The per-process world cache shared by the scenario runs, the site analyses and the pages.
WORLDS = WorldCache()


def plan_with_workflow(
    settings: Settings,
    parameters: ScenarioParameters,
    registry: pd.DataFrame,
    out_dir: Path,
    progress: Progress,
    *,
    plots: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """Build (or reuse) the world, plan (and, if asked, phase the plan by year with the
    registry's ``plots``), write the files; returns the result summary."""
    from redceci.countries import country_pack
    from redceci.data.boundaries import read_boundaries
    from redceci.report.planning.files import (
        write_plan_csv,
        write_plan_geojson,
        write_programme_csv,
    )
    from redceci.report.planning.html import (
        country_title,
        estimate_rows,
        report_words,
        write_report,
    )

    model = settings.model
    pack = country_pack(settings.country)
    changes: dict[str, Any] = {
        "max_centres": parameters.centres,
        "max_places": parameters.places,
        "budget": parameters.budget,
    }
    if parameters.sizes is not None and parameters.costs is not None:
        changes |= {"sizes": tuple(parameters.sizes), "costs": tuple(parameters.costs)}
    siting = type(model.siting).model_validate(model.siting.model_dump() | changes)
    if parameters.catchment_minutes is not None:
        travel = model.travel.model_copy(
            update={"catchment_minutes": float(parameters.catchment_minutes)}
        )
        # The catchment shapes the needs model too: a world of its own (cached by key).
        settings = settings.model_copy(
            update={"model": model.model_copy(update={"travel": travel})}
        )
    world = WORLDS.get(
        settings,
        registry if parameters.use_registry else registry[:0],
        progress,
        plots if parameters.programme else None,
    )
    sources = world.params.sources
    if "costs" in changes:  # the user's costs: the field's own source, not the pack's
        sources = {k: v for k, v in sources.items() if k != "siting.costs"}
    world = dataclasses.replace(
        world, params=world.params.model_copy(update={"siting": siting, "sources": sources})
    )
    phased = None
    if parameters.programme:
        phased = programme(
            world,
            states=parameters.states or None,
            state_min=parameters.state_min,
            state_max=parameters.state_max,
            must_keep=parameters.must_keep,
            sensitivity=False,
            progress=progress,
        )
        result = phased.plan
    else:
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
    for lang, name in REPORTS.items():  # one language per file, opened from the scenario page
        write_report(
            out_dir / name,
            result,
            boundaries=read_boundaries(settings.data, "estados"),
            supply=world.supply,
            polos=world.polos,
            programme=phased,
            lang=lang,
            estimates=estimate_rows(world.estimates),
            words=None if pack.code == "mx" else report_words(pack.words),
            title=None
            if pack.code == "mx"
            else country_title(pack.words, lang, phased is not None),
        )
    files = list(OUTPUT_FILES)
    if phased is not None:
        write_programme_csv(phased, out_dir / "programme.csv")
        files.append("programme.csv")
    r = result.result
    by_scheme = result.by_scheme.reset_index().to_dict(orient="records")
    return {
        "centres": int(r.n_centres),
        "places": int(r.places),
        "cost": float(r.cost),
        "currency": result.params.currency,  # of every amount here (ISO 4217)
        "served": float(r.served),
        "sites": len(result.sites),
        "method": r.method,
        "status": r.status,
        "gap": float(r.gap),
        "seconds": float(r.seconds),
        "by_scheme": [{k: jsonable(v) for k, v in row.items()} for row in by_scheme],
        "files": files,
    } | ({"programme": programme_summary(phased)} if phased is not None else {})


def analyse_site(
    settings: Settings, registry: pd.DataFrame, lat: float, lon: float, employees: int = 0
) -> dict[str, Any]:
    """The engine's needs analysis of one proposed site (``redceci.workflow.site_report``),
    counting the proposing company's ``employees``' children."""
    world = WORLDS.get(settings, registry, lambda _message, _fraction: None)
    report = site_report(world, lat, lon, employees=employees)
    return {k: jsonable(v) for k, v in report.as_dict().items()}


def programme_summary(phased: Programme) -> dict[str, Any]:
    """A phased plan's figures for the platform: its gap, per year and, for the last year,
    per state."""
    by_year = [
        {"year": int(str(year))} | {k: jsonable(row[k]) for k in YEAR_FIELDS}
        for year, row in phased.by_year.iterrows()
    ]
    table = phased.by_state_year
    years = sorted({int(y) for y in table.index.get_level_values("year")})
    by_state = []
    for state, sub in table.groupby(level="CVE_ENT"):
        rows = sub.droplevel(0)
        if rows["centres_open"].max() == 0:
            continue
        last = rows.loc[years[-1]]
        by_state.append(
            {
                "state": str(state),
                "name": jsonable(last.get("name")),
                "opened": {str(y): int(rows["centres_opened"].loc[y]) for y in years},
                "places": jsonable(last["places_open"]),
                "served": jsonable(last["served"]),
                "women_central": jsonable(last["mothers_enabled_central"]),
                "capital": jsonable(rows["capital"].sum()),
                "operating": jsonable(last["operating"]),
            }
        )
    ph = phased.phasing
    return {
        "gap": float(ph.gap),
        "value": float(ph.value),
        "bound": float(ph.bound),
        "by_year": by_year,
        "by_state": by_state,
        "land_needed": int((phased.centres["land"] == "land_needed").sum()),
    }
