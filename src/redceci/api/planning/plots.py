"""The plot registry: register a plot (its site report follows in the background), list, read,
correct while offered, review its status, and the land gaps of a scenario's plan."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, status

from redceci.api.deps import CurrentPrincipal, DatabaseDep, SettingsDep
from redceci.api.errors import problems
from redceci.api.params import Id
from redceci.api.planning.gaps import land_gaps
from redceci.api.planning.jobs import RunnerDep
from redceci.api.planning.schemas import LandGaps, PlotCreate, PlotPublic, PlotStatusChange
from redceci.api.routing import CapabilityRouter
from redceci.planning.land import PlotStatus
from redceci.store.planning import plots

router = CapabilityRouter(prefix="/api/plots", tags=["plots"])


@router.get(
    "",
    response_model=list[PlotPublic],
    summary="Plots you may see, newest first (optionally of one state or status)",
    responses=problems(401, 403, 422),
)
def list_plots(
    principal: CurrentPrincipal,
    db: DatabaseDep,
    state: Annotated[str | None, Query(pattern=r"^\d{2}$")] = None,
    plot_status: Annotated[PlotStatus | None, Query(alias="status")] = None,
) -> object:
    return plots.list_plots(db, principal, state=state, status=plot_status)


@router.post(
    "",
    response_model=PlotPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Register a plot offered for a centre (its site report follows in the background)",
    responses=problems(401, 403, 422),
)
def register_plot(
    body: PlotCreate, principal: CurrentPrincipal, db: DatabaseDep, runner: RunnerDep
) -> object:
    plot = plots.register_plot(db, principal, body)
    runner.submit_plot_analysis(plot.id)
    return plot


@router.get(
    "/gaps",
    response_model=LandGaps,
    summary="Planned sites of a scenario (default: the latest finished) still without land, "
    "and offered plots in care deserts",
    responses=problems(401, 403, 404),
)
def gaps(
    principal: CurrentPrincipal,
    db: DatabaseDep,
    settings: SettingsDep,
    scenario_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> dict[str, Any]:
    return land_gaps(db, settings, principal, scenario_id)


@router.get(
    "/{plot_id}",
    response_model=PlotPublic,
    summary="One plot with its site report and history",
    responses=problems(401, 403, 404),
)
def get_plot(plot_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return plots.get_plot(db, principal, plot_id)


@router.put(
    "/{plot_id}",
    response_model=PlotPublic,
    summary="Correct a plot while it is offered (its site report is redone if it moved)",
    responses=problems(401, 403, 404, 409, 422),
)
def update_plot(
    plot_id: Id,
    body: PlotCreate,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    runner: RunnerDep,
) -> object:
    plot = plots.update_plot(db, principal, plot_id, body)
    if plot.site_report is None:
        runner.submit_plot_analysis(plot.id)
    return plot


@router.post(
    "/{plot_id}/status",
    response_model=PlotPublic,
    summary="Review a plot: comment, validate, reject, record its donation, works or opening",
    responses=problems(401, 403, 404, 409, 422),
)
def change_status(
    plot_id: Id, body: PlotStatusChange, principal: CurrentPrincipal, db: DatabaseDep
) -> object:
    return plots.change_status(
        db,
        principal,
        plot_id,
        to_status=body.to_status,
        comment=body.comment,
        effective_on=body.effective_on,
    )
