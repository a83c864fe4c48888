"""Partner proposals: submit, list, read, revise after a request for changes, review."""

from __future__ import annotations

from fastapi import status

from redceci.api.deps import CurrentPrincipal, DatabaseDep, SettingsDep
from redceci.api.errors import problems
from redceci.api.params import Id
from redceci.api.planning.jobs import RunnerDep
from redceci.api.planning.schemas import ProposalCreate, ProposalPublic, ReviewRequest
from redceci.api.routing import CapabilityRouter
from redceci.countries import country_pack
from redceci.store.planning import proposals

router = CapabilityRouter(prefix="/api/proposals", tags=["proposals"])


@router.get(
    "",
    response_model=list[ProposalPublic],
    summary="Proposals you may see, newest first",
    responses=problems(401, 403),
)
def list_proposals(principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return proposals.list_proposals(db, principal)


@router.post(
    "",
    response_model=ProposalPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Propose a site for your organisation (its needs analysis follows in the background)",
    responses=problems(401, 403, 422),
)
def submit_proposal(
    body: ProposalCreate, principal: CurrentPrincipal, db: DatabaseDep, runner: RunnerDep
) -> object:
    proposal = proposals.submit_proposal(db, principal, body)
    runner.submit_analysis(proposal.id)
    return proposal


@router.get(
    "/{proposal_id}",
    response_model=ProposalPublic,
    summary="One proposal with its reviews",
    responses=problems(401, 403, 404),
)
def get_proposal(proposal_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return proposals.get_proposal(db, principal, proposal_id)


@router.put(
    "/{proposal_id}",
    response_model=ProposalPublic,
    summary="Revise a proposal after changes were requested (back to submitted)",
    responses=problems(401, 403, 404, 409, 422),
)
def revise_proposal(
    proposal_id: Id,
    body: ProposalCreate,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    runner: RunnerDep,
) -> object:
    proposal = proposals.revise_proposal(db, principal, proposal_id, body)
    runner.submit_analysis(proposal.id)
    return proposal


@router.post(
    "/{proposal_id}/reviews",
    response_model=ProposalPublic,
    summary="Comment on a proposal, request changes, approve or reject it",
    responses=problems(401, 403, 404, 409, 422),
)
def review_proposal(
    proposal_id: Id,
    body: ReviewRequest,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    settings: SettingsDep,
) -> object:
    return proposals.review_proposal(
        db,
        principal,
        proposal_id,
        comment=body.comment,
        to_status=body.to_status,
        effective_on=body.effective_on,
        places=body.places,
        pack=country_pack(settings.country),  # an approved centre: the pack's rooms and scheme
    )
