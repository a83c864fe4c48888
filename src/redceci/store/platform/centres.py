"""The centres registry: CECI existing and planned, their rooms and their dated status pipeline."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy.orm import Session, joinedload

from redceci.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from redceci.platform import validation
from redceci.platform.access import Permission, Principal, Scope
from redceci.platform.rooms import check_room_group
from redceci.platform.vocabulary import (
    CENTRE_TRANSITIONS,
    CentreStatus,
    check_scheme,
    check_transition,
)
from redceci.store.db import Database
from redceci.store.fields import DbId, Hours, Phone, PlausibleDate, Text80, Text200, Text300
from redceci.store.platform import audit
from redceci.store.platform.models import Centre, CentreRoom, CentreTransition, Organisation, State
from redceci.store.versions import kept

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
#: A centre's record in memory, in bytes: weighs a kept page (``store.versions.MAX_BYTES``;
#: measured with tracemalloc on 500 stored centres of two rooms and one status step).
RECORD_BYTES = 3_300
#: Centres that count towards the national goals.
COUNTED = (CentreStatus.APPROVED, CentreStatus.UNDER_CONSTRUCTION, CentreStatus.OPERATING)


class RoomData(BaseModel):
    """A room: its name, the age group it serves (one of the country pack's ``room_groups``)
    and its places."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text80
    age_group: str = Field(max_length=80)
    capacity: int = Field(ge=0, le=1000)

    @field_validator("age_group")
    @classmethod
    def pack_group(cls, value: str) -> str:
        return check_room_group(value)


def _unique_rooms(rooms: list[RoomData]) -> list[RoomData]:
    names = [r.name for r in rooms]
    if len(set(names)) != len(names):
        raise ValueError("room names must be unique within a centre")
    return rooms


class CentreData(BaseModel):
    """Everything needed to register a centre."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    code: str = Field(min_length=1, max_length=40, pattern=CODE_PATTERN)
    name: Text200
    scheme: str = Field(max_length=80, description="One of the country pack's schemes")
    operator: Text200
    operator_organisation_id: DbId | None = None
    state_code: str = Field(
        pattern=r"^\d{2}$", description="2-digit state (departamento) code of the country pack"
    )
    municipality: str | None = Field(
        None,
        pattern=r"^\d{4,5}$",
        description="The country pack's municipal key: INEGI CVEGEO (5 digits), INE Guatemala (4)",
    )
    address: Text300 | None = None
    phone: Phone | None = None
    hours: Hours | None = None
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)
    status: CentreStatus = CentreStatus.PROPOSED
    status_since: PlausibleDate
    rooms: list[RoomData] = Field(default_factory=list, max_length=50)

    @field_validator("rooms")
    @classmethod
    def rooms_have_unique_names(cls, rooms: list[RoomData]) -> list[RoomData]:
        return _unique_rooms(rooms)

    @field_validator("scheme")
    @classmethod
    def pack_scheme(cls, value: str) -> str:
        return check_scheme(value)

    @model_validator(mode="after")
    def municipality_in_state(self) -> CentreData:
        if self.municipality and not self.municipality.startswith(self.state_code):
            raise ValueError("municipality must lie in the centre's state")
        return self


class CentreChanges(BaseModel):
    """A partial update (status changes go through ``transition_centre``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: Text200 | None = None
    scheme: str | None = Field(None, max_length=80)
    operator: Text200 | None = None
    operator_organisation_id: DbId | None = None
    state_code: str | None = Field(None, pattern=r"^\d{2}$")
    municipality: str | None = Field(None, pattern=r"^\d{4,5}$")
    address: Text300 | None = None
    phone: Phone | None = None
    hours: Hours | None = None
    lat: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False)
    lon: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False)
    rooms: list[RoomData] | None = Field(None, max_length=50)

    @field_validator("rooms")
    @classmethod
    def rooms_have_unique_names(cls, rooms: list[RoomData] | None) -> list[RoomData] | None:
        return None if rooms is None else _unique_rooms(rooms)

    @field_validator("scheme")
    @classmethod
    def pack_scheme(cls, value: str | None) -> str | None:
        return None if value is None else check_scheme(value)


def visible(scope: Scope) -> sa.ColumnElement[bool]:
    """SQL condition: centres inside ``scope`` (states, operator organisations, own centres)."""
    if scope.national:
        return sa.true()
    return sa.or_(
        Centre.state_code.in_(scope.states),
        Centre.operator_organisation_id.in_(scope.organisations),
        Centre.id.in_(scope.centres),
    )


def _writable(scope: Scope, state_code: str) -> None:
    if not scope.covers_state(state_code):
        raise PermissionDeniedError(f"you may not manage centres in state {state_code}")


