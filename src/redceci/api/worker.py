"""Production job queue: scenarios run in worker processes through procrastinate, a
PostgreSQL-backed task queue, sharing the platform's database.

Start the server with ``redceci serve --jobs queue`` (it only defers jobs) and one or more
workers with ``python -m redceci.api.worker`` (same ``REDCECI_DATABASE_URL``). A worker
migrates the schema, installs procrastinate's tables if missing, then runs jobs one at a time
until stopped (Ctrl-C / SIGTERM: a running plan gets ``SHUTDOWN_GRACE`` seconds, then stops at
its next progress report and goes back to the queue for another worker); workers also lapse
overdue enrolment offers on a schedule (``REDCECI_OFFER_SWEEP_SECONDS``) and apply the
retention rules daily.
"""

from __future__ import annotations

import logging
from typing import Any

import procrastinate
import psycopg
from procrastinate import JobContext
from procrastinate.schema import SchemaManager
from sqlalchemy.engine import make_url

from redceci.api.enrolment.sweep import apply_retention, sweep_cron, sweep_offers
from redceci.api.planning.jobs import analyse_plot, analyse_proposal, run_scenario
from redceci.api.planning.runs import Analyser, Planner, analyse_site, plan_with_workflow
from redceci.countries import activate, country_pack
from redceci.errors import InputError
from redceci.settings import Settings, get_settings
from redceci.store.db import Database, database_url
from redceci.store.migrate import upgrade

QUEUE = "scenarios"
TASK = "redceci.run_scenario"
ANALYSIS_TASK = "redceci.analyse_proposal"
PLOT_TASK = "redceci.analyse_plot"
SWEEP_TASK = "redceci.sweep_offers"
RETENTION_TASK = "redceci.retention"
#: The retention rules run daily at 03:17 (workers' clock), when the platform is quiet.
RETENTION_CRON = "17 3 * * *"
_SCHEMA_LOCK = 0x7265646365636902
#: Seconds a stopping worker lets a running plan go on before stopping it (it is queued again).
SHUTDOWN_GRACE = 5.0


def conninfo(url: str) -> str:
    """A libpq connection string from a SQLAlchemy PostgreSQL URL."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise InputError("the job queue needs PostgreSQL (set REDCECI_DATABASE_URL)")
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def ensure_queue_schema(db: Database) -> bool:
    """Install procrastinate's tables and functions unless present; True if installed now."""
    with psycopg.connect(conninfo(db.url), autocommit=False) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
        row = conn.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL").fetchone()
        if row is not None and row[0]:
            return False
        conn.execute(SchemaManager.get_schema())
        conn.commit()
    return True


def make_queue(
    db: Database,
    settings: Settings,
    *,
    planner: Planner = plan_with_workflow,
    analyser: Analyser = analyse_site,
) -> procrastinate.App:
    """The procrastinate app with the platform's tasks: run a scenario, analyse a proposal or
    a plot, and (periodic, unless ``offer_sweep_seconds`` is 0) lapse the overdue enrolment offers."""
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(db.url)))

    @app.task(name=TASK, queue=QUEUE, pass_context=True)
    def run(context: JobContext, scenario_id: int) -> None:
        # A worker asked to stop aborts its job after SHUTDOWN_GRACE seconds: the run stops at
        # its next progress report, is queued again and handed back to the queue.
        if run_scenario(
            db, settings, scenario_id, planner=planner, should_stop=context.should_abort
        ):
            app.configure_task(TASK, queue=QUEUE).defer(scenario_id=scenario_id)

    @app.task(name=ANALYSIS_TASK, queue=QUEUE)
    def analyse(proposal_id: int) -> None:
        analyse_proposal(db, settings, proposal_id, analyser=analyser)

    @app.task(name=PLOT_TASK, queue=QUEUE)
    def analyse_plot_site(plot_id: int) -> None:
        analyse_plot(db, settings, plot_id, analyser=analyser)

    if settings.offer_sweep_seconds > 0:

        @app.periodic(cron=sweep_cron(settings.offer_sweep_seconds))
        @app.task(name=SWEEP_TASK, queue=QUEUE, queueing_lock=SWEEP_TASK)
        def sweep(timestamp: int) -> None:
            sweep_offers(db)

    if settings.retention.every_hours > 0:

        @app.periodic(cron=RETENTION_CRON)
        @app.task(name=RETENTION_TASK, queue=QUEUE, queueing_lock=RETENTION_TASK)
        def retention(timestamp: int) -> None:
            apply_retention(db, settings.retention)

    return app


class QueueRunner:
    """The server's side of the queue: defers each scenario to the workers."""

    def __init__(self, db: Database, settings: Settings) -> None:
        ensure_queue_schema(db)
        self.app = make_queue(db, settings)
        self.app.open()

    def submit(self, scenario_id: int) -> None:
        self.app.configure_task(TASK, queue=QUEUE).defer(scenario_id=scenario_id)

    def submit_analysis(self, proposal_id: int) -> None:
        self.app.configure_task(ANALYSIS_TASK, queue=QUEUE).defer(proposal_id=proposal_id)

    def submit_plot_analysis(self, plot_id: int) -> None:
        self.app.configure_task(PLOT_TASK, queue=QUEUE).defer(plot_id=plot_id)

    def close(self) -> None:
        self.app.close()


def run_worker(settings: Settings | None = None, **options: Any) -> None:
    """Migrate, install the queue's schema, and process scenario jobs until stopped."""
    settings = settings or get_settings()
    activate(country_pack(settings.country))  # one country per deployment
    db = Database(database_url(settings))
    try:
        upgrade(db)
        ensure_queue_schema(db)
        options = {"shutdown_graceful_timeout": SHUTDOWN_GRACE} | options
        make_queue(db, settings).run_worker(queues=[QUEUE], concurrency=1, **options)
    finally:
        db.dispose()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    run_worker()
