"""Children's health records: allergies and diets, growth, vaccines, development and medication
(guardians, the centre's medical staff and its director; every read audited), and the centre's
overdue vaccines."""

from __future__ import annotations

from typing import Any

from fastapi import status

from redceci.api.deps import CurrentPrincipal, DatabaseDep
from redceci.api.errors import problems
from redceci.api.nutrition_health.schemas import Id, Months, OnDate, VaccineSchedule
from redceci.api.routing import CapabilityRouter
from redceci.store.nutrition_health import development, growth, medication, restrictions, vaccines

router = CapabilityRouter(prefix="/api/child-health", tags=["child health"])
CHILD = "/children/{child_id}"


@router.get(
    CHILD + "/restrictions",
    summary="A child's allergies and diets",
    responses=problems(401, 403, 404),
)
def child_restrictions(
    child_id: Id, principal: CurrentPrincipal, db: DatabaseDep
) -> list[dict[str, Any]]:
    return restrictions.child_restrictions(db, principal, child_id)


@router.post(
    CHILD + "/restrictions",
    status_code=status.HTTP_201_CREATED,
    summary="Record an allergy or diet with its medical document (medical staff)",
    responses=problems(401, 403, 404, 422),
)
def add_restriction(
    child_id: Id, body: restrictions.RestrictionData, principal: CurrentPrincipal, db: DatabaseDep
) -> dict[str, Any]:
    return restrictions.add_restriction(db, principal, child_id, body)


@router.post(
    "/restrictions/{restriction_id}/end",
    summary="End an allergy or diet",
    responses=problems(401, 403, 404),
)
def end_restriction(
    restriction_id: Id, principal: CurrentPrincipal, db: DatabaseDep
) -> dict[str, Any]:
    return restrictions.end_restriction(db, principal, restriction_id)


@router.get(
    CHILD + "/growth",
    summary="Measurements, z-scores, flags and the WHO curves",
    responses=problems(401, 403, 404),
)
def child_growth(child_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> dict[str, Any]:
    return growth.child_growth(db, principal, child_id)


@router.post(
    CHILD + "/measurements",
    status_code=status.HTTP_201_CREATED,
    summary="Record weight and length/height (implausible values refused)",
    responses=problems(401, 403, 404, 422),
)
def add_measurement(
    child_id: Id, body: growth.MeasurementData, principal: CurrentPrincipal, db: DatabaseDep
) -> dict[str, Any]:
    return growth.add_measurement(db, principal, child_id, body)


@router.get(
    CHILD + "/vaccines",
    summary="The schedule and each dose's status",
    responses=problems(401, 403, 404),
)
def child_vaccines(
    child_id: Id,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    schedule: VaccineSchedule,
    on: OnDate = None,
) -> dict[str, Any]:
    return vaccines.child_vaccines(db, principal, child_id, schedule, on)


@router.post(
    CHILD + "/vaccinations",
    status_code=status.HTTP_201_CREATED,
    summary="Record a dose from the health card",
    responses=problems(401, 403, 404, 409, 422),
)
def record_dose(
    child_id: Id,
    body: vaccines.DoseData,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    schedule: VaccineSchedule,
) -> dict[str, Any]:
    return vaccines.record_dose(db, principal, child_id, body, schedule)


@router.get(
    "/centres/{centre_id}/overdue-vaccines",
    summary="Children with an overdue dose and the reminder for their guardians",
    responses=problems(401, 403, 404),
)
def overdue(
    centre_id: Id,
    principal: CurrentPrincipal,
    db: DatabaseDep,
    schedule: VaccineSchedule,
    on: OnDate = None,
) -> list[dict[str, Any]]:
    return vaccines.overdue_list(db, principal, centre_id, schedule, on)


@router.get(
    "/checklists/{months}",
    summary="The milestone checklist for an age (CDC 2022)",
    responses=problems(401, 422),
)
def checklist(months: Months, principal: CurrentPrincipal) -> list[dict[str, Any]]:
    return development.checklist(months)


@router.post(
    CHILD + "/screenings",
    status_code=status.HTTP_201_CREATED,
    summary="Record a milestone checklist; flagged domains open referrals",
    responses=problems(401, 403, 404, 422),
)
def record_screening(
    child_id: Id, body: development.ScreeningData, principal: CurrentPrincipal, db: DatabaseDep
) -> dict[str, Any]:
    return development.record_screening(db, principal, child_id, body)


@router.get(
    CHILD + "/development", summary="Checklists and referrals", responses=problems(401, 403, 404)
)
def child_development(child_id: Id, principal: CurrentPrincipal, db: DatabaseDep) -> dict[str, Any]:
    return development.child_development(db, principal, child_id)


@router.post(
    "/referrals/{referral_id}",
    summary="Move a referral along its workflow",
    responses=problems(401, 403, 404, 409, 422),
)
def update_referral(
    referral_id: Id, body: development.ReferralUpdate, principal: CurrentPrincipal, db: DatabaseDep
) -> dict[str, Any]:
    return development.update_referral(db, principal, referral_id, body)


@router.get(
    CHILD + "/medication",
    summary="Authorisations and the doses given",
    responses=problems(401, 403, 404),
)
def child_medication(
    child_id: Id, principal: CurrentPrincipal, db: DatabaseDep
) -> list[dict[str, Any]]:
    return medication.child_medication(db, principal, child_id)


@router.post(
    CHILD + "/medication",
    status_code=status.HTTP_201_CREATED,
    summary="Record a guardian's written authorisation (medical staff)",
    responses=problems(401, 403, 404, 422),
)
def authorise(
    child_id: Id, body: medication.AuthorisationData, principal: CurrentPrincipal, db: DatabaseDep
) -> dict[str, Any]:
    return medication.authorise(db, principal, child_id, body)


@router.post(
    "/medication/{authorisation_id}/doses",
    status_code=status.HTTP_201_CREATED,
    summary="Log a dose given (refused outside the authorisation)",
    responses=problems(401, 403, 404, 409, 422),
)
def give(
    authorisation_id: Id, body: medication.DoseGiven, principal: CurrentPrincipal, db: DatabaseDep
) -> dict[str, Any]:
    return medication.give(db, principal, authorisation_id, body)
