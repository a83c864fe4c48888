"""Every page for every role: deny by default, 403 for a role without the right, 404 for an
object outside the caller's scope, and nothing shown of another's data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from webworld import People, database_on, open_session

from backends import BACKENDS
from redceci.settings import Settings
from redceci.store import centres, proposals, scenarios
from redceci.store.access import Grant
from redceci.store.centres import CentreData
from redceci.store.db import Database
from redceci.store.enums import Role, Scheme
from redceci.store.proposals import ProposalData
from redceci.store.scenarios import ScenarioParameters
from redceci.store.testing import add_user
from redceci.web import (
    audit_views,
    auth_views,
    centre_views,
    dashboard,
    proposal_views,
    scenario_views,
)


@pytest.fixture(scope="module", params=BACKENDS)
def web_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> Iterator[Database]:
    """The authorisation matrix runs on SQLite and on PostgreSQL."""
    yield from database_on(request.param, tmp_path_factory, settings)


WHO = ("planner@x.mx", "coord@x.mx", "a@x.mx", "b@x.mx", "parent@x.mx")


def test_only_administrators_read_the_audit_log(
    client: TestClient, db: Database, objects: Objects
) -> None:
    add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
    open_session(client, db, "admin@x.mx")
    page = client.get("/auditoria?entity=proposal").text
    assert 'href="/auditoria"' in page.split("<main>")[0]
    rows = page.split('data-testid="audit"')[1].split("</table>")[0]
    assert "a2@x.mx" in rows and "create" in rows and "scenario" not in rows


@dataclass(frozen=True)
class Objects:
    scenario_nl: int
    scenario_national: int
    proposal_a: int
    centre_a: int  # Nuevo León, operated by organisation A


@pytest.fixture
def objects(db: Database, people: People) -> Objects:
    system = add_user(db, "system@x.mx", Grant(Role.NATIONAL_PLANNER))
    nl = scenarios.create_scenario(
        db, system, name="NL", parameters=ScenarioParameters(states=["19"])
    )
    national = scenarios.create_scenario(
        db, system, name="Nacional", parameters=ScenarioParameters()
    )
    partner = add_user(db, "a2@x.mx", Grant(Role.PARTNER, organisation_id=people.org_a))
    proposal = proposals.submit_proposal(
        db,
        partner,
        ProposalData(
            organisation_id=people.org_a,
            site_name="Planta Apodaca",
            state_code="19",
            lat=25.78,
            lon=-100.19,
            plot_m2=1200,
            employees=2500,
            shifts=["matutino"],
        ),
    )
    centre = centres.create_centre(
        db,
        system,
        CentreData(
            code="NL-A",
            name="CECI Planta Apodaca",
            scheme=Scheme.CECI_EMPRESA,
            operator="Parque A",
            operator_organisation_id=people.org_a,
            state_code="19",
            lat=25.78,
            lon=-100.19,
            status_since=dt.date(2025, 1, 1),
        ),
    )
    return Objects(nl.id, national.id, proposal.id, centre.id)


@dataclass(frozen=True)
class Case:
    path: Callable[[Objects], str]
    expect: tuple[int, int, int, int, int]  # planner, coordinator NL, partner A, partner B, parent


CASES: dict[tuple[str, str], Case] = {
    ("GET", "/"): Case(lambda o: "/", (200, 200, 200, 200, 200)),
    ("GET", "/tablero"): Case(lambda o: "/tablero", (200, 200, 200, 200, 403)),
    ("GET", "/escenarios"): Case(lambda o: "/escenarios", (200, 200, 403, 403, 403)),
    ("GET", "/escenarios/{scenario_id}"): Case(
        lambda o: f"/escenarios/{o.scenario_nl}", (200, 200, 403, 403, 403)
    ),
    ("GET", "/escenarios/comparar"): Case(
        lambda o: f"/escenarios/comparar?a={o.scenario_nl}&b={o.scenario_nl}",
        (200, 200, 403, 403, 403),
    ),
    ("GET", "/propuestas"): Case(lambda o: "/propuestas", (200, 200, 200, 200, 403)),
    ("GET", "/centros"): Case(lambda o: "/centros", (200, 200, 200, 200, 403)),
    ("GET", "/centros/{centre_id}"): Case(
        lambda o: f"/centros/{o.centre_a}", (200, 200, 200, 404, 403)
    ),
    ("GET", "/auditoria"): Case(lambda o: "/auditoria", (403, 403, 403, 403, 403)),
    ("GET", "/propuestas/{proposal_id}"): Case(
        lambda o: f"/propuestas/{o.proposal_a}", (200, 200, 200, 404, 403)
    ),
}

#: Pages anyone may open, and form posts (their rights are the services', tested below).
PUBLIC = {("GET", "/entrar"), ("POST", "/entrar"), ("GET", "/idioma")}
POSTS = {
    ("POST", "/salir"),
    ("POST", "/escenarios"),
    ("POST", "/propuestas"),
    ("POST", "/propuestas/{proposal_id}/revision"),
    ("POST", "/propuestas/{proposal_id}/cambios"),
    ("POST", "/centros/importar"),
    ("POST", "/centros/{centre_id}/etapa"),
}


def test_every_page_is_in_the_matrix() -> None:
    pages = {
        (method, route.path)
        for module in (
            auth_views,
            scenario_views,
            proposal_views,
            centre_views,
            dashboard,
            audit_views,
        )
        for route in module.router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    assert pages == set(CASES) | PUBLIC | POSTS


@pytest.mark.parametrize("key", list(CASES), ids=[f"{m} {p}" for m, p in CASES])
def test_each_role_sees_exactly_its_pages(
    key: tuple[str, str], client: TestClient, objects: Objects, db: Database
) -> None:
    case = CASES[key]
    for who, expected in zip(WHO, case.expect, strict=True):
        open_session(client, db, who)
        response = client.get(case.path(objects))
        assert response.status_code == expected, (who, response.text[:300])
        if expected >= 400:
            assert "Planta Apodaca" not in response.text


def test_a_coordinator_sees_their_state_scenarios_only(
    client: TestClient, objects: Objects, db: Database
) -> None:
    open_session(client, db, "coord@x.mx")
    assert client.get(f"/escenarios/{objects.scenario_national}").status_code == 404
    both = f"/escenarios/comparar?a={objects.scenario_nl}&b={objects.scenario_national}"
    assert client.get(both).status_code == 404
    listed = client.get("/escenarios").text
    assert f'href="/escenarios/{objects.scenario_nl}"' in listed
    assert f'href="/escenarios/{objects.scenario_national}"' not in listed


def test_a_partner_sees_only_their_own_proposals_listed(
    client: TestClient, objects: Objects, db: Database
) -> None:
    open_session(client, db, "b@x.mx")
    assert "Planta Apodaca" not in client.get("/propuestas").text
    open_session(client, db, "a@x.mx")
    assert "Planta Apodaca" in client.get("/propuestas").text


@pytest.mark.parametrize("who", ["coord@x.mx", "a@x.mx", "b@x.mx", "parent@x.mx"])
def test_only_reviewers_can_review(
    who: str, client: TestClient, objects: Objects, db: Database
) -> None:
    csrf = open_session(client, db, who)
    response = client.post(
        f"/propuestas/{objects.proposal_a}/revision",
        data={"csrf_token": csrf, "comment": "ok", "to_status": "approved"},
    )
    assert response.status_code in (403, 404)
    reader = add_user(db, "reader@x.mx", Grant(Role.NATIONAL_PLANNER))
    assert proposals.get_proposal(db, reader, objects.proposal_a).reviews == []


@pytest.mark.parametrize("who", ["planner@x.mx", "coord@x.mx", "b@x.mx"])
def test_only_the_organisation_proposes_for_itself(
    who: str, client: TestClient, objects: Objects, people: People, db: Database
) -> None:
    csrf = open_session(client, db, who)
    response = client.post(
        "/propuestas",
        data={
            "csrf_token": csrf,
            "organisation_id": str(people.org_a),
            "site_name": "Intrusa",
            "state_code": "19",
            "lat": "25.7",
            "lon": "-100.3",
            "plot_m2": "100",
            "employees": "10",
            "shifts": "matutino",
        },
    )
    assert response.status_code == 403
    reader = add_user(db, "reader@x.mx", Grant(Role.NATIONAL_PLANNER))
    assert [p.site_name for p in proposals.list_proposals(db, reader)] == ["Planta Apodaca"]


@pytest.mark.parametrize(
    "path",
    [
        "/escenarios/2147483648",
        "/propuestas/99999999999999",
        "/centros/2147483648",
        "/escenarios/comparar?a=1&b=2147483648",
        "/centros?page=99999999999999999999",
        "/auditoria?page=99999999999",
    ],
)
def test_ids_beyond_the_database_range_are_refused_not_crashed(
    path: str, client: TestClient, objects: Objects, db: Database
) -> None:
    add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
    open_session(client, db, "admin@x.mx")
    assert client.get(path).status_code in (200, 404, 422)


def test_an_organisation_id_beyond_the_range_is_refused(
    client: TestClient, objects: Objects, db: Database
) -> None:
    add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
    csrf = open_session(client, db, "admin@x.mx")
    response = client.post(
        "/propuestas",
        data={
            "csrf_token": csrf,
            "organisation_id": "2147483648",
            "site_name": "Grande",
            "state_code": "19",
            "lat": "25.7",
            "lon": "-100.3",
            "plot_m2": "100",
            "employees": "10",
            "shifts": "matutino",
        },
    )
    assert response.status_code == 422
