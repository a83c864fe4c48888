"""Partner proposals (CECI Empresa): a partner proposes a site, IMSS reviewers comment, ask for
changes, approve or reject; an approved proposal becomes an approved centre in the registry."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy.orm import Session

from redceci.errors import InputError, NotFoundError, PermissionDeniedError
from redceci.platform.access import Permission, Principal, Scope
from redceci.platform.country import CountryPack
from redceci.platform.room_mix import bands_of, room_places
from redceci.platform.rooms import RoomScheme
from redceci.platform.vocabulary import (
    PROPOSAL_TRANSITIONS,
    CentreStatus,
    ProposalStatus,
    check_transition,
)
from redceci.store.db import Database
from redceci.store.fields import DbId
from redceci.store.planning.models import PartnerProposal, ProposalReview
from redceci.store.platform import audit
from redceci.store.platform.centres import CentreData, RoomData, add_centre
from redceci.store.platform.models import Organisation, State

SHIFTS = ("matutino", "vespertino", "nocturno", "mixto")


class ProposalData(BaseModel):
    """A proposed site: where, how big the plot, how many employees, which shifts."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    organisation_id: DbId
    site_name: str = Field(min_length=1, max_length=200)
    state_code: str = Field(pattern=r"^\d{2}$")
    lat: float = Field(ge=-90, le=90, allow_inf_nan=False)
    lon: float = Field(ge=-180, le=180, allow_inf_nan=False)
    plot_m2: float = Field(gt=0, le=1_000_000, allow_inf_nan=False)
    employees: int = Field(ge=0, le=1_000_000)
    shifts: list[Annotated[str, Field(max_length=40)]] = Field(min_length=1, max_length=4)

    @field_validator("shifts")
    @classmethod
    def known_shifts(cls, shifts: list[str]) -> list[str]:
        unknown = sorted(set(shifts) - set(SHIFTS))
        if unknown:
            raise ValueError(f"unknown shift(s) {unknown}; use {', '.join(SHIFTS)}")
        return sorted(set(shifts), key=SHIFTS.index)


def visible(scope: Scope) -> sa.ColumnElement[bool]:
    """Reviewers see all; a coordinator their states'; a partner their organisation's."""
    if scope.national:
        return sa.true()
    return sa.or_(
        PartnerProposal.state_code.in_(scope.states),
        PartnerProposal.organisation_id.in_(scope.organisations),
    )


def _check(session: Session, data: ProposalData) -> None:
    if session.get(State, data.state_code) is None:
        raise InputError(f"unknown state {data.state_code!r}")
    if session.get(Organisation, data.organisation_id) is None:
        raise InputError(f"unknown organisation {data.organisation_id}")


def _snapshot(proposal: PartnerProposal) -> dict[str, Any]:
    return audit.snapshot(proposal)


def submit_proposal(db: Database, actor: Principal, data: ProposalData) -> PartnerProposal:
    """A partner proposes a site for their own organisation."""
    scope = actor.require(Permission.PROPOSALS_SUBMIT)
    if not scope.covers_organisation(data.organisation_id):
        raise PermissionDeniedError("you may only propose sites for your own organisation")
    with db.transaction() as session:
        _check(session, data)
        proposal = PartnerProposal(
            **data.model_dump(),
            status=ProposalStatus.SUBMITTED,
            created_by=actor.user_id,
            reviews=[],
        )
        session.add(proposal)
        session.flush()
        audit.record(session, actor, "create", "proposal", proposal.id, after=_snapshot(proposal))
        return proposal


def list_proposals(db: Database, actor: Principal) -> list[PartnerProposal]:
    query = sa.select(PartnerProposal).where(visible(actor.require(Permission.PROPOSALS_READ)))
    with db.reading() as session:
        return list(session.scalars(query.order_by(PartnerProposal.id.desc())).all())


def _get_visible(session: Session, scope: Scope, proposal_id: int) -> PartnerProposal:
    proposal = session.scalar(
        sa.select(PartnerProposal).where(PartnerProposal.id == proposal_id, visible(scope))
    )
    if proposal is None:
        raise NotFoundError(f"no proposal {proposal_id}")
    return proposal


def get_proposal(db: Database, actor: Principal, proposal_id: int) -> PartnerProposal:
    with db.reading() as session:
        return _get_visible(session, actor.require(Permission.PROPOSALS_READ), proposal_id)


