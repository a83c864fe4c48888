"""Families register and apply, see their status, ranks and offers and answer them; administrators
lapse overdue offers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import status

from redceci.api.deps import CurrentPrincipal, DatabaseDep
from redceci.api.enrolment.schemas import (
    ApplicationPublic,
    ClaimDecision,
    ClaimPublic,
    ExpiryResult,
    FamilyPublic,
    Id,
    OfferPublic,
    Ref,
)
from redceci.api.errors import problems
from redceci.api.routing import CapabilityRouter
from redceci.store.enrolment import claims, families, waitlist
from redceci.store.enrolment.families import ApplicationData, FamilyData

router = CapabilityRouter(prefix="/api/enrolment", tags=["enrolment"])


@router.put(
    "/families/{ref}",
    response_model=FamilyPublic,
    summary="Register or update your family (guardians, children, authorised persons)",
    responses=problems(401, 403, 404, 409, 422),
)
def register_family(
    ref: Ref, body: FamilyData, principal: CurrentPrincipal, db: DatabaseDep
) -> object:
    return families.register_family(db, principal, ref, body)


@router.get(
    "/families/{ref}",
    summary="Your family: places, applications, waitlist ranks and offers",
    responses=problems(401, 403, 404),
)
def family_status(ref: Ref, principal: CurrentPrincipal, db: DatabaseDep) -> dict[str, Any]:
    return families.family_status(db, principal, ref)


@router.post(
    "/families/{ref}/applications",
    response_model=ApplicationPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Apply: start date, centres ranked best first, siblings together",
    responses=problems(401, 403, 404, 422),
)
def apply(ref: Ref, body: ApplicationData, principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return families.apply(db, principal, ref, body)


def _answer(accept: bool) -> Callable[..., object]:
    """The handler of one answer to an offer (accept or decline)."""

    def answer(offer_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> object:
        return waitlist.answer_offer(db, principal, offer_id, accept=accept)

    return answer


for _verb, _accept, _summary in (
    ("accept", True, "Accept an offered place (before its deadline)"),
    ("decline", False, "Decline an offered place (the next child on the list gets it)"),
):
    router.post(
        f"/offers/{{offer_id}}/{_verb}",
        response_model=OfferPublic,
        summary=_summary,
        responses=problems(401, 403, 404, 409),
        name=f"{_verb}_offer",
    )(_answer(_accept))


@router.post(
    "/offers/expire",
    response_model=ExpiryResult,
    summary="Lapse the offers past their deadline and offer those places to the next children",
    responses=problems(401, 403),
)
def expire_offers(principal: CurrentPrincipal, db: DatabaseDep) -> object:
    return {"lapsed": waitlist.expire_offers(db, principal)}


@router.get(
    "/curp-claims",
    summary="Children registered with a CURP another family holds, awaiting identity checks",
    responses=problems(401, 403),
)
def curp_claims(principal: CurrentPrincipal, db: DatabaseDep) -> list[dict[str, Any]]:
    return claims.list_claims(db, principal)


def _decide(grant: bool) -> Callable[..., object]:
    """The handler of one decision on a CURP claim (grant or refuse)."""

    def decide(
        claim_id: Id, body: ClaimDecision, principal: CurrentPrincipal, db: DatabaseDep
    ) -> object:
        return claims.resolve_claim(db, principal, claim_id, grant=grant, note=body.note)

    return decide


for _verb, _grant, _summary in (
    ("grant", True, "Identity checked: the child moves to the claiming family"),
    ("refuse", False, "Identity not shown: the claim is refused"),
):
    router.post(
        f"/curp-claims/{{claim_id}}/{_verb}",
        response_model=ClaimPublic,
        summary=_summary,
        responses=problems(401, 403, 404, 409, 422),
        name=f"{_verb}_claim",
    )(_decide(_grant))
