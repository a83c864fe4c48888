"""Production jobs: the server defers scenarios and needs analyses to procrastinate's PostgreSQL queue and a worker
process runs them against the same database."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from redceci.api.enrolment.sweep import sweep_cron
from redceci.api.worker import (
    QUEUE,
    RETENTION_CRON,
    RETENTION_TASK,
    SWEEP_TASK,
    TASK,
    QueueRunner,
    conninfo,
    ensure_queue_schema,
    make_queue,
)
from redceci.errors import InputError
from redceci.platform.vocabulary import ScenarioStatus
from redceci.store.enrolment.models import Offer, OfferStatus
from redceci.store.planning import proposals, scenarios
from redceci.store.planning.scenarios import ScenarioParameters
from redceci.store.platform.models import AuditEntry
from tests.api.enrolment.world import overdue_offer
from tests.api.world import World, fake_analyser, fake_planner


def test_a_deferred_scenario_is_run_by_a_queue_worker(world: World) -> None:
    if world.db.backend != "postgresql":
        pytest.skip("the job queue needs PostgreSQL; SQLite runs jobs in-process")
    planner = world.people["planner"]
    scenario = scenarios.create_scenario(
        world.db, planner, name="cola", parameters=ScenarioParameters(states=["14"], centres=7)
    )
    runner = QueueRunner(world.db, world.settings)
    try:
        runner.submit(scenario.id)
        runner.submit_analysis(world.proposal_a)
    finally:
        runner.close()
    assert ensure_queue_schema(world.db) is False  # installed once, by the runner
    assert scenarios.get_scenario(world.db, planner, scenario.id).status == ScenarioStatus.QUEUED
    worker = make_queue(world.db, world.settings, planner=fake_planner, analyser=fake_analyser)
    worker.run_worker(queues=[QUEUE], wait=False, install_signal_handlers=False)
    done = scenarios.get_scenario(world.db, planner, scenario.id)
    assert done.status == ScenarioStatus.SUCCEEDED
    assert done.result == {"centres": 7, "registered": 1}
    analysed = proposals.get_proposal(world.db, planner, world.proposal_a).needs_analysis
    assert analysed is not None and analysed["eligible"] == 321.0


def test_the_queue_refuses_sqlite() -> None:
    with pytest.raises(InputError, match="PostgreSQL"):
        conninfo("sqlite:///var/redceci.sqlite3")


def test_workers_lapse_overdue_offers_on_a_schedule_as_the_system(world: World) -> None:
    if world.db.backend != "postgresql":
        pytest.skip("the job queue needs PostgreSQL; SQLite sweeps in the server")
    offer_id = overdue_offer(world)
    queue = make_queue(world.db, world.settings)
    schedule = {p.task.name: p.cron for p in queue.periodic_registry.periodic_tasks.values()}
    assert schedule == {SWEEP_TASK: "*/5 * * * *", RETENTION_TASK: RETENTION_CRON}  # 300 s
    queue.tasks[SWEEP_TASK](timestamp=0)
    with world.db.reading() as session:
        offer = session.get(Offer, offer_id)
        assert offer is not None and offer.status is OfferStatus.LAPSED
        entry = session.scalars(sa.select(AuditEntry).where(AuditEntry.entity == "offers")).one()
    assert entry.actor_id is None and entry.after == {"lapsed": 1}
    queue.tasks[SWEEP_TASK](timestamp=0)  # nothing overdue: nothing logged
    with world.db.reading() as session:
        assert session.scalar(sa.select(sa.func.count()).where(AuditEntry.entity == "offers")) == 1
    off = make_queue(world.db, world.settings.model_copy(update={"offer_sweep_seconds": 0}))
    assert SWEEP_TASK not in off.tasks
    queue.tasks[RETENTION_TASK](timestamp=0)  # the daily retention rules run as the system
    never = world.settings.retention.model_copy(update={"every_hours": 0})
    none = make_queue(
        world.db, world.settings.model_copy(update={"offer_sweep_seconds": 0, "retention": never})
    )
    assert not none.periodic_registry.periodic_tasks


def test_the_sweep_interval_becomes_a_cron_schedule() -> None:
    assert sweep_cron(300) == "*/5 * * * *"
    assert sweep_cron(90) == "*/2 * * * *"  # whole minutes from a minute up
    assert sweep_cron(20) == "* * * * * */20"  # seconds below a minute


def test_a_stopping_worker_hands_its_running_plan_back_to_the_queue(world: World) -> None:
    if world.db.backend != "postgresql":
        pytest.skip("the job queue needs PostgreSQL; SQLite runs jobs in-process")
    planner = world.people["planner"]
    scenario = scenarios.create_scenario(
        world.db, planner, name="parada", parameters=ScenarioParameters(states=["14"])
    )
    ensure_queue_schema(world.db)
    queue = make_queue(world.db, world.settings, planner=fake_planner, analyser=fake_analyser)

    class Stopping:  # procrastinate's job context of a worker asked to stop
        def should_abort(self) -> bool:
            return True

    with queue.open():
        queue.tasks[TASK](Stopping(), scenario_id=scenario.id)
        deferred = queue.job_manager.list_jobs(task=TASK, status="todo")
    assert scenarios.get_scenario(world.db, planner, scenario.id).status == ScenarioStatus.QUEUED
    assert [job.task_kwargs for job in deferred] == [{"scenario_id": scenario.id}]
