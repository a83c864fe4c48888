"""The API's surface: every route (path and methods) the OpenAPI document publishes, and the
schemas it names. A route added, removed or moved must be changed here on purpose."""

from __future__ import annotations

import re

from fastapi import FastAPI

#: Every path of the API with its methods (the pages are not in the OpenAPI document).
ROUTES: dict[str, set[str]] = {
    "/api/audit": {"GET"},
    "/api/auth/login": {"POST"},
    "/api/auth/logout": {"POST"},
    "/api/auth/me": {"GET"},
    "/api/auth/token": {"POST"},
    "/api/auth/tokens": {"GET", "POST"},
    "/api/auth/tokens/{token_id}": {"DELETE"},
    "/api/centres": {"GET", "POST"},
    "/api/centres/import": {"POST"},
    "/api/centres/{centre_id}": {"DELETE", "GET", "PATCH"},
    "/api/centres/{centre_id}/transitions": {"POST"},
    "/api/enrolment/centres/{centre_id}/moves": {"GET"},
    "/api/enrolment/centres/{centre_id}/rooms": {"PUT"},
    "/api/enrolment/centres/{centre_id}/roster": {"GET"},
    "/api/enrolment/centres/{centre_id}/vacancies": {"GET"},
    "/api/enrolment/arco-requests": {"GET"},
    "/api/enrolment/arco-requests/{request_id}/resolve": {"POST"},
    "/api/enrolment/curp-claims": {"GET"},
    "/api/enrolment/curp-claims/{claim_id}/grant": {"POST"},
    "/api/enrolment/curp-claims/{claim_id}/refuse": {"POST"},
    "/api/enrolment/enrolments/{enrolment_id}/withdraw": {"POST"},
    "/api/enrolment/families/{ref}": {"GET", "PUT"},
    "/api/enrolment/families/{ref}/applications": {"POST"},
    "/api/enrolment/families/{ref}/arco": {"POST"},
    "/api/enrolment/families/{ref}/data": {"GET"},
    "/api/enrolment/offers/expire": {"POST"},
    "/api/enrolment/offers/{offer_id}/accept": {"POST"},
    "/api/enrolment/offers/{offer_id}/decline": {"POST"},
    "/api/enrolment/rounds": {"POST"},
    "/api/enrolment/rounds/{round_id}": {"GET"},
    "/api/enrolment/rounds/{round_id}/placements.csv": {"GET"},
    "/api/enrolment/rounds/{round_id}/publish": {"POST"},
    "/api/enrolment/rounds/{round_id}/statistics": {"GET"},
    "/api/enrolment/rules": {"GET", "PUT"},
    "/api/health": {"GET"},
    "/api/child-health/centres/{centre_id}/overdue-vaccines": {"GET"},
    "/api/child-health/checklists/{months}": {"GET"},
    "/api/child-health/children/{child_id}/development": {"GET"},
    "/api/child-health/children/{child_id}/growth": {"GET"},
    "/api/child-health/children/{child_id}/measurements": {"POST"},
    "/api/child-health/children/{child_id}/medication": {"GET", "POST"},
    "/api/child-health/children/{child_id}/restrictions": {"GET", "POST"},
    "/api/child-health/children/{child_id}/screenings": {"POST"},
    "/api/child-health/children/{child_id}/vaccinations": {"POST"},
    "/api/child-health/children/{child_id}/vaccines": {"GET"},
    "/api/child-health/medication/{authorisation_id}/doses": {"POST"},
    "/api/child-health/referrals/{referral_id}": {"POST"},
    "/api/child-health/restrictions/{restriction_id}/end": {"POST"},
    "/api/nutrition/centres/{centre_id}/allergy-alerts": {"GET"},
    "/api/nutrition/centres/{centre_id}/intake": {"GET", "POST"},
    "/api/nutrition/centres/{centre_id}/kitchen": {"GET"},
    "/api/nutrition/centres/{centre_id}/purchases": {"GET"},
    "/api/nutrition/ingredients": {"GET"},
    "/api/nutrition/menus": {"GET", "POST"},
    "/api/nutrition/menus/{menu_id}": {"GET", "PUT"},
    "/api/nutrition/menus/{menu_id}/publication": {"GET"},
    "/api/nutrition/menus/{menu_id}/publish": {"POST"},
    "/api/nutrition/network": {"GET"},
    "/api/nutrition/recipes": {"GET"},
    "/api/nutrition/recipes/{code}": {"PUT"},
    "/api/organisations": {"GET", "POST"},
    "/api/operations/centres/{centre_id}/board": {"GET"},
    "/api/operations/centres/{centre_id}/calendar": {"GET", "PUT"},
    "/api/operations/centres/{centre_id}/events": {"POST"},
    "/api/operations/centres/{centre_id}/exclusion-rules": {"GET", "PUT"},
    "/api/operations/centres/{centre_id}/roll-call": {"GET"},
    "/api/operations/centres/{centre_id}/rooms/{room_id}": {"GET"},
    "/api/operations/centres/{centre_id}/staff": {"GET", "POST"},
    "/api/operations/centres/{centre_id}/staff/{staff_id}/shifts": {"PUT"},
    "/api/operations/centres/{centre_id}/staff/{staff_id}/active": {"PUT"},
    "/api/operations/centres/{centre_id}/closures": {"POST"},
    "/api/operations/centres/{centre_id}/closures/{day}": {"DELETE"},
    "/api/operations/centres/{centre_id}/authorised-persons": {"GET"},
    "/api/operations/centres/{centre_id}/authorised-persons/{person_id}/photo": {"PUT"},
    "/api/operations/children/{child_id}/absences": {"POST"},
    "/api/operations/children/{child_id}/incidents": {"GET"},
    "/api/operations/children/{child_id}/incidents/{incident_id}/acknowledgement": {"POST"},
    "/api/operations/children/{child_id}/messages": {"GET", "POST"},
    "/api/operations/children/{child_id}/pickup": {"GET"},
    "/api/operations/children/{child_id}/pickup-codes": {"POST"},
    "/api/operations/children/{child_id}/report": {"GET"},
    "/api/operations/network": {"GET"},
    "/api/proposals": {"GET", "POST"},
    "/api/proposals/{proposal_id}": {"GET", "PUT"},
    "/api/proposals/{proposal_id}/reviews": {"POST"},
    "/api/scenarios": {"GET", "POST"},
    "/api/scenarios/{scenario_id}": {"GET"},
    "/api/scenarios/{scenario_id}/cancel": {"POST"},
    "/api/scenarios/{scenario_id}/files/{name}": {"GET"},
    "/api/states": {"GET"},
    "/api/plots": {"GET", "POST"},
    "/api/plots/gaps": {"GET"},
    "/api/plots/{plot_id}": {"GET", "PUT"},
    "/api/plots/{plot_id}/status": {"POST"},
    "/api/users": {"GET", "POST"},
    "/api/users/{user_id}": {"GET", "PATCH"},
    "/api/auth/register": {"POST"},
    "/api/auth/verify": {"POST"},
    "/api/auth/password-reset": {"POST"},
    "/api/auth/password-reset/confirm": {"POST"},
}


def test_the_openapi_document_lists_exactly_the_api_routes(app: FastAPI) -> None:
    doc = app.openapi()
    published = {path: {m.upper() for m in item} for path, item in doc["paths"].items()}
    assert published == ROUTES


def test_schema_names_do_not_depend_on_module_paths(app: FastAPI) -> None:
    """Two models with one name would be published under their module paths, which change
    whenever code moves: each schema has its own name."""
    names = app.openapi()["components"]["schemas"]
    assert not [n for n in names if re.search(r"__", n)]
    assert {"RoomPublic", "EnrolmentRoomPublic", "CentrePublic", "Problem"} <= set(names)
