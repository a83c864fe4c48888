"""Every route, every role: the wrong role gets 403, the wrong scope 404, and neither sees or
changes anything of another's data. New routes fail ``test_every_route_is_in_the_matrix``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from redceci.store.enrolment.models import (
    Application,
    AssignmentRound,
    Child,
    Enrolment,
    EnrolmentRoom,
    EnrolmentRules,
    Family,
    Offer,
    WaitlistEntry,
)
from redceci.store.planning.models import (
    PartnerProposal,
    Plot,
    PlotEvent,
    ProposalReview,
    Scenario,
)
from redceci.store.platform.models import ApiToken, AuditEntry, Centre, Organisation, User
from tests.api.enrolment.world import (
    PARENT_FAMILY,
    START,
    bands,
    family_data,
    fresh_arco,
    fresh_claim,
    fresh_enrolment,
    fresh_offer,
    fresh_round,
    matrix_bits,
)
from tests.api.nutrition_health.world import NUTRITION_HEALTH_TABLES, nutrition_health_cases
from tests.api.operations.world import OPERATIONS_TABLES, operations_cases
from tests.api.world import ACTORS, World, fresh_plot, plot_data, proposal_data

PUBLIC = {("GET", "/api/health"), ("POST", "/api/auth/login"), ("POST", "/api/auth/token")}
#: Self-registration and mailed links: public by design (tests/api/platform/test_registration).
PUBLIC |= {
    ("POST", "/api/auth/register"),
    ("POST", "/api/auth/verify"),
    ("POST", "/api/auth/password-reset"),
    ("POST", "/api/auth/password-reset/confirm"),
}
EVERYONE = dict.fromkeys(ACTORS, 200)
NATIONAL = ("admin", "planner")


def only(allowed: dict[str, int], default: int = 403, **others: int) -> dict[str, int]:
    """Expected statuses: ``allowed`` succeed, ``others`` as given, the rest ``default``."""
    return {who: others.get(who, allowed.get(who, default)) for who in ACTORS}


@dataclass(frozen=True)
class Case:
    method: str
    route: str  # the route's path template, as the app declares it
    path: Callable[[World, str], str]
    expect: dict[str, int]
    body: Callable[[World, str], dict[str, Any]] | None = None
    files: Callable[[World, str], dict[str, Any]] | None = None


def csv_file(w: World, who: str) -> dict[str, Any]:
    text = (
        "code,name,scheme,operator,state,lat,lon,status,status_since\n"
        f"IMP-{w.serial()},Importado,CECI IMSS,IMSS,19,25.7,-100.3,proposed,2025-01-01\n"
    )
    return {"file": ("centres.csv", text.encode(), "text/csv")}


def new_centre(w: World, who: str) -> dict[str, Any]:
    return {
        "code": f"NEW-{w.serial()}",
        "name": "Nuevo",
        "scheme": "CECI IMSS",
        "operator": "IMSS",
        "state_code": "19",
        "lat": 25.7,
        "lon": -100.3,
        "status_since": "2025-01-01",
    }


FAMILY_PATH = f"/api/enrolment/families/{PARENT_FAMILY}"
FAMILY_SIDE = ("admin", "parent")


def family_case(method: str, route: str, suffix: str, ok: int, **kw: Any) -> Case:
    return Case(
        method,
        "/api/enrolment/families/{ref}" + route,
        lambda w, who: (matrix_bits(w), FAMILY_PATH + suffix)[1],
        only(dict.fromkeys(FAMILY_SIDE, ok)),
        **kw,
    )


def centre_case(route: str) -> Case:
    return Case(
        "GET",
        "/api/enrolment/centres/{centre_id}/" + route,
        lambda w, who: (matrix_bits(w), f"/api/enrolment/centres/{w.centre_a}/{route}")[1],
        only({"admin": 200, "director_a": 200}),
    )


def round_case(method: str, route: str, ok: int = 200) -> Case:
    return Case(
        method,
        "/api/enrolment/rounds/{round_id}" + route,
        lambda w, who: f"/api/enrolment/rounds/{matrix_bits(w)['round']}{route}",
        only({"admin": ok}),
    )


ENROLMENT_CASES = {
    "register-family": family_case(
        "PUT", "", "", 200, body=lambda w, who: family_data(1).model_dump(mode="json")
    ),
    "family-status": family_case("GET", "", "", 200),
    "apply": family_case(
        "POST",
        "/applications",
        "/applications",
        201,
        body=lambda w, who: {"start_date": START.isoformat(), "centres": [w.centre_a]},
    ),
    "accept-offer": Case(
        "POST",
        "/api/enrolment/offers/{offer_id}/accept",
        lambda w, who: f"/api/enrolment/offers/{fresh_offer(w)}/accept",
        only(dict.fromkeys(FAMILY_SIDE, 200)),
    ),
    "decline-offer": Case(
        "POST",
        "/api/enrolment/offers/{offer_id}/decline",
        lambda w, who: f"/api/enrolment/offers/{fresh_offer(w)}/decline",
        only(dict.fromkeys(FAMILY_SIDE, 200)),
    ),
    "expire-offers": Case(
        "POST",
        "/api/enrolment/offers/expire",
        lambda w, who: (matrix_bits(w), "/api/enrolment/offers/expire")[1],
        only({"admin": 200}),
    ),
    "roster": centre_case("roster"),
    "moves": centre_case("moves"),
    "vacancies": centre_case("vacancies"),
    "withdraw": Case(
        "POST",
        "/api/enrolment/enrolments/{enrolment_id}/withdraw",
        lambda w, who: f"/api/enrolment/enrolments/{fresh_enrolment(w)}/withdraw",
        only({"admin": 204, "director_a": 204}),
    ),
    "get-rules": Case(
        "GET", "/api/enrolment/rules", lambda w, who: "/api/enrolment/rules", only({"admin": 200})
    ),
    "set-rules": Case(
        "PUT",
        "/api/enrolment/rules",
        lambda w, who: "/api/enrolment/rules",
        only({"admin": 200}),
        body=lambda w, who: {"rules": ["child_disability"], "max_choices": 4, "offer_days": 3},
    ),
    "set-rooms": Case(
        "PUT",
        "/api/enrolment/centres/{centre_id}/rooms",
        lambda w, who: f"/api/enrolment/centres/{w.fresh_centre('19')}/rooms",
        only({"admin": 200}, director_a=404),  # a director sets only their own centre's
        body=lambda w, who: [b.model_dump() for b in bands()],  # type: ignore[return-value]
    ),
    "run-round": Case(
        "POST",
        "/api/enrolment/rounds",
        lambda w, who: (matrix_bits(w), "/api/enrolment/rounds")[1],
        only({"admin": 201}),
        body=lambda w, who: {"seed": 11},
    ),
    "get-round": round_case("GET", ""),
    "publish-round": Case(
        "POST",
        "/api/enrolment/rounds/{round_id}/publish",
        lambda w, who: f"/api/enrolment/rounds/{fresh_round(w)}/publish",
        only({"admin": 200}),
    ),
    "family-data": family_case("GET", "/data", "/data", 200),
    "arco-request": family_case(
        "POST",
        "/arco",
        "/arco",
        201,
        body=lambda w, who: {"kind": "rectification", "detail": "el nombre está mal escrito"},
    ),
    "arco-requests": Case(
        "GET",
        "/api/enrolment/arco-requests",
        lambda w, who: "/api/enrolment/arco-requests",
        only({"admin": 200}),
    ),
    "resolve-arco": Case(
        "POST",
        "/api/enrolment/arco-requests/{request_id}/resolve",
        lambda w, who: f"/api/enrolment/arco-requests/{fresh_arco(w)}/resolve",
        only({"admin": 200}),
        body=lambda w, who: {"accept": False, "answer": "improcedente: datos correctos"},
    ),
    "curp-claims": Case(
        "GET",
        "/api/enrolment/curp-claims",
        lambda w, who: (fresh_claim(w), "/api/enrolment/curp-claims")[1],
        only({"admin": 200}),
    ),
    "grant-claim": Case(
        "POST",
        "/api/enrolment/curp-claims/{claim_id}/grant",
        lambda w, who: f"/api/enrolment/curp-claims/{fresh_claim(w)}/grant",
        only({"admin": 200}),
        body=lambda w, who: {"note": "acta de nacimiento vista"},
    ),
    "refuse-claim": Case(
        "POST",
        "/api/enrolment/curp-claims/{claim_id}/refuse",
        lambda w, who: f"/api/enrolment/curp-claims/{fresh_claim(w)}/refuse",
        only({"admin": 200}),
        body=lambda w, who: {"note": "sin documentos"},
    ),
    "round-statistics": round_case("GET", "/statistics"),
    "round-csv": round_case("GET", "/placements.csv"),
}

SEES_PLOT_A = ("admin", "planner", "coord_nl", "partner_a")
PLOT_CASES = {
    "list-plots": Case(
        "GET",
        "/api/plots",
        lambda w, who: "/api/plots",
        only(dict.fromkeys((*SEES_PLOT_A, "coord_jal", "partner_b"), 200)),
    ),
    "register-plot": Case(
        "POST",
        "/api/plots",
        lambda w, who: "/api/plots",
        only(dict.fromkeys(SEES_PLOT_A, 201)),
        body=lambda w, who: plot_data(w).model_dump(mode="json"),
    ),
    "get-plot": Case(
        "GET",
        "/api/plots/{plot_id}",
        lambda w, who: f"/api/plots/{w.plot_a}",
        only(dict.fromkeys(SEES_PLOT_A, 200), coord_jal=404, partner_b=404),
    ),
    "update-plot": Case(
        "PUT",
        "/api/plots/{plot_id}",
        lambda w, who: f"/api/plots/{fresh_plot(w)}",
        only(dict.fromkeys(SEES_PLOT_A, 200), coord_jal=404, partner_b=404),
        body=lambda w, who: plot_data(w, area_m2=7000).model_dump(mode="json"),
    ),
    "review-plot": Case(
        "POST",
        "/api/plots/{plot_id}/status",
        lambda w, who: f"/api/plots/{fresh_plot(w)}/status",
        only({"admin": 200, "planner": 200}),
        body=lambda w, who: {"comment": "documentos completos", "to_status": "validated"},
    ),
    "land-gaps": Case(
        "GET",
        "/api/plots/gaps",
        lambda w, who: "/api/plots/gaps",
        only(dict.fromkeys((*SEES_PLOT_A, "coord_jal", "partner_b"), 200)),
    ),
}

CASES = {
    "me": Case("GET", "/api/auth/me", lambda w, who: "/api/auth/me", EVERYONE),
    "logout": Case(
        "POST", "/api/auth/logout", lambda w, who: "/api/auth/logout", dict.fromkeys(ACTORS, 204)
    ),
    "my-tokens": Case("GET", "/api/auth/tokens", lambda w, who: "/api/auth/tokens", EVERYONE),
    "new-token": Case(
        "POST",
        "/api/auth/tokens",
        lambda w, who: "/api/auth/tokens",
        dict.fromkeys(ACTORS, 201),
        body=lambda w, who: {"name": "more"},
    ),
    "revoke-anothers-token": Case(
        "DELETE",
        "/api/auth/tokens/{token_id}",
        lambda w, who: f"/api/auth/tokens/{w.admin_token_id}",
        only({"admin": 204}, default=404),
    ),
    "states": Case("GET", "/api/states", lambda w, who: "/api/states", EVERYONE),
    "list-users": Case("GET", "/api/users", lambda w, who: "/api/users", only({"admin": 200})),
    "create-user": Case(
        "POST",
        "/api/users",
        lambda w, who: "/api/users",
        only({"admin": 201}),
        body=lambda w, who: {
            "email": f"new{w.serial()}@x.mx",
            "name": "New",
            "password": "tamal-de-elote-7",
            "roles": [{"role": "national_planner"}],
        },
    ),
    "get-user": Case(
        "GET",
        "/api/users/{user_id}",
        lambda w, who: f"/api/users/{w.people['planner'].user_id}",
        only({"admin": 200}),
    ),
    "update-user": Case(
        "PATCH",
        "/api/users/{user_id}",
        lambda w, who: f"/api/users/{w.people['parent'].user_id}",
        only({"admin": 200}),
        body=lambda w, who: {"roles": [{"role": "administrator"}]},
    ),
    "list-organisations": Case(
        "GET",
        "/api/organisations",
        lambda w, who: "/api/organisations",
        only({"admin": 200, "partner_a": 200, "partner_b": 200}),
    ),
    "create-organisation": Case(
        "POST",
        "/api/organisations",
        lambda w, who: "/api/organisations",
        only({"admin": 201}),
        body=lambda w, who: {"name": f"Org {w.serial()}"},
    ),
    "list-centres": Case(
        "GET", "/api/centres", lambda w, who: "/api/centres", only(EVERYONE, parent=403)
    ),
    "create-centre": Case(
        "POST",
        "/api/centres",
        lambda w, who: "/api/centres",
        only({"admin": 201, "planner": 201, "coord_nl": 201}),
        body=new_centre,
    ),
    "import-centres": Case(
        "POST",
        "/api/centres/import",
        lambda w, who: "/api/centres/import",
        only({"admin": 201, "planner": 201, "coord_nl": 201}),
        files=csv_file,
    ),
    "get-centre": Case(
        "GET",
        "/api/centres/{centre_id}",
        lambda w, who: f"/api/centres/{w.centre_a}",
        only(
            dict.fromkeys(
                ("admin", "planner", "coord_nl", "partner_a", "director_a", "nutritionist"), 200
            ),
            default=404,
            parent=403,
            medical_a=200,
        ),
    ),
    "update-centre": Case(
        "PATCH",
        "/api/centres/{centre_id}",
        lambda w, who: f"/api/centres/{w.centre_a}",
        only({"admin": 200, "planner": 200, "coord_nl": 200}, coord_jal=404),
        body=lambda w, who: {"name": f"Renombrado por {who}"},
    ),
    "transition-centre": Case(
        "POST",
        "/api/centres/{centre_id}/transitions",
        lambda w, who: f"/api/centres/{w.fresh_centre('19')}/transitions",
        only({"admin": 200, "planner": 200, "coord_nl": 200}, coord_jal=404),
        body=lambda w, who: {"to_status": "approved", "effective_on": "2025-06-01"},
    ),
    "delete-centre": Case(
        "DELETE",
        "/api/centres/{centre_id}",
        lambda w, who: f"/api/centres/{w.fresh_centre('19')}",
        only({"admin": 204, "planner": 204, "coord_nl": 204}, coord_jal=404),
    ),
    "list-proposals": Case(
        "GET",
        "/api/proposals",
        lambda w, who: "/api/proposals",
        only(
            dict.fromkeys(
                ("admin", "planner", "coord_nl", "coord_jal", "partner_a", "partner_b"), 200
            )
        ),
    ),
    "submit-proposal": Case(
        "POST",
        "/api/proposals",
        lambda w, who: "/api/proposals",
        only({"admin": 201, "partner_a": 201}),
        body=lambda w, who: proposal_data(w).model_dump(),
    ),
    "get-proposal": Case(
        "GET",
        "/api/proposals/{proposal_id}",
        lambda w, who: f"/api/proposals/{w.proposal_a}",
        only(
            dict.fromkeys(("admin", "planner", "coord_nl", "partner_a"), 200),
            coord_jal=404,
            partner_b=404,
        ),
    ),
    "revise-proposal": Case(
        "PUT",
        "/api/proposals/{proposal_id}",
        lambda w, who: f"/api/proposals/{w.fresh_proposal(changes_requested=True)}",
        only({"admin": 200, "partner_a": 200}, partner_b=404),
        body=lambda w, who: proposal_data(w, plot_m2=1500).model_dump(),
    ),
    "review-proposal": Case(
        "POST",
        "/api/proposals/{proposal_id}/reviews",
        lambda w, who: f"/api/proposals/{w.fresh_proposal()}/reviews",
        only({"admin": 200, "planner": 200, "coord_nl": 200}, coord_jal=404),
        body=lambda w, who: {"comment": "revisando", "to_status": "in_review"},
    ),
    "audit": Case("GET", "/api/audit", lambda w, who: "/api/audit", only({"admin": 200})),
    "create-scenario": Case(
        "POST",
        "/api/scenarios",
        lambda w, who: "/api/scenarios",
        only({"admin": 202, "planner": 202, "coord_nl": 202}),
        body=lambda w, who: {"name": "NL", "parameters": {"states": ["19"], "centres": 5}},
    ),
    "list-scenarios": Case(
        "GET",
        "/api/scenarios",
        lambda w, who: "/api/scenarios",
        only(dict.fromkeys(("admin", "planner", "coord_nl", "coord_jal"), 200)),
    ),
    "get-scenario": Case(
        "GET",
        "/api/scenarios/{scenario_id}",
        lambda w, who: f"/api/scenarios/{w.scenario_nl}",
        only({"admin": 200, "planner": 200, "coord_nl": 200}, coord_jal=404),
    ),
    "cancel-scenario": Case(
        "POST",
        "/api/scenarios/{scenario_id}/cancel",
        lambda w, who: f"/api/scenarios/{w.queued_scenario('19')}/cancel",
        only({"admin": 200, "planner": 200, "coord_nl": 200}, coord_jal=404),
    ),
    "scenario-file": Case(
        "GET",
        "/api/scenarios/{scenario_id}/files/{name}",
        lambda w, who: f"/api/scenarios/{w.scenario_nl}/files/plan.csv",
        only({"admin": 200, "planner": 200, "coord_nl": 200}, coord_jal=404),
    ),
    **ENROLMENT_CASES,
    **nutrition_health_cases(Case, only),
    **operations_cases(Case, only),
    **PLOT_CASES,
}


def stored(w: World) -> dict[str, int]:
    with w.db.reading() as session:
        return {
            m.__tablename__: session.scalar(sa.select(sa.func.count()).select_from(m)) or 0
            for m in (
                User,
                Organisation,
                Centre,
                Scenario,
                ApiToken,
                AuditEntry,
                PartnerProposal,
                ProposalReview,
                Plot,
                PlotEvent,
                Family,
                Child,
                Application,
                EnrolmentRoom,
                EnrolmentRules,
                Enrolment,
                AssignmentRound,
                WaitlistEntry,
                Offer,
                *NUTRITION_HEALTH_TABLES,
                *OPERATIONS_TABLES,
            )
        }


def operations(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path template) the OpenAPI description declares."""
    return {
        (method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item
    }


def test_every_route_is_in_the_matrix(app: FastAPI) -> None:
    declared = operations(app)
    tested = {(c.method, c.route) for c in CASES.values()}
    assert declared == tested | PUBLIC


@pytest.mark.parametrize("name", list(CASES))
def test_each_role_gets_exactly_its_rights(name: str, world: World, client: TestClient) -> None:
    case = CASES[name]
    # Refusals first, so the successes cannot hide them; then every allowed role.
    order = sorted(ACTORS, key=lambda who: case.expect[who] < 400)
    for who in order:
        path = case.path(world, who)
        kwargs: dict[str, Any] = {"headers": world.headers[who]}
        if case.body is not None:
            kwargs["json"] = case.body(world, who)
        if case.files is not None:
            kwargs["files"] = case.files(world, who)
        before = stored(world)
        response = client.request(case.method, path, **kwargs)
        expected = case.expect[who]
        assert response.status_code == expected, (who, response.text)
        if expected >= 400:
            assert set(response.json()) == {"detail"}, (who, response.text)
            assert stored(world) == before, f"{who}'s refused request changed the database"


def test_anonymous_callers_get_401_on_every_private_route(app: FastAPI, client: TestClient) -> None:
    for method, template in sorted(operations(app) - PUBLIC):
        path = template.replace("{name}", "plan.csv")
        path = path.replace("{ref}", "FAM-1")
        for param in (
            "token_id",
            "user_id",
            "centre_id",
            "scenario_id",
            "proposal_id",
            "offer_id",
            "enrolment_id",
            "round_id",
            "child_id",
            "menu_id",
            "restriction_id",
            "referral_id",
            "authorisation_id",
            "code",
            "months",
            "claim_id",
            "request_id",
            "room_id",
            "incident_id",
        ):
            path = path.replace("{" + param + "}", "1")
        response = client.request(method, path)
        assert response.status_code == 401, (method, path, response.text)
        assert response.headers["www-authenticate"] == "Bearer"


def test_lists_show_each_caller_only_their_scope(world: World, client: TestClient) -> None:
    def codes(who: str) -> set[str]:
        response = client.get("/api/centres", headers=world.headers[who])
        assert response.status_code == 200
        return {c["code"] for c in response.json()["items"]}

    assert codes("admin") == codes("planner") == {"NL-A", "JAL-B"}
    assert codes("coord_nl") == codes("partner_a") == codes("director_a") == {"NL-A"}
    assert codes("coord_jal") == codes("partner_b") == codes("staff_b") == {"JAL-B"}

    def scenario_names(who: str) -> set[str]:
        response = client.get("/api/scenarios", headers=world.headers[who])
        return {s["name"] for s in response.json()["items"]}

    assert scenario_names("planner") == {"NL", "JAL"}
    assert scenario_names("coord_nl") == {"NL"}
    assert scenario_names("coord_jal") == {"JAL"}
    orgs = client.get("/api/organisations", headers=world.headers["partner_b"]).json()
    assert [o["name"] for o in orgs] == ["Parque B"]


def test_a_filter_cannot_widen_the_scope(world: World, client: TestClient) -> None:
    response = client.get("/api/centres?state=14", headers=world.headers["coord_nl"])
    assert response.json() == {"total": 0, "items": []}


def test_a_coordinator_cannot_plan_the_whole_country_or_another_state(
    world: World, client: TestClient
) -> None:
    before = stored(world)
    for states in ([], ["14"], ["19", "14"]):
        response = client.post(
            "/api/scenarios",
            json={"name": "x", "parameters": {"states": states}},
            headers=world.headers["coord_nl"],
        )
        assert response.status_code == 403, response.text
    assert stored(world) == before