def _check_references(session: Session, state_code: str, organisation_id: int | None) -> None:
    if session.get(State, state_code) is None:
        raise InputError(f"unknown state {state_code!r}")
    if organisation_id is not None and session.get(Organisation, organisation_id) is None:
        raise InputError(f"unknown organisation {organisation_id}")


def _rooms(data: Sequence[RoomData]) -> list[CentreRoom]:
    return [CentreRoom(name=r.name, age_group=r.age_group, capacity=r.capacity) for r in data]


def _snapshot(centre: Centre) -> dict[str, object]:
    rooms = [
        {"name": r.name, "age_group": r.age_group, "capacity": r.capacity} for r in centre.rooms
    ]
    return audit.snapshot(centre, rooms=rooms)


def add_centre(session: Session, actor: Principal | None, data: CentreData) -> Centre:
    """Register a centre in the caller's transaction (checks references, not permissions)."""
    _check_references(session, data.state_code, data.operator_organisation_id)
    if session.scalar(sa.select(Centre.id).where(Centre.code == data.code)) is not None:
        raise ConflictError(f"a centre with code {data.code!r} already exists")
    return add_checked_centres(session, actor, [data])[0]


def add_checked_centres(
    session: Session, actor: Principal | None, rows: Sequence[CentreData]
) -> list[Centre]:
    """Register centres whose references and codes the caller has already checked, in one
    flush (a 10,000-row import holds the write lock for seconds, not tens of seconds)."""
    created = [
        Centre(
            **data.model_dump(exclude={"rooms"}),
            rooms=_rooms(data.rooms),
            transitions=[
                CentreTransition(
                    from_status=None,
                    to_status=data.status,
                    effective_on=data.status_since,
                    note="registered",
                    recorded_by=actor.user_id if actor else None,
                )
            ],
        )
        for data in rows
    ]
    session.add_all(created)
    session.flush()
    for centre in created:
        audit.record(session, actor, "create", "centre", centre.id, after=_snapshot(centre))
    return created


def create_centre(db: Database, actor: Principal, data: CentreData) -> Centre:
    """Register one centre in a state the caller manages."""
    _writable(actor.require(Permission.CENTRES_WRITE), data.state_code)
    with db.transaction() as session:
        return add_centre(session, actor, data)


def _chosen(
    actor: Principal,
    state_code: str | None,
    status: CentreStatus | None,
    scheme: str | None,
) -> list[sa.ColumnElement[bool]]:
    """SQL conditions: centres the caller may see, filtered."""
    conditions = [visible(actor.require(Permission.CENTRES_READ))]
    if state_code is not None:
        conditions.append(Centre.state_code == state_code)
    if status is not None:
        conditions.append(Centre.status == status)
    if scheme is not None:
        conditions.append(Centre.scheme == scheme)
    return conditions


def list_centres(
    db: Database,
    actor: Principal,
    *,
    state_code: str | None = None,
    status: CentreStatus | None = None,
    scheme: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[Centre], int]:
    """The centres the caller may see, filtered; returns the page and the total."""
    query = sa.select(Centre).where(*_chosen(actor, state_code, status, scheme))
    with db.reading() as session:
        total = session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
        rows = session.scalars(query.order_by(Centre.id).limit(limit).offset(offset)).all()
        return list(rows), total


def list_centre_records(
    db: Database,
    actor: Principal,
    *,
    state_code: str | None = None,
    status: CentreStatus | None = None,
    scheme: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    """``list_centres`` as plain records (a centre's columns, ``capacity``, ``rooms`` and
    ``transitions``), read in three queries with no object per row: for listing many. The
    page is kept until a centre changes (``store.versions``): callers must not change it."""
    scope = actor.require(Permission.CENTRES_READ)
    key = ("records", scope, state_code, status, scheme, limit, offset)
    records, total = kept(
        db,
        "centres",
        key,
        lambda: _centre_records(db, actor, state_code, status, scheme, limit, offset),
        size=lambda page: RECORD_BYTES * len(page[0]),
    )
    return list(records), total


def _centre_records(
    db: Database,
    actor: Principal,
    state_code: str | None,
    status: CentreStatus | None,
    scheme: str | None,
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], int]:
    chosen = _chosen(actor, state_code, status, scheme)
    total_ = sa.func.count().over().label("total_")  # the total in the page's own query
    page = sa.select(*Centre.__table__.c, total_).where(*chosen).order_by(Centre.id)
    with db.reading() as session:
        rows = session.execute(page.limit(limit).offset(offset)).mappings().all()
        if rows:
            total = rows[0]["total_"]
        else:  # past the end (or none): count apart
            total = session.scalar(sa.select(sa.func.count(Centre.id)).where(*chosen)) or 0
        records = [{k: v for k, v in r.items() if k != "total_"} for r in rows]
        ids = [r["id"] for r in records]
        rooms = _children(session, CentreRoom, ("name", "age_group", "capacity"), ids)
        steps = _children(
            session,
            CentreTransition,
            ("from_status", "to_status", "effective_on", "note", "recorded_at"),
            ids,
        )
    return [
        dict(r)
        | {
            "capacity": sum(room["capacity"] for room in rooms[r["id"]]),
            "rooms": rooms[r["id"]],
            "transitions": steps[r["id"]],
        }
        for r in records
    ], total


