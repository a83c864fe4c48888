"""Scenario runs, proposals' needs analyses and plots' site reports as background jobs.

``run_scenario`` does one run and records its progress and outcome. Runners decide where it
happens: ``InProcessRunner`` (a worker thread in the server; the embedded default) or the
PostgreSQL-backed queue of ``redceci.api.worker`` (production: separate worker processes).
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Annotated, Any, Protocol

from fastapi import Depends, Request

from redceci.api.planning.runs import Analyser, Planner, analyse_site, plan_with_workflow
from redceci.errors import RedceciError
from redceci.planning.land import assess_plot
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.planning import plots, proposals, scenarios
from redceci.store.planning.scenarios import ScenarioParameters

log = logging.getLogger(__name__)


def scenario_dir(settings: Settings, scenario_id: int) -> Path:
    """Where a scenario's files go: ``<output>/scenarios/<id>/``."""
    return Path(settings.output) / "scenarios" / str(scenario_id)


class StopRun(Exception):  # noqa: N818 - a signal, not an error
    """Raised from a run's progress report: the run was cancelled or the server is stopping."""


def run_scenario(
    db: Database,
    settings: Settings,
    scenario_id: int,
    *,
    planner: Planner = plan_with_workflow,
    min_interval: float = 0.5,
    should_stop: Callable[[], bool] | None = None,
) -> bool:
    """Run one queued scenario to the end, recording progress (at most every
    ``min_interval`` seconds) and the result or the error. A run cancelled meanwhile stops at
    its next progress report; one interrupted by ``should_stop`` (a shutdown) is queued again
    and True is returned (the caller may hand it to another worker)."""
    scenario = scenarios.load_for_run(db, scenario_id)
    if scenario is None:  # cancelled while queued
        return False
    parameters = ScenarioParameters.model_validate(scenario.parameters)
    last = [0.0]

    def progress(message: str, fraction: float) -> None:
        if should_stop is not None and should_stop():
            raise StopRun("server stopping")
        now = time.monotonic()
        if now - last[0] >= min_interval:
            last[0] = now
            if not scenarios.report_progress(db, scenario_id, message, fraction):
                raise StopRun("cancelled")

    try:
        registry = scenarios.registry_for_planning(db)
        extra = {"plots": plots.plots_for_planning(db)} if parameters.programme else {}
        summary = planner(
            settings, parameters, registry, scenario_dir(settings, scenario_id), progress, **extra
        )
    except StopRun:
        if should_stop is not None and should_stop():
            scenarios.requeue(db, scenario_id)
            return True
        return False
    except RedceciError as exc:
        scenarios.finish(db, scenario_id, result=None, error=str(exc))
    except Exception as exc:
        log.exception("scenario %s failed", scenario_id)
        detail = "".join(traceback.format_exception_only(exc)).strip()
        scenarios.finish(db, scenario_id, result=None, error=f"internal error: {detail}")
    else:
        scenarios.finish(db, scenario_id, result=summary)
    return False


def analyse_proposal(
    db: Database, settings: Settings, proposal_id: int, *, analyser: Analyser = analyse_site
) -> None:
    """Attach the engine's needs analysis to a proposal (or the reason it failed)."""
    try:
        site = proposals.site_of(db, proposal_id)
        registry = scenarios.registry_for_planning(db)
        analysis = analyser(settings, registry, site.lat, site.lon, site.employees)
    except RedceciError as exc:
        analysis = {"error": str(exc)}
    except Exception as exc:
        log.exception("needs analysis of proposal %s failed", proposal_id)
        analysis = {"error": "".join(traceback.format_exception_only(exc)).strip()}
    proposals.attach_needs_analysis(db, proposal_id, analysis)


def analyse_plot(
    db: Database, settings: Settings, plot_id: int, *, analyser: Analyser = analyse_site
) -> None:
    """Attach a plot's site report: the engine's needs analysis of its place, the places a
    centre there would fill, the best size and whether the plot's area holds it (or the
    reason it failed)."""
    try:
        plot = plots.plot_of(db, plot_id)
        registry = scenarios.registry_for_planning(db)
        report = analyser(settings, registry, plot.lat, plot.lon, 0)
        size = report.get("recommended_size")
        occupancy = float(report.get("expected_occupancy") or 0.0)
        land = assess_plot(
            plot.area_m2,
            int(size) if size else None,
            float(report.get("desert_share") or 0.0),
            tuple(settings.model.siting.sizes),
            settings.model.land,
        )
        land["places_filled"] = round(occupancy * int(size)) if size else 0
        report = report | {"land": land}
    except RedceciError as exc:
        report = {"error": str(exc)}
    except Exception as exc:
        log.exception("site report of plot %s failed", plot_id)
        report = {"error": "".join(traceback.format_exception_only(exc)).strip()}
    plots.attach_site_report(db, plot_id, report)


class ScenarioRunner(Protocol):
    """Where background jobs (scenario runs, needs analyses, plots' site reports) are run."""

    def submit(self, scenario_id: int) -> None: ...

    def submit_analysis(self, proposal_id: int) -> None: ...

    def submit_plot_analysis(self, plot_id: int) -> None: ...

    def close(self) -> None: ...


class InProcessRunner:
    """Runs scenarios one at a time on a thread of the server process (embedded default).

    On start it resumes scenarios left queued and fails those a previous process left running.
    """

    def __init__(
        self,
        db: Database,
        settings: Settings,
        *,
        planner: Planner = plan_with_workflow,
        analyser: Analyser = analyse_site,
    ) -> None:
        self.db, self.settings, self.planner, self.analyser = db, settings, planner, analyser
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="redceci-scenario")
        self.futures: list[Future[Any]] = []
        self.stopping = threading.Event()

    def resume(self) -> None:
        queued, running = scenarios.pending(self.db)
        for scenario_id in running:
            scenarios.finish(
                self.db, scenario_id, result=None, error="interrupted: the server restarted"
            )
        for scenario_id in queued:
            self.submit(scenario_id)

    def submit(self, scenario_id: int) -> None:
        self.futures = [f for f in self.futures if not f.done()]
        self.futures.append(
            self._pool.submit(
                run_scenario,
                self.db,
                self.settings,
                scenario_id,
                planner=self.planner,
                should_stop=self.stopping.is_set,
            )
        )

    def submit_analysis(self, proposal_id: int) -> None:
        self.futures = [f for f in self.futures if not f.done()]
        self.futures.append(
            self._pool.submit(
                analyse_proposal, self.db, self.settings, proposal_id, analyser=self.analyser
            )
        )

    def submit_plot_analysis(self, plot_id: int) -> None:
        self.futures = [f for f in self.futures if not f.done()]
        self.futures.append(
            self._pool.submit(analyse_plot, self.db, self.settings, plot_id, analyser=self.analyser)
        )

    def wait(self, timeout: float | None = None) -> None:
        """Block until every submitted run has finished (tests, shutdown)."""
        for future in list(self.futures):
            future.result(timeout=timeout)

    def close(self) -> None:
        """Stop: queued runs stay queued, a running one stops at its next progress report and
        is queued again; both start over at the next start (``resume``)."""
        self.stopping.set()
        self._pool.shutdown(wait=True, cancel_futures=True)


def get_runner(request: Request) -> ScenarioRunner:
    """The app's scenario runner (``app.state.runner``)."""
    runner: ScenarioRunner = request.app.state.runner
    return runner


async def _runner(request: Request) -> ScenarioRunner:
    return get_runner(request)


RunnerDep = Annotated[ScenarioRunner, Depends(_runner)]
