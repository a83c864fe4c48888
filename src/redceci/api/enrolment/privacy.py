"""Guardians' ARCO rights (LGPDPPSO): download everything held on their family, ask for
rectification, cancellation or opposition; the network answers the requests."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import status
from pydantic import BaseModel, ConfigDict, Field

from redceci.api.deps import CurrentPrincipal, DatabaseDep
from redceci.api.enrolment.schemas import Id, Ref
from redceci.api.errors import problems
from redceci.api.routing import CapabilityRouter
from redceci.store.enrolment import privacy
from redceci.store.enrolment.models import ArcoKind

router = CapabilityRouter(prefix="/api/enrolment", tags=["enrolment"])


class ArcoCreate(BaseModel):
    """A request over the family's data (access is the ``/data`` download)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["rectification", "cancellation", "opposition"]
    detail: str = Field("", max_length=2000, description="What to correct, or why")


class ArcoAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    accept: bool
    answer: str = Field(min_length=1, max_length=2000, description="The reasoned answer")


class ArcoPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    family_ref: str
    kind: str
    status: str
    detail: str
    answer: str


@router.get(
    "/families/{ref}/data",
    summary="Everything held on your family (right of access), as JSON",
    responses=problems(401, 403, 404),
)
def family_data(ref: Ref, principal: CurrentPrincipal, db: DatabaseDep) -> dict[str, Any]:
    return privacy.export_family(db, principal, ref)


@router.post(
    "/families/{ref}/arco",
    response_model=ArcoPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Ask for rectification, cancellation or opposition over your family's data",
    responses=problems(401, 403, 404, 422),
)
def request_arco(
    ref: Ref, body: ArcoCreate, principal: CurrentPrincipal, db: DatabaseDep
) -> object:
    return privacy.request_arco(db, principal, ref, ArcoKind(body.kind), body.detail)


@router.get(
    "/arco-requests",
    response_model=list[ArcoPublic],
    summary="ARCO requests awaiting an answer (the network)",
    responses=problems(401, 403),
)
def arco_requests(principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return privacy.list_arco(db, principal)


@router.post(
    "/arco-requests/{request_id}/resolve",
    response_model=ArcoPublic,
    summary="Answer an ARCO request; accepting a cancellation anonymises the family",
    responses=problems(401, 403, 404, 409, 422),
)
def resolve_arco(
    request_id: Id, body: ArcoAnswer, principal: CurrentPrincipal, db: DatabaseDep
) -> object:
    return privacy.resolve_arco(db, principal, request_id, accept=body.accept, answer=body.answer)