def revise_proposal(
    db: Database, actor: Principal, proposal_id: int, data: ProposalData
) -> PartnerProposal:
    """The partner answers a request for changes: new details, back to submitted."""
    scope = actor.require(Permission.PROPOSALS_SUBMIT)
    with db.transaction() as session:
        proposal = _get_visible(session, actor.scope(Permission.PROPOSALS_READ), proposal_id)
        if not (
            scope.covers_organisation(proposal.organisation_id)
            and scope.covers_organisation(data.organisation_id)
        ):
            raise PermissionDeniedError("you may only revise your own organisation's proposals")
        check_transition(
            PROPOSAL_TRANSITIONS, proposal.status, ProposalStatus.SUBMITTED, what="a proposal"
        )
        _check(session, data)
        before = _snapshot(proposal)
        for key, value in data.model_dump().items():
            setattr(proposal, key, value)
        proposal.status = ProposalStatus.SUBMITTED
        proposal.needs_analysis = None  # redone for the new site
        session.flush()
        audit.record(
            session,
            actor,
            "update",
            "proposal",
            proposal.id,
            before=before,
            after=_snapshot(proposal),
        )
        return proposal


def opening_rooms(
    places: int, analysis: dict[str, Any] | None, rooms: RoomScheme
) -> list[RoomData]:
    """The rooms a centre from an approved proposal opens with: the country pack's new-centre
    ``rooms``, its places split by the catchment's eligible children by age; each room's age
    group is the pack's group it is named after."""
    bands = bands_of(rooms)
    analysis = analysis or {}
    split = room_places(
        places, bands, analysis.get("eligible_under_3"), analysis.get("eligible_3_plus")
    )
    return [
        RoomData(name=b.name, age_group=b.name, capacity=n)
        for b, n in zip(bands, split, strict=True)
    ]


def _opening_size(proposal: PartnerProposal, places: int | None) -> int:
    size = places or (proposal.needs_analysis or {}).get("recommended_size")
    if not size:
        raise InputError(
            "aprobar requiere el número de lugares: el análisis de necesidades no recomienda "
            "un tamaño / approving needs the centre's places: the needs analysis recommends none"
        )
    return int(size)


def review_proposal(
    db: Database,
    actor: Principal,
    proposal_id: int,
    *,
    comment: str,
    to_status: ProposalStatus | None = None,
    effective_on: dt.date | None = None,
    places: int | None = None,
    pack: CountryPack,
) -> PartnerProposal:
    """A reviewer comments and may move the proposal on; approving registers the centre, under
    the deployment's ``pack``'s employer scheme, with ``places`` (default: the needs analysis'
    recommended size) split into the pack's new-centre ``rooms``."""
    scope = actor.require(Permission.PROPOSALS_REVIEW)
    if not comment.strip():
        raise InputError("a review needs a comment")
    with db.transaction() as session:
        proposal = _get_visible(session, scope, proposal_id)
        before = _snapshot(proposal)
        if to_status is not None:
            check_transition(PROPOSAL_TRANSITIONS, proposal.status, to_status, what="a proposal")
        proposal.reviews.append(
            ProposalReview(
                author_id=actor.user_id,
                from_status=proposal.status,
                to_status=to_status,
                comment=comment.strip(),
            )
        )
        if to_status is not None:
            proposal.status = to_status
        if to_status == ProposalStatus.APPROVED:
            org = session.get(Organisation, proposal.organisation_id)
            assert org is not None and proposal.state_code is not None
            centre = add_centre(
                session,
                actor,
                CentreData(
                    code=f"PROP-{proposal.id}",
                    name=proposal.site_name,
                    scheme=pack.words.employer_scheme,
                    operator=org.name,
                    operator_organisation_id=org.id,
                    state_code=proposal.state_code,
                    lat=proposal.lat,
                    lon=proposal.lon,
                    status=CentreStatus.APPROVED,
                    status_since=effective_on or dt.datetime.now(dt.UTC).date(),
                    rooms=opening_rooms(
                        _opening_size(proposal, places), proposal.needs_analysis, pack.rooms
                    ),
                ),
            )
            proposal.centre_id = centre.id
        session.flush()
        audit.record(
            session,
            actor,
            "review",
            "proposal",
            proposal.id,
            before=before,
            after=_snapshot(proposal) | {"comment": comment.strip()},
        )
        return proposal


# The job's side: no principal, the analysis is the engine's.


def site_of(db: Database, proposal_id: int) -> PartnerProposal:
    """A proposal, unscoped (for the background analysis only)."""
    with db.reading() as session:
        proposal = session.get(PartnerProposal, proposal_id)
        if proposal is None:
            raise NotFoundError(f"no proposal {proposal_id}")
        return proposal


def attach_needs_analysis(db: Database, proposal_id: int, analysis: dict[str, Any]) -> None:
    """Store the automatic needs analysis of the proposed site."""
    with db.transaction() as session:
        proposal = session.get(PartnerProposal, proposal_id)
        if proposal is None:
            return
        proposal.needs_analysis = analysis
        audit.record(
            session, None, "analyse", "proposal", proposal.id, after={"needs_analysis": analysis}
        )