def _children(
    session: Session,
    model: type[CentreRoom | CentreTransition],
    fields: tuple[str, ...],
    centre_ids: list[int],
) -> defaultdict[int, list[dict[str, Any]]]:
    """Rooms or transitions of the given centres as records, in the ORM's order, by centre."""
    columns = [getattr(model, name) for name in fields]
    query = sa.select(model.centre_id, *columns).where(model.centre_id.in_(centre_ids))
    grouped: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
    for centre_id, *values in session.execute(query.order_by(model.id)):
        grouped[centre_id].append(dict(zip(fields, values, strict=True)))
    return grouped


@dataclass(frozen=True)
class Tally:
    """Centres and their places under one key (a state's name, a scheme, a status...)."""

    key: str
    centres: int
    places: int


def tally(groups: Iterable[tuple[str, int, int]]) -> list[Tally]:
    """Sums ``(key, centres, places)`` by key, most centres (then places, then key) first."""
    sums: dict[str, tuple[int, int]] = {}
    for key, n, places in groups:
        before = sums.get(key, (0, 0))
        sums[key] = (before[0] + int(n), before[1] + int(places))
    tallies = [Tally(key, n, places) for key, (n, places) in sums.items()]
    return sorted(tallies, key=lambda t: (-t.centres, -t.places, t.key))


@dataclass(frozen=True)
class RegistryFigures:
    """The registry summed for the dashboard: counted centres (``COUNTED``) by state name and
    by scheme, with their positions; every centre by status; centres counted on given days."""

    by_state: list[Tally]
    by_scheme: list[Tally]
    by_status: list[Tally]
    positions: list[tuple[float, float, int]]  # lat, lon, places of each counted centre
    counted_on: list[int]  # one per day asked for


def registry_figures(db: Database, actor: Principal, *, days: Sequence[dt.date]) -> RegistryFigures:
    """The centres the caller may see, summed in SQL by state, scheme and status and by the
    days they began to count and closed (no centre loaded as an object). A centre counts on a
    day from its first counted status until the day it closes. Kept until a centre or a
    state changes (``store.versions``)."""
    scope = actor.require(Permission.CENTRES_READ)
    return kept(
        db,
        ("centres", "states"),
        ("figures", scope, tuple(days)),
        lambda: _figures(db, scope, days),
    )


def _figures(db: Database, scope: Scope, days: Sequence[dt.date]) -> RegistryFigures:
    seen = visible(scope)
    rooms = (
        sa.select(CentreRoom.centre_id, sa.func.sum(CentreRoom.capacity).label("places"))
        .group_by(CentreRoom.centre_id)
        .subquery()
    )
    places = sa.func.coalesce(rooms.c.places, 0)
    step, on = CentreTransition, CentreTransition.effective_on
    dates = (
        sa.select(
            step.centre_id,
            sa.func.min(sa.case((step.to_status.in_(COUNTED), on))).label("since"),
            sa.func.max(sa.case((step.to_status == CentreStatus.CLOSED, on))).label("until"),
        )
        .group_by(step.centre_id)
        .subquery()
    )
    with db.reading() as session:
        groups = session.execute(
            sa.select(
                State.name, Centre.scheme, Centre.status, sa.func.count(), sa.func.sum(places)
            )
            .join(State, State.code == Centre.state_code)
            .outerjoin(rooms, rooms.c.centre_id == Centre.id)
            .where(seen)
            .group_by(State.name, Centre.scheme, Centre.status)
        ).all()
        positions = session.execute(
            sa.select(Centre.lat, Centre.lon, places)
            .outerjoin(rooms, rooms.c.centre_id == Centre.id)
            .where(seen, Centre.status.in_(COUNTED))
            .order_by(Centre.id)
        ).all()
        spans = session.execute(
            sa.select(dates.c.since, dates.c.until, sa.func.count())
            .join(Centre, Centre.id == dates.c.centre_id)
            .where(seen, dates.c.since.is_not(None))
            .group_by(dates.c.since, dates.c.until)
        ).all()
    counted = [g for g in groups if g[2] in COUNTED]
    return RegistryFigures(
        by_state=tally((name, n, p) for name, _scheme, _status, n, p in counted),
        by_scheme=tally((scheme, n, p) for _name, scheme, _status, n, p in counted),
        by_status=tally((status.value, n, p) for _name, _scheme, status, n, p in groups),
        positions=[(float(lat), float(lon), int(p)) for lat, lon, p in positions],
        counted_on=[
            sum(n for since, until, n in spans if since <= day and (until is None or until > day))
            for day in days
        ],
    )


