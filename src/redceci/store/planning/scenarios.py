"""Planning scenarios: their parameters, who may run and see them, and their progress.

The run itself happens elsewhere (``redceci.api.planning.jobs``) through ``redceci.workflow``; this
module only records what was asked and what came out.
"""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from redceci.errors import (
    CapacityError,
    ConflictError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
)
from redceci.planning.fields import former_names
from redceci.platform.access import Permission, Principal, Scope
from redceci.platform.vocabulary import CentreStatus, ScenarioStatus
from redceci.store.base import utcnow
from redceci.store.db import Database
from redceci.store.planning.models import Scenario
from redceci.store.platform import audit
from redceci.store.platform.models import Centre, CentreRoom, State
from redceci.store.versions import kept

#: Bounded numbers of a run's parameters (an unbounded integer overflows the store).
Centres = Annotated[int, Field(ge=0, le=20_000)]
KeptPlaces = Annotated[int, Field(ge=1, le=1000)]
Places = Annotated[int, Field(ge=1, le=1000)]

_STATE = r"^\d{2}$"


class ScenarioParameters(BaseModel):
    """What a planner can set for a run (everything else comes from the model's defaults)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    centres: int | None = Field(1000, ge=1, le=20_000, description="At most this many centres")
    places: int | None = Field(500_000, ge=1, le=10_000_000, description="At most these places")
    budget: float | None = Field(
        None, gt=0, allow_inf_nan=False, description="Budget, in the country pack's currency"
    )
    states: list[Annotated[str, Field(max_length=2)]] = Field(
        default_factory=list, max_length=32, description="Only these"
    )
    state_min: dict[str, Centres] = Field(
        default_factory=dict, max_length=32, description="State -> min centres"
    )
    state_max: dict[str, Centres] = Field(
        default_factory=dict, max_length=32, description="State -> max centres"
    )
    must_keep: dict[str, KeptPlaces] = Field(
        default_factory=dict,
        max_length=20_000,
        description="Candidate site id -> places that must be kept",
    )
    catchment_minutes: float | None = Field(
        None, ge=5, le=120, allow_inf_nan=False, description="Catchment in minutes (default: model)"
    )
    sizes: list[Places] | None = Field(
        None, min_length=1, max_length=5, description="Centre sizes in places (default: model)"
    )
    costs: list[float] | None = Field(
        None,
        min_length=1,
        max_length=5,
        description="Cost of each size, in the country pack's currency (with sizes)",
    )
    use_registry: bool = Field(
        True,
        description="Operating registered centres count as supply; approved and under "
        "construction ones are kept in the plan",
    )
    programme: bool = Field(
        False,
        description="Also phase the plan by year (pace, capital, the registry's plots as "
        "sites with their dates): the programme's yearly figures, gap and programme.csv",
    )

    @model_validator(mode="before")
    @classmethod
    def _former_names(cls, data: Any) -> Any:
        """``budget_mxn`` and ``costs_mxn`` (requests and runs stored before the rename) still
        work, with a warning (``planning.fields.RENAMED``)."""
        return former_names("scenario", data)

    @field_validator("states")
    @classmethod
    def states_are_codes(cls, states: list[str]) -> list[str]:
        for s in states:
            if not (len(s) == 2 and s.isdigit()):
                raise ValueError(f"state codes have two digits, got {s!r}")
        return sorted(set(states))

    @field_validator("state_min", "state_max")
    @classmethod
    def limits_are_by_state(cls, limits: dict[str, int]) -> dict[str, int]:
        for key, value in limits.items():
            if not (len(key) == 2 and key.isdigit()) or value < 0:
                raise ValueError(f"limits look like {{'19': 5}}, got {key!r}: {value!r}")
        return limits

    @model_validator(mode="after")
    def sizes_come_with_costs(self) -> ScenarioParameters:
        if (self.sizes is None) != (self.costs is None):
            raise ValueError("give sizes and costs together")
        if self.sizes is not None and self.costs is not None:
            if len(self.sizes) != len(self.costs):
                raise ValueError("sizes and costs must have the same length")
            if any(not 10 <= s <= 1000 for s in self.sizes):
                raise ValueError("centre sizes are between 10 and 1000 places")
            if any(not (c > 0 and c < 1e12) for c in self.costs):
                raise ValueError("costs are positive amounts")
        return self

    @field_validator("must_keep")
    @classmethod
    def kept_sizes_positive(cls, keep: dict[str, int]) -> dict[str, int]:
        if any(v <= 0 for v in keep.values()):
            raise ValueError("must-keep places must be positive")
        return keep


def visible(scope: Scope) -> sa.ColumnElement[bool]:
    """National planners see every scenario; a state coordinator those of their states."""
    if scope.national:
        return sa.true()
    return Scenario.state_code.in_(scope.states)


#: A run not yet finished.
ACTIVE = (ScenarioStatus.QUEUED, ScenarioStatus.RUNNING)
CANCELLED = "cancelado / cancelled"


def create_scenario(
    db: Database,
    actor: Principal,
    *,
    name: str,
    parameters: ScenarioParameters,
    per_user: int = 3,
    total: int = 20,
) -> Scenario:
    """Queue a run. A state coordinator may plan their own single state only. At most
    ``per_user`` runs of the caller and ``total`` runs of the platform wait or run at once
    (``CapacityError`` past either)."""
    scope = actor.require(Permission.SCENARIOS_RUN)
    if not name.strip():
        raise InputError("scenario name must not be empty")
    states = parameters.states
    if not scope.national and not (len(states) == 1 and scope.covers_state(states[0])):
        raise PermissionDeniedError("you may only plan your own state: set states to it")
    with db.transaction() as session:
        known = set(session.scalars(sa.select(State.code)))
        mentioned = set(states) | set(parameters.state_min) | set(parameters.state_max)
        unknown = sorted(mentioned - known)
        if unknown:
            raise InputError(f"unknown state code(s): {', '.join(unknown)}")
        active = sa.select(sa.func.count()).select_from(Scenario).where(Scenario.status.in_(ACTIVE))
        mine = session.scalar(active.where(Scenario.created_by == actor.user_id)) or 0
        if mine >= per_user:
            raise CapacityError(
                f"ya tiene {mine} escenarios en cola o en curso (máximo {per_user}); espere a que "
                f"terminen o cancele alguno / you have {mine} runs queued or running (at most "
                f"{per_user}); wait for them or cancel one"
            )
        if (session.scalar(active) or 0) >= total:
            raise CapacityError(
                f"la plataforma tiene {total} escenarios en cola; intente más tarde / the "
                f"platform has {total} runs queued; try again later"
            )
        scenario = Scenario(
            name=name.strip(),
            created_by=actor.user_id,
            state_code=states[0] if len(states) == 1 else None,
            parameters=parameters.model_dump(mode="json"),
            status=ScenarioStatus.QUEUED,
            message="en cola / queued",
        )
        session.add(scenario)
        session.flush()
        audit.record(
            session, actor, "create", "scenario", scenario.id, after=audit.snapshot(scenario)
        )
        return scenario


def list_scenarios(
    db: Database, actor: Principal, *, limit: int = 100, offset: int = 0
) -> tuple[list[Scenario], int]:
    """The scenarios the caller may see, newest first, and their total (kept until a scenario
    changes, ``store.versions``: callers must not change them)."""
    scope = actor.require(Permission.SCENARIOS_READ)

    def read() -> tuple[list[Scenario], int]:
        query = sa.select(Scenario).where(visible(scope))
        with db.reading() as session:
            total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
            rows = session.scalars(query.order_by(Scenario.id.desc()).limit(limit).offset(offset))
            return list(rows.all()), total

    rows, total = kept(db, "scenarios", ("list", scope, limit, offset), read)
    return list(rows), total


def get_scenario(db: Database, actor: Principal, scenario_id: int) -> Scenario:
    """One scenario, if the caller may see it (else not found)."""
    scope = actor.require(Permission.SCENARIOS_READ)

    def read() -> Scenario:
        with db.reading() as session:
            scenario = session.scalar(
                sa.select(Scenario).where(Scenario.id == scenario_id, visible(scope))
            )
            if scenario is None:
                raise NotFoundError(f"no scenario {scenario_id}")
            return scenario

    return kept(db, "scenarios", ("one", scope, scenario_id), read)


# The runner's side: no principal, the job acts for whoever queued it.


def cancel_scenario(db: Database, actor: Principal, scenario_id: int) -> Scenario:
    """Cancel a queued or running scenario the caller may run (a running one stops at its next
    progress report); a finished one is a conflict."""
    scope = actor.require(Permission.SCENARIOS_RUN)
    with db.transaction() as session:
        scenario = session.scalar(
            sa.select(Scenario).where(Scenario.id == scenario_id, visible(scope)).with_for_update()
        )
        if scenario is None:
            raise NotFoundError(f"no scenario {scenario_id}")
        if scenario.status not in ACTIVE:
            raise ConflictError(f"scenario {scenario_id} already {scenario.status.value}")
        before = audit.snapshot(scenario)
        scenario.status, scenario.error = ScenarioStatus.FAILED, CANCELLED
        scenario.message, scenario.finished_at = CANCELLED, utcnow()
        audit.record(
            session,
            actor,
            "cancel",
            "scenario",
            scenario.id,
            before=before,
            after=audit.snapshot(scenario),
        )
        return scenario


def load_for_run(db: Database, scenario_id: int) -> Scenario | None:
    """Mark a queued scenario running and return it (None if it was cancelled meanwhile)."""
    with db.transaction() as session:
        scenario = session.get(Scenario, scenario_id, with_for_update=True)
        if scenario is None:
            raise NotFoundError(f"no scenario {scenario_id}")
        if scenario.status is not ScenarioStatus.QUEUED:
            return None
        scenario.status = ScenarioStatus.RUNNING
        scenario.started_at = utcnow()
        scenario.progress, scenario.message = 0.0, "iniciando / starting"
        return scenario


def report_progress(db: Database, scenario_id: int, message: str, fraction: float) -> bool:
    """Record a running scenario's progress; False once it is no longer running (cancelled)."""
    with db.transaction() as session:
        changed = session.execute(
            sa.update(Scenario)
            .where(Scenario.id == scenario_id, Scenario.status == ScenarioStatus.RUNNING)
            .values(progress=max(0.0, min(1.0, fraction)), message=message[:300])
        )
        return bool(getattr(changed, "rowcount", 1))


