"""Planning scenarios: queue a run, watch its progress, download its files."""

from __future__ import annotations

from enum import StrEnum

from fastapi import status
from fastapi.responses import FileResponse

from redceci.api.deps import CurrentPrincipal, DatabaseDep, SettingsDep
from redceci.api.errors import problems
from redceci.api.params import Id, Limit, Offset
from redceci.api.planning.jobs import RunnerDep, scenario_dir
from redceci.api.planning.schemas import ScenarioCreate, ScenarioPage, ScenarioPublic
from redceci.api.routing import CapabilityRouter
from redceci.errors import NotFoundError
from redceci.platform.vocabulary import ScenarioStatus
from redceci.store.planning import scenarios

router = CapabilityRouter(prefix="/api/scenarios", tags=["scenarios"])


class OutputFile(StrEnum):
    GEOJSON = "plan.geojson"
    CSV = "plan.csv"
    REPORT = "report.html"
    PROGRAMME = "programme.csv"


MEDIA = {
    OutputFile.GEOJSON: "application/geo+json",
    OutputFile.CSV: "text/csv; charset=utf-8",
    OutputFile.REPORT: "text/html; charset=utf-8",
    OutputFile.PROGRAMME: "text/csv; charset=utf-8",
}


@router.post(
    "",
    response_model=ScenarioPublic,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Queue a planning run (a state coordinator: their own state only)",
    description="At most REDCECI_QUEUED_RUNS_PER_USER runs of yours and REDCECI_QUEUED_RUNS of "
    "the platform wait or run at once; past that the answer is 429.",
    responses=problems(401, 403, 422, 429),
)
def create_scenario(
    body: ScenarioCreate,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    runner: RunnerDep,
    settings: SettingsDep,
) -> object:
    scenario = scenarios.create_scenario(
        db,
        principal,
        name=body.name,
        parameters=body.parameters,
        per_user=settings.queued_runs_per_user,
        total=settings.queued_runs,
    )
    runner.submit(scenario.id)
    return scenario


@router.get(
    "",
    response_model=ScenarioPage,
    summary="Scenarios you may see, newest first",
    responses=problems(401, 403),
)
def list_scenarios(
    principal: CurrentPrincipal,
    db: DatabaseDep,
    limit: Limit = 100,
    offset: Offset = 0,
) -> object:
    items, total = scenarios.list_scenarios(db, principal, limit=limit, offset=offset)
    return {"total": total, "items": items}


@router.get(
    "/{scenario_id}",
    response_model=ScenarioPublic,
    summary="One scenario: status, progress and result summary",
    responses=problems(401, 403, 404),
)
def get_scenario(scenario_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return scenarios.get_scenario(db, principal, scenario_id)


@router.get(
    "/{scenario_id}/files/{name}",
    response_class=FileResponse,
    summary="Download a finished scenario's GeoJSON, CSV, HTML report or programme CSV",
    responses=problems(401, 403, 404),
)
def scenario_file(
    scenario_id: Id,
    name: OutputFile,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    settings: SettingsDep,
) -> FileResponse:
    scenario = scenarios.get_scenario(db, principal, scenario_id)
    path = scenario_dir(settings, scenario.id) / name.value
    if scenario.status != ScenarioStatus.SUCCEEDED or not path.is_file():
        raise NotFoundError(f"scenario {scenario_id} has no {name.value} (yet)")
    return FileResponse(path, media_type=MEDIA[name], filename=f"escenario-{scenario_id}-{name}")


@router.post(
    "/{scenario_id}/cancel",
    response_model=ScenarioPublic,
    summary="Cancel a queued or running planning run (a running one stops within seconds)",
    responses=problems(401, 403, 404, 409),
)
def cancel_scenario(scenario_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return scenarios.cancel_scenario(db, principal, scenario_id)
