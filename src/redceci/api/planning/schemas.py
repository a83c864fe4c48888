"""Planning's API shapes: scenarios (planning runs), partners' proposals with their reviews, and
the plot registry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from redceci.planning.land import OwnerKind, PlotStatus
from redceci.platform.vocabulary import ProposalStatus, ScenarioStatus
from redceci.store.planning.plots import PlotData
from redceci.store.planning.proposals import ProposalData
from redceci.store.planning.scenarios import ScenarioParameters

# Scenarios


class ScenarioCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    parameters: ScenarioParameters = Field(default_factory=ScenarioParameters)


class ScenarioPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    created_by: int | None
    state_code: str | None
    parameters: dict[str, Any]
    status: ScenarioStatus
    progress: float
    message: str
    result: dict[str, Any] | None
    error: str | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


class ScenarioPage(BaseModel):
    total: int
    items: list[ScenarioPublic]


# Partner proposals


class ProposalCreate(ProposalData):
    """A proposed CECI Empresa site (map click or coordinates, plot, employees, shifts)."""


class ReviewPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    author_id: int | None
    at: dt.datetime
    from_status: ProposalStatus
    to_status: ProposalStatus | None
    comment: str


class ProposalPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    organisation_id: int
    site_name: str
    state_code: str | None
    lat: float
    lon: float
    plot_m2: float
    employees: int
    shifts: list[str]
    status: ProposalStatus
    needs_analysis: dict[str, Any] | None
    centre_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    reviews: list[ReviewPublic]


class ReviewRequest(BaseModel):
    """A reviewer's comment, optionally moving the proposal (in_review, changes_requested,
    approved, rejected); approving registers an approved centre dated ``effective_on`` with
    ``places`` split into age rooms (default: the needs analysis' recommended size)."""

    model_config = ConfigDict(extra="forbid")

    comment: str = Field(min_length=1, max_length=5000)
    to_status: ProposalStatus | None = None
    effective_on: dt.date | None = None
    places: int | None = Field(None, ge=1, le=1000)


# The plot registry


class PlotCreate(PlotData):
    """A plot offered for a centre (where, area, whose, documents)."""


class PlotEventPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    author_id: int | None
    at: dt.datetime
    effective_on: dt.date
    from_status: PlotStatus | None
    to_status: PlotStatus | None
    comment: str


class PlotPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    state_code: str
    municipality: str
    lat: float
    lon: float
    area_m2: float
    owner_kind: OwnerKind
    owner_name: str
    organisation_id: int | None
    documents: list[dict[str, str]]
    notes: str
    status: PlotStatus
    status_since: dt.date
    site_report: dict[str, Any] | None
    registered_by: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    events: list[PlotEventPublic]


class PlotStatusChange(BaseModel):
    """A planner's review: a comment, optionally moving the plot on (validated, rejected,
    donated, under_construction, operating) dated ``effective_on`` (default today)."""

    model_config = ConfigDict(extra="forbid")

    comment: str = Field(min_length=1, max_length=5000)
    to_status: PlotStatus | None = None
    effective_on: dt.date | None = None


class LandGapSite(BaseModel):
    """A planned site of a scenario and the nearest open plot (if any within reach)."""

    site_id: str
    name: str
    state_code: str
    lat: float
    lon: float
    centres: int
    nearest_plot_id: int | None
    nearest_plot_km: float | None
    has_land: bool


class LandGaps(BaseModel):
    """Which planned sites of a scenario still lack land, and which offered plots lie in care
    deserts."""

    scenario_id: int | None
    match_km: float
    sites_without_land: list[LandGapSite]
    sites_with_land: int
    plots_in_deserts: list[PlotPublic]