def requeue(db: Database, scenario_id: int) -> None:
    """A run interrupted by a shutdown waits again, to start over at the next start."""
    with db.transaction() as session:
        session.execute(
            sa.update(Scenario)
            .where(Scenario.id == scenario_id, Scenario.status == ScenarioStatus.RUNNING)
            .values(
                status=ScenarioStatus.QUEUED,
                progress=0.0,
                message="interrumpido; se reanudará / interrupted; it will start again",
            )
        )


def finish(
    db: Database, scenario_id: int, *, result: dict[str, Any] | None, error: str | None = None
) -> None:
    """Record the outcome: the result summary, or the error that stopped the run."""
    with db.transaction() as session:
        scenario = session.get(Scenario, scenario_id)
        if scenario is None or scenario.status is not ScenarioStatus.RUNNING:
            return  # cancelled meanwhile: the cancellation stands
        scenario.finished_at = utcnow()
        if error is None:
            scenario.status, scenario.result = ScenarioStatus.SUCCEEDED, result
            scenario.progress, scenario.message = 1.0, "listo / done"
        else:
            scenario.status, scenario.error = ScenarioStatus.FAILED, error[:5000]
            scenario.message = "falló / failed"


def pending(db: Database) -> tuple[list[int], list[int]]:
    """Ids of queued and of running scenarios (to resume or fail after a restart)."""
    with db.reading() as session:
        rows = session.execute(
            sa.select(Scenario.id, Scenario.status).where(
                Scenario.status.in_([ScenarioStatus.QUEUED, ScenarioStatus.RUNNING])
            )
        ).all()
    queued = [i for i, s in rows if s == ScenarioStatus.QUEUED]
    running = [i for i, s in rows if s == ScenarioStatus.RUNNING]
    return queued, running


