"""The plot registry: state coordinators and partners register plots offered for centres, planners
review them along offered → validated → donated → under construction → operating (or reject
them); every change is one transaction with its audit entry. Each plot's automatic site report
is attached by a background job."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy.orm import Session

from redceci.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from redceci.planning.land import PLOT_TRANSITIONS, OwnerKind, PlotStatus
from redceci.platform.access import Permission, Principal, Scope
from redceci.platform.vocabulary import check_transition
from redceci.store.db import Database
from redceci.store.fields import DbId
from redceci.store.planning.models import Plot, PlotEvent
from redceci.store.platform import audit
from redceci.store.platform.models import Organisation, State

#: Most documents listed on one plot.
MAX_DOCUMENTS = 20


class PlotDocument(BaseModel):
    """A document of the plot's file: what it is and where it is kept (a reference or a link)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    reference: str = Field("", max_length=500)


class PlotData(BaseModel):
    """A plot offered for a centre, as its registrant describes it."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    state_code: str = Field(pattern=r"^\d{2}$")
    municipality: str = Field("", max_length=200)
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)
    area_m2: float = Field(gt=0, le=10_000_000, allow_inf_nan=False)
    owner_kind: OwnerKind
    owner_name: str = Field(min_length=1, max_length=200)
    organisation_id: DbId | None = None
    documents: list[PlotDocument] = Field(default_factory=list, max_length=MAX_DOCUMENTS)
    notes: str = Field("", max_length=5000)
    offered_on: dt.date | None = None

    @field_validator("offered_on")
    @classmethod
    def not_in_the_future(cls, day: dt.date | None) -> dt.date | None:
        if day is not None and day > dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1):
            raise ValueError("a plot cannot be offered in the future")
        return day


def visible(scope: Scope) -> sa.ColumnElement[bool]:
    """Planners see every plot; a coordinator their states'; a partner their organisation's."""
    if scope.national:
        return sa.true()
    return sa.or_(Plot.state_code.in_(scope.states), Plot.organisation_id.in_(scope.organisations))


def _may_register(scope: Scope, data: PlotData) -> bool:
    return (
        scope.national
        or scope.covers_state(data.state_code)
        or (data.organisation_id is not None and scope.covers_organisation(data.organisation_id))
    )


def _check(session: Session, data: PlotData) -> None:
    if session.get(State, data.state_code) is None:
        raise InputError(f"unknown state {data.state_code!r}")
    if data.organisation_id is not None and session.get(Organisation, data.organisation_id) is None:
        raise InputError(f"unknown organisation {data.organisation_id}")


def _snapshot(plot: Plot) -> dict[str, Any]:
    return audit.snapshot(plot)


def register_plot(db: Database, actor: Principal, data: PlotData) -> Plot:
    """A coordinator registers a plot in their state, a partner one for their organisation."""
    scope = actor.require(Permission.PLOTS_REGISTER)
    if not _may_register(scope, data):
        raise PermissionDeniedError(
            "you may register plots only in your state or for your organisation"
        )
    today = dt.datetime.now(dt.UTC).date()
    with db.transaction() as session:
        _check(session, data)
        fields = data.model_dump(exclude={"documents", "offered_on"})
        plot = Plot(
            **fields,
            documents=[d.model_dump() for d in data.documents],
            status=PlotStatus.OFFERED,
            status_since=data.offered_on or today,
            registered_by=actor.user_id,
            events=[],
        )
        plot.events.append(
            PlotEvent(
                author_id=actor.user_id,
                effective_on=data.offered_on or today,
                from_status=None,
                to_status=PlotStatus.OFFERED,
                comment="",
            )
        )
        session.add(plot)
        session.flush()
        audit.record(session, actor, "create", "plot", plot.id, after=_snapshot(plot))
        return plot


def list_plots(
    db: Database,
    actor: Principal,
    *,
    state: str | None = None,
    status: PlotStatus | None = None,
) -> list[Plot]:
    """The plots the caller may see, newest first (optionally of one state or status)."""
    query = sa.select(Plot).where(visible(actor.require(Permission.PLOTS_READ)))
    if state is not None:
        query = query.where(Plot.state_code == state)
    if status is not None:
        query = query.where(Plot.status == status)
    with db.reading() as session:
        return list(session.scalars(query.order_by(Plot.id.desc())).all())


def _get_visible(session: Session, scope: Scope, plot_id: int) -> Plot:
    plot = session.scalar(sa.select(Plot).where(Plot.id == plot_id, visible(scope)))
    if plot is None:
        raise NotFoundError(f"no plot {plot_id}")
    return plot


def get_plot(db: Database, actor: Principal, plot_id: int) -> Plot:
    with db.reading() as session:
        return _get_visible(session, actor.require(Permission.PLOTS_READ), plot_id)


def update_plot(db: Database, actor: Principal, plot_id: int, data: PlotData) -> Plot:
    """Correct a plot's details while it is only offered (its site report is redone)."""
    scope = actor.require(Permission.PLOTS_REGISTER)
    with db.transaction() as session:
        plot = _get_visible(session, actor.scope(Permission.PLOTS_READ), plot_id)
        if not (_may_register(scope, data) and _may_register(scope, _data_of(plot))):
            raise PermissionDeniedError("you may change plots only of your state or organisation")
        if plot.status != PlotStatus.OFFERED:
            raise ConflictError(f"a plot can be changed only while offered, not {plot.status}")
        _check(session, data)
        before = _snapshot(plot)
        moved = (plot.lat, plot.lon, plot.area_m2) != (data.lat, data.lon, data.area_m2)
        for key, value in data.model_dump(exclude={"documents", "offered_on"}).items():
            setattr(plot, key, value)
        plot.documents = [d.model_dump() for d in data.documents]
        if moved:
            plot.site_report = None  # redone for the new place or area
        session.flush()
        audit.record(
            session, actor, "update", "plot", plot.id, before=before, after=_snapshot(plot)
        )
        return plot