def _get_visible(session: Session, scope: Scope, centre_id: int, *, lock: bool = False) -> Centre:
    query = sa.select(Centre).where(Centre.id == centre_id, visible(scope))
    if lock:  # FOR UPDATE: the rooms and transitions then come in their own queries
        query = query.with_for_update()
    else:  # one round trip for the centre, its rooms and its transitions
        query = query.options(joinedload(Centre.rooms), joinedload(Centre.transitions))
    centre = session.execute(query).unique().scalar()
    if centre is None:
        raise NotFoundError(f"no centre {centre_id}")
    return centre


def get_centre(db: Database, actor: Principal, centre_id: int) -> Centre:
    """One centre, if the caller may see it (else not found)."""
    with db.reading() as session:
        return _get_visible(session, actor.require(Permission.CENTRES_READ), centre_id)


def update_centre(db: Database, actor: Principal, centre_id: int, changes: CentreChanges) -> Centre:
    """Change a centre's details; moving it to another state needs that state too."""
    scope = actor.require(Permission.CENTRES_WRITE)
    with db.transaction() as session:
        centre = _get_visible(session, scope, centre_id, lock=True)
        _writable(scope, centre.state_code)
        before = _snapshot(centre)
        fields = changes.model_dump(exclude_unset=True, exclude={"rooms"})
        for required in ("name", "scheme", "operator", "state_code", "lat", "lon"):
            if required in fields and fields[required] is None:
                raise InputError(f"{required} cannot be removed")
        state = fields.get("state_code", centre.state_code)
        _writable(scope, state)
        _check_references(
            session, state, fields.get("operator_organisation_id", centre.operator_organisation_id)
        )
        municipality = fields.get("municipality", centre.municipality)
        if municipality and not municipality.startswith(state):
            raise InputError("municipality must lie in the centre's state")
        for key, value in fields.items():
            setattr(centre, key, value)
        if changes.rooms is not None:
            centre.rooms = _rooms(changes.rooms)
        session.flush()
        audit.record(
            session, actor, "update", "centre", centre.id, before=before, after=_snapshot(centre)
        )
        return centre


def transition_centre(
    db: Database,
    actor: Principal,
    centre_id: int,
    *,
    to_status: CentreStatus,
    effective_on: dt.date,
    note: str | None = None,
) -> Centre:
    """Move a centre along its pipeline (proposed → approved → under construction → operating
    → closed), dated no earlier than its current status."""
    scope = actor.require(Permission.CENTRES_WRITE)
    with db.transaction() as session:
        centre = _get_visible(session, scope, centre_id, lock=True)
        _writable(scope, centre.state_code)
        check_transition(CENTRE_TRANSITIONS, centre.status, to_status, what="a centre")
        try:
            validation.plausible_date(effective_on)
        except ValueError as exc:
            raise InputError(str(exc)) from exc
        if effective_on < centre.status_since:
            raise InputError(
                f"the change cannot be dated {effective_on}, before the current status "
                f"({centre.status}, since {centre.status_since})"
            )
        before = _snapshot(centre)
        centre.transitions.append(
            CentreTransition(
                from_status=centre.status,
                to_status=to_status,
                effective_on=effective_on,
                note=note,
                recorded_by=actor.user_id,
            )
        )
        centre.status, centre.status_since = to_status, effective_on
        session.flush()
        audit.record(
            session,
            actor,
            "transition",
            "centre",
            centre.id,
            before=before,
            after=_snapshot(centre),
        )
        return centre


def delete_centre(db: Database, actor: Principal, centre_id: int) -> None:
    """Remove a centre registered by mistake: only while still proposed (else close it)."""
    scope = actor.require(Permission.CENTRES_WRITE)
    with db.transaction() as session:
        centre = _get_visible(session, scope, centre_id, lock=True)
        _writable(scope, centre.state_code)
        if centre.status != CentreStatus.PROPOSED:
            raise ConflictError(f"centre {centre_id} is {centre.status}: close it instead")
        before = _snapshot(centre)
        session.delete(centre)
        audit.record(session, actor, "delete", "centre", centre_id, before=before)


def count_centres(db: Database) -> int:
    """How many centres are registered (all scopes; for checks and tests)."""
    with db.reading() as session:
        return session.scalar(sa.select(sa.func.count(Centre.id))) or 0
