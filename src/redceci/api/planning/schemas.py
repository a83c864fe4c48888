"""Planning's API shapes: scenarios (planning runs) and partners' proposals with their reviews."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from redceci.platform.vocabulary import ProposalStatus, ScenarioStatus
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