def _data_of(plot: Plot) -> PlotData:
    return PlotData(
        name=plot.name,
        state_code=plot.state_code,
        lat=plot.lat,
        lon=plot.lon,
        area_m2=plot.area_m2,
        owner_kind=plot.owner_kind,
        owner_name=plot.owner_name,
        organisation_id=plot.organisation_id,
    )


def change_status(
    db: Database,
    actor: Principal,
    plot_id: int,
    *,
    to_status: PlotStatus | None,
    comment: str,
    effective_on: dt.date | None = None,
) -> Plot:
    """A planner moves a plot on (or only comments), dated ``effective_on`` (default today)."""
    scope = actor.require(Permission.PLOTS_REVIEW)
    if not comment.strip():
        raise InputError("a review needs a comment")
    day = effective_on or dt.datetime.now(dt.UTC).date()
    with db.transaction() as session:
        plot = _get_visible(session, scope, plot_id)
        before = _snapshot(plot)
        if to_status is not None:
            check_transition(PLOT_TRANSITIONS, plot.status, to_status, what="a plot")
            if day < plot.status_since:
                raise InputError(
                    f"the change cannot be dated before the plot's last one ({plot.status_since})"
                )
        plot.events.append(
            PlotEvent(
                author_id=actor.user_id,
                effective_on=day,
                from_status=plot.status,
                to_status=to_status,
                comment=comment.strip(),
            )
        )
        if to_status is not None:
            plot.status, plot.status_since = to_status, day
        session.flush()
        audit.record(
            session,
            actor,
            "review",
            "plot",
            plot.id,
            before=before,
            after=_snapshot(plot) | {"comment": comment.strip()},
        )
        return plot


# The job's and the planner's side: no principal.


def plot_of(db: Database, plot_id: int) -> Plot:
    """A plot, unscoped (for the background site report only)."""
    with db.reading() as session:
        plot = session.get(Plot, plot_id)
        if plot is None:
            raise NotFoundError(f"no plot {plot_id}")
        return plot


def attach_site_report(db: Database, plot_id: int, report: dict[str, Any]) -> None:
    """Store a plot's automatic site report (its catchment and whether its area suffices)."""
    with db.transaction() as session:
        plot = session.get(Plot, plot_id)
        if plot is None:
            return
        plot.site_report = report
        audit.record(session, None, "analyse", "plot", plot.id, after={"site_report": report})


#: The columns ``plots_for_planning`` gives (``data.user.read_plots``' columns).
PLANNING_COLUMNS = ("id", "name", "lat", "lon", "area_m2", "status", "status_date", "scheme")


def plots_for_planning(db: Database) -> pd.DataFrame:
    """Every plot not rejected, in the planning engine's plot format (company plots are CECI
    Empresa sites, the rest CECI IMSS)."""
    query = sa.select(
        Plot.id, Plot.name, Plot.lat, Plot.lon, Plot.area_m2, Plot.status, Plot.status_since
    ).add_columns(Plot.owner_kind)
    query = query.where(Plot.status != PlotStatus.REJECTED).order_by(Plot.id)
    with db.reading() as session:
        rows = [
            (
                f"R{pid}",
                name,
                lat,
                lon,
                area,
                str(status),
                since,
                "CECI Empresa" if owner == OwnerKind.COMPANY else "CECI IMSS",
            )
            for pid, name, lat, lon, area, status, since, owner in session.execute(query)
        ]
    return pd.DataFrame(rows, columns=list(PLANNING_COLUMNS))
