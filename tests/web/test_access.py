"""Every page for every role: deny by default, 403 for a role without the right, 404 for an
object outside the caller's scope, and nothing shown of another's data."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from redceci.planning.land import OwnerKind
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.enrolment import families, rounds, rules
from redceci.store.enrolment.families import ApplicationData
from redceci.store.enrolment.models import AssignmentRound, RoundStatus
from redceci.store.planning import plots, proposals, scenarios
from redceci.store.planning.plots import PlotData
from redceci.store.planning.proposals import ProposalData
from redceci.store.planning.scenarios import ScenarioParameters
from redceci.store.platform import centres
from redceci.store.platform.centres import CentreData
from redceci.store.testing import add_user
from redceci.web import PAGE_MODULES
from tests.backends import BACKENDS, database_on
from tests.web.nutrition_health.test_pages import NH_CASES, NH_POSTS
from tests.web.operations.test_pages import (
    OPS_CASES,
    OPS_POSTS,
    OPS_PUBLIC,
    OPS_SECRETS,
    OPS_WHO,
)
from tests.web.operations.world import OpsWorld, add_people, operations_world
from tests.web.world import START, Enrolment, People, family_of, open_session


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
    assert "a2@x.mx" in rows and "creó" in rows and "escenario" not in rows  # actions in Spanish


@dataclass(frozen=True)
class Objects:
    scenario_nl: int
    scenario_national: int
    proposal_a: int
    centre_a: int  # Nuevo León, operated by organisation A
    plot_a: int  # organisation A's plot "Predio Apodaca" in Nuevo León


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
            scheme="CECI Empresa",
            operator="Parque A",
            operator_organisation_id=people.org_a,
            state_code="19",
            lat=25.78,
            lon=-100.19,
            status_since=dt.date(2025, 1, 1),
        ),
    )
    plot = plots.register_plot(
        db,
        partner,
        PlotData(
            name="Predio Apodaca",
            state_code="19",
            lat=25.78,
            lon=-100.19,
            area_m2=6000,
            owner_kind=OwnerKind.COMPANY,
            owner_name="Parque A",
            organisation_id=people.org_a,
        ),
    )
    return Objects(nl.id, national.id, proposal.id, centre.id, plot.id)


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
    ("GET", "/centros/mapa.json"): Case(lambda o: "/centros/mapa.json", (200, 200, 200, 200, 403)),
    ("GET", "/centros/{centre_id}"): Case(
        lambda o: f"/centros/{o.centre_a}", (200, 200, 200, 404, 403)
    ),
    ("GET", "/auditoria"): Case(lambda o: "/auditoria", (403, 403, 403, 403, 403)),
    ("GET", "/propuestas/{proposal_id}"): Case(
        lambda o: f"/propuestas/{o.proposal_a}", (200, 200, 200, 404, 403)
    ),
    ("GET", "/predios"): Case(lambda o: "/predios", (200, 200, 200, 200, 403)),
    ("GET", "/predios/faltantes"): Case(lambda o: "/predios/faltantes", (200, 200, 200, 200, 403)),
    ("GET", "/predios/{plot_id}"): Case(
        lambda o: f"/predios/{o.plot_a}", (200, 200, 200, 404, 403)
    ),
    # a scenario's map data: 404 while it has no result, for those who may see it
    ("GET", "/escenarios/{scenario_id}/mapa.json"): Case(
        lambda o: f"/escenarios/{o.scenario_nl}/mapa.json", (404, 404, 403, 403, 403)
    ),
    ("GET", "/escenarios/{scenario_id}/informe"): Case(
        lambda o: f"/escenarios/{o.scenario_nl}/informe", (404, 404, 403, 403, 403)
    ),
}

#: Pages anyone may open, and form posts (their rights are the services', tested below).
PUBLIC = {
    ("GET", "/entrar"),
    ("POST", "/entrar"),
    ("GET", "/idioma"),
    ("GET", "/aviso-de-privacidad"),
    ("GET", "/mapa/estados.geojson"),
    ("GET", "/mapa/municipios/{state}.geojson"),
    ("GET", "/mapa/lugares.json"),
    ("GET", "/mapa/lugares/{state}.json"),
    ("GET", "/mapa/buscar.json"),
    # first use (tests/web/platform/test_registration.py)
    ("GET", "/servicio"),
    ("GET", "/registrarse"),
    ("POST", "/registrarse"),
    ("GET", "/verificar"),
    ("POST", "/verificar"),
    ("GET", "/contrasena"),
    ("POST", "/contrasena"),
    ("GET", "/contrasena/nueva"),
    ("POST", "/contrasena/nueva"),
}
POSTS = {
    ("POST", "/salir"),
    ("POST", "/centros/{centre_id}/contacto"),
    ("POST", "/escenarios"),
    ("POST", "/propuestas"),
    ("POST", "/propuestas/{proposal_id}/revision"),
    ("POST", "/propuestas/{proposal_id}/cambios"),
    ("POST", "/predios"),
    ("POST", "/predios/{plot_id}/revision"),
    ("POST", "/centros/importar"),
    ("POST", "/centros/{centre_id}/etapa"),
}


#: What the Content-Security-Policy forbids in a page (docs/architecture.md, "Pages"): inline
#: scripts, inline style attributes or blocks, event-handler attributes, javascript: links.
INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+\s*=|javascript:", re.IGNORECASE
)


def assert_no_inline_code(response: Any) -> None:
    """Every page, for every role: the strict policy is sent and the page needs nothing it
    forbids."""
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    if "text/html" in response.headers.get("content-type", ""):
        found = INLINE_CODE.search(response.text)
        assert found is None, f"inline code in the page: {found.group(0) if found else ''}"


def test_every_page_is_in_the_matrix() -> None:
    pages = {
        (method, route.path)
        for module in PAGE_MODULES
        for route in module.router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    assert pages == (
        set(CASES)
        | PUBLIC
        | POSTS
        | set(ENROLMENT_CASES)
        | ENROLMENT_POSTS
        | set(NH_CASES)
        | NH_POSTS
        | set(OPS_CASES)
        | OPS_POSTS
        | OPS_PUBLIC
    )


@pytest.mark.parametrize("key", list(CASES), ids=[f"{m} {p}" for m, p in CASES])
def test_each_role_sees_exactly_its_pages(
    key: tuple[str, str], client: TestClient, objects: Objects, db: Database
) -> None:
    case = CASES[key]
    for who, expected in zip(WHO, case.expect, strict=True):
        open_session(client, db, who)
        response = client.get(case.path(objects))
        assert response.status_code == expected, (who, response.text[:300])
        assert_no_inline_code(response)
        if expected >= 400:
            assert "Planta Apodaca" not in response.text
            assert "Predio Apodaca" not in response.text


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


@pytest.mark.parametrize("who", ["a@x.mx", "b@x.mx", "parent@x.mx"])  # coordinators: own state
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


# -- enrolment pages: parents (own family), directors (own centre), administrators ----------------

ENROLMENT_WHO = (
    "planner@x.mx",
    "a@x.mx",
    "parent@x.mx",  # family F-1
    "parent2@x.mx",  # family F-2
    "director@x.mx",  # the north centre
    "director2@x.mx",  # the south centre
    "admin@x.mx",
)
#: What no page refused to a caller may show: the two families' children.
SECRETS = ("Luis Uno", "Sofía Dos")


@dataclass(frozen=True)
class EnrolmentObjects:
    north: int
    round_id: int


@pytest.fixture
def enrolled(db: Database, enrolment: Enrolment) -> EnrolmentObjects:
    """F-1 and F-2 registered and applying to the north centre; a round previewed."""
    families.register_family(db, enrolment.admin, "F-1", family_of(1, "Luis Uno", "LUNA"))
    for ref in ("F-1", "F-2"):
        families.apply(
            db, enrolment.admin, ref, ApplicationData(start_date=START, centres=[enrolment.north])
        )
    return EnrolmentObjects(enrolment.north, rounds.run_round(db, enrolment.admin, seed=5).id)


@dataclass(frozen=True)
class EnrolmentCase:
    path: Callable[[EnrolmentObjects], str]
    expect: tuple[int, int, int, int, int, int, int]  # in the order of ENROLMENT_WHO


FAMILY = (403, 403, 200, 404, 403, 403, 200)
ADMIN = (403, 403, 403, 403, 403, 403, 200)
ENROLMENT_CASES: dict[tuple[str, str], EnrolmentCase] = {
    ("GET", "/familia"): EnrolmentCase(lambda o: "/familia", (403, 403, 200, 200, 403, 403, 200)),
    ("GET", "/familias/{ref}"): EnrolmentCase(lambda o: "/familias/F-1", FAMILY),
    ("GET", "/familias/{ref}/registro"): EnrolmentCase(lambda o: "/familias/F-1/registro", FAMILY),
    ("GET", "/familias/{ref}/solicitud"): EnrolmentCase(
        lambda o: "/familias/F-1/solicitud", FAMILY
    ),
    ("GET", "/familias/{ref}/datos"): EnrolmentCase(lambda o: "/familias/F-1/datos", FAMILY),
    ("GET", "/familias/{ref}/solicitud/enviada"): EnrolmentCase(
        lambda o: "/familias/F-1/solicitud/enviada", FAMILY
    ),
    # no offer is open in this world: a parent's or the administrator's unknown offer is a 404
    ("GET", "/ofertas/{offer_id}"): EnrolmentCase(
        lambda o: "/ofertas/999999", (403, 403, 404, 404, 403, 403, 404)
    ),
    ("GET", "/ofertas/{offer_id}/aceptar"): EnrolmentCase(
        lambda o: "/ofertas/999999/aceptar", (403, 403, 404, 404, 403, 403, 404)
    ),
    ("GET", "/inscripcion/centros"): EnrolmentCase(
        lambda o: "/inscripcion/centros", (403, 403, 403, 403, 200, 200, 200)
    ),
    ("GET", "/inscripcion/centros/{centre_id}"): EnrolmentCase(
        lambda o: f"/inscripcion/centros/{o.north}", (403, 403, 403, 403, 200, 404, 200)
    ),
    ("GET", "/inscripcion/centros/{centre_id}/salas"): EnrolmentCase(  # its director too
        lambda o: f"/inscripcion/centros/{o.north}/salas", (403, 403, 403, 403, 200, 404, 200)
    ),
    ("GET", "/inscripcion/salas"): EnrolmentCase(
        lambda o: f"/inscripcion/salas?centre_id={o.north}", ADMIN
    ),
    ("GET", "/inscripcion/reglas"): EnrolmentCase(lambda o: "/inscripcion/reglas", ADMIN),
    ("GET", "/inscripcion/rondas"): EnrolmentCase(lambda o: "/inscripcion/rondas", ADMIN),
    ("GET", "/inscripcion/rondas/{round_id}"): EnrolmentCase(
        lambda o: f"/inscripcion/rondas/{o.round_id}", ADMIN
    ),
}
ENROLMENT_POSTS = {
    ("POST", "/familias/{ref}/registro"),
    ("POST", "/familias/{ref}/derechos"),
    ("POST", "/familias/{ref}/solicitud"),
    ("POST", "/ofertas/{offer_id}/aceptar"),
    ("POST", "/ofertas/{offer_id}/rechazar"),
    ("POST", "/inscripcion/reglas"),
    ("POST", "/inscripcion/rondas"),
    ("POST", "/inscripcion/rondas/{round_id}/publicar"),
    ("POST", "/inscripcion/inscritos/{enrolment_id}/baja"),
    ("POST", "/inscripcion/centros/{centre_id}/salas"),
}


@pytest.mark.parametrize("key", list(ENROLMENT_CASES), ids=[f"{m} {p}" for m, p in ENROLMENT_CASES])
def test_each_role_sees_exactly_its_enrolment_pages(
    key: tuple[str, str], client: TestClient, enrolled: EnrolmentObjects, db: Database
) -> None:
    case = ENROLMENT_CASES[key]
    for who, expected in zip(ENROLMENT_WHO, case.expect, strict=True):
        open_session(client, db, who)
        response = client.get(case.path(enrolled))
        assert response.status_code == expected, (who, response.text[:300])
        assert_no_inline_code(response)
        if expected >= 400:
            assert not any(name in response.text for name in SECRETS), who


@pytest.mark.parametrize("who", ["planner@x.mx", "parent@x.mx", "director@x.mx"])
def test_only_administrators_change_rules_or_rooms_or_run_and_publish_rounds(
    who: str, client: TestClient, enrolled: EnrolmentObjects, enrolment: Enrolment, db: Database
) -> None:
    csrf = open_session(client, db, who)
    before = rules.get_rules(db, enrolment.admin).rules
    posts = {
        "/inscripcion/reglas": {"max_choices": "1", "offer_days": "1"},
        "/inscripcion/rondas": {"seed": "1"},
        f"/inscripcion/rondas/{enrolled.round_id}/publicar": {},
        # another centre's rooms (a director sets only their own: test_director_rooms.py)
        f"/inscripcion/centros/{enrolment.south}/salas": {
            "r0_name": "única",
            "r0_max_months": "48",
        },
    }
    for path, form in posts.items():
        status = client.post(path, data={"csrf_token": csrf, **form}).status_code
        assert status in ((403, 404) if path.endswith("/salas") else (403,)), path
    assert rules.get_rules(db, enrolment.admin).rules == before
    with db.reading() as session:
        statuses = session.scalars(sa.select(AssignmentRound.status)).all()
    assert statuses == [RoundStatus.PREVIEW]


@pytest.mark.parametrize("who", ["coord@x.mx", "a@x.mx", "b@x.mx", "parent@x.mx"])
def test_only_planners_review_plots(
    who: str, client: TestClient, objects: Objects, db: Database
) -> None:
    csrf = open_session(client, db, who)
    response = client.post(
        f"/predios/{objects.plot_a}/revision",
        data={"csrf_token": csrf, "comment": "ok", "to_status": "validated"},
    )
    assert response.status_code in (403, 404)
    reader = add_user(db, "reader@x.mx", Grant(Role.NATIONAL_PLANNER))
    assert plots.get_plot(db, reader, objects.plot_a).status == "offered"


def test_a_partner_sees_only_their_own_plots_listed(
    client: TestClient, objects: Objects, db: Database
) -> None:
    open_session(client, db, "b@x.mx")
    assert "Predio Apodaca" not in client.get("/predios").text
    open_session(client, db, "a@x.mx")
    assert "Predio Apodaca" in client.get("/predios").text


# -- operations pages: staff only their centre, parents only their children, coordinators their
# state (tests/web/operations/test_pages.py says who is who) ----------------------------------


@pytest.fixture
def ops_world(db: Database) -> OpsWorld:
    world = operations_world(db)
    add_people(db, world)
    return world


@pytest.mark.parametrize("key", list(OPS_CASES), ids=[f"{m} {p}" for m, p in OPS_CASES])
def test_each_role_opens_exactly_its_operations_pages(
    key: tuple[str, str], client: TestClient, ops_world: OpsWorld, db: Database
) -> None:
    path, expect = OPS_CASES[key]
    for who, expected in zip(OPS_WHO, expect, strict=True):
        open_session(client, db, who)
        response = client.get(path(ops_world), follow_redirects=False)
        assert response.status_code == expected, (who, response.text[:300])
        assert_no_inline_code(response)
        if expected >= 400:
            assert not any(name in response.text for name in OPS_SECRETS), who