#: Registry status -> the planning engine's registered-centre status.
REGISTRY_FOR_PLANNING = {
    CentreStatus.OPERATING: "operating",
    CentreStatus.APPROVED: "planned",
    CentreStatus.UNDER_CONSTRUCTION: "planned",
}


def registry_for_planning(db: Database) -> pd.DataFrame:
    """Registered centres in the planning engine's format (``id,name,lat,lon,places,status,
    scheme``): operating ones are supply, approved and under construction ones are kept; one
    grouped query (every page asks for it to find its cached world)."""
    places = sa.func.sum(CentreRoom.capacity)
    query = (
        sa.select(Centre.code, Centre.name, Centre.lat, Centre.lon, places, Centre.status)
        .add_columns(Centre.scheme)
        .join(CentreRoom, CentreRoom.centre_id == Centre.id)
        .where(Centre.status.in_(list(REGISTRY_FOR_PLANNING)))
        .group_by(Centre.id)
        .having(places > 0)  # no rooms recorded yet: nothing to count or keep
        .order_by(Centre.code)
    )
    with db.reading() as session:
        rows = [
            (code, name, lat, lon, int(n), REGISTRY_FOR_PLANNING[status], scheme)
            for code, name, lat, lon, n, status, scheme in session.execute(query)
        ]
    columns = ["id", "name", "lat", "lon", "places", "status", "scheme"]
    return pd.DataFrame(rows, columns=columns)
