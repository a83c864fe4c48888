"""The centres registry: list, read, register, change, move along the pipeline, import CSV."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import Query, Request, Response, UploadFile, status
from pydantic import TypeAdapter

from redceci.api.deps import CurrentPrincipal, DatabaseDep
from redceci.api.errors import PayloadTooLargeError, problems
from redceci.api.params import Id, Limit, Offset
from redceci.api.platform.schemas import (
    CentreCreate,
    CentrePage,
    CentrePublic,
    CentreUpdate,
    ImportResult,
    RoomPublic,
    StatePublic,
    TransitionPublic,
    TransitionRequest,
)
from redceci.api.routing import CapabilityRouter
from redceci.platform.access import Permission
from redceci.platform.vocabulary import CentreStatus
from redceci.store.platform import centres
from redceci.store.platform.centre_import import MAX_IMPORT_BYTES, import_centres_csv
from redceci.store.platform.reference import list_states
from redceci.store.versions import kept

router = CapabilityRouter(prefix="/api", tags=["centres"])
_STATES = TypeAdapter(list[StatePublic])


@router.get(
    "/states",
    response_model=list[StatePublic],
    summary="States (reference data)",
    responses=problems(401),
)
def states(_principal: CurrentPrincipal, db: DatabaseDep) -> object:
    def listed() -> bytes:
        return _STATES.dump_json([StatePublic.model_validate(s) for s in list_states(db)])

    return _json(kept(db, "states", "api", listed))


@router.get(
    "/centres",
    response_model=CentrePage,
    summary="Centres you may see, filtered",
    responses=problems(401, 403),
)
def list_centres(
    principal: CurrentPrincipal,
    db: DatabaseDep,
    state: Annotated[str | None, Query(pattern=r"^\d{2}$")] = None,
    centre_status: Annotated[CentreStatus | None, Query(alias="status")] = None,
    scheme: Annotated[
        str | None, Query(max_length=80, description="One of the country pack's schemes")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> object:
    def page() -> bytes:
        records, total = centres.list_centre_records(
            db,
            principal,
            state_code=state,
            status=centre_status,
            scheme=scheme,
            limit=limit,
            offset=offset,
        )
        return (
            CentrePage.model_construct(total=total, items=[_public(r) for r in records])
            .model_dump_json()
            .encode()
        )

    scope = principal.require(Permission.CENTRES_READ)
    key = ("api-page", scope, state, centre_status, scheme, limit, offset)
    return _json(kept(db, "centres", key, page, size=len))


def _json(body: bytes) -> Response:
    """A JSON answer already serialised (kept between requests, see ``store.versions``)."""
    return Response(body, media_type="application/json")


def _public(record: dict[str, Any]) -> CentrePublic:
    """A stored record as the public schema, built without validating it again: the
    database's types and constraints already hold for every row."""
    return CentrePublic.model_construct(
        **record
        | {
            "rooms": [RoomPublic.model_construct(**r) for r in record["rooms"]],
            "transitions": [TransitionPublic.model_construct(**t) for t in record["transitions"]],
        }
    )


@router.post(
    "/centres",
    response_model=CentrePublic,
    status_code=status.HTTP_201_CREATED,
    summary="Register a centre",
    responses=problems(401, 403, 409, 422),
)
def create_centre(body: CentreCreate, principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return centres.create_centre(db, principal, body)


@router.post(
    "/centres/import",
    response_model=ImportResult,
    status_code=status.HTTP_201_CREATED,
    summary="Register centres from a CSV file: all rows or none",
    description="Columns: code, name, scheme, operator, state, lat, lon, status, "
    "status_since; optional municipality, address, organisation_id and the places of each "
    "room group of the country pack (lactantes, maternales, preescolar in Mexico; multiedad "
    "in Guatemala). Any bad row rejects the whole file; the answer "
    "lists every bad row and column.",
    responses=problems(401, 403, 413, 422, 429),
)
async def import_centres(
    file: UploadFile, request: Request, principal: CurrentPrincipal, db: DatabaseDep
) -> object:
    # The body was capped and its bytes counted against the upload quota (api.bodies).
    content = await file.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        raise PayloadTooLargeError(f"the file is over {MAX_IMPORT_BYTES // 1024 // 1024} MB")
    from starlette.concurrency import run_in_threadpool

    created = await run_in_threadpool(
        partial(import_centres_csv, filename=file.filename), db, principal, content
    )
    return {"created": len(created), "codes": [c.code for c in created]}


@router.get(
    "/centres/{centre_id}",
    response_model=CentrePublic,
    summary="One centre",
    responses=problems(401, 403, 404),
)
def get_centre(centre_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> object:
    def one() -> bytes:
        centre = centres.get_centre(db, principal, centre_id)
        return CentrePublic.model_validate(centre, from_attributes=True).model_dump_json().encode()

    scope = principal.require(Permission.CENTRES_READ)
    return _json(kept(db, "centres", ("api-one", scope, centre_id), one, size=len))


@router.patch(
    "/centres/{centre_id}",
    response_model=CentrePublic,
    summary="Change a centre's details",
    responses=problems(401, 403, 404, 409, 422),
)
def update_centre(
    centre_id: Id, body: CentreUpdate, principal: CurrentPrincipal, db: DatabaseDep
) -> object:
    return centres.update_centre(db, principal, centre_id, body)


@router.post(
    "/centres/{centre_id}/transitions",
    response_model=CentrePublic,
    summary="Move a centre along its status pipeline, dated",
    responses=problems(401, 403, 404, 409, 422),
)
def transition_centre(
    centre_id: Id, body: TransitionRequest, principal: CurrentPrincipal, db: DatabaseDep
) -> object:
    return centres.transition_centre(
        db,
        principal,
        centre_id,
        to_status=body.to_status,
        effective_on=body.effective_on,
        note=body.note,
    )


@router.delete(
    "/centres/{centre_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a centre registered by mistake (only while proposed)",
    responses=problems(401, 403, 404, 409),
)
def delete_centre(centre_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> None:
    centres.delete_centre(db, principal, centre_id)
