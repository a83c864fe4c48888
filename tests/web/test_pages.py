"""The pages through the HTTP client: sign-in, roles in the menu, CSRF on forms, the language
switch, scenarios with their map, proposals with their analysis and review, the dashboard."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI

from redceci.api.planning.jobs import InProcessRunner
from redceci.platform.access import Grant
from redceci.platform.vocabulary import CentreStatus, Role
from redceci.store.db import Database
from redceci.store.planning import scenarios
from redceci.store.platform import centres
from redceci.store.testing import add_user
from tests.web.world import People, WebClient, post_login


def wait_for_jobs(app: FastAPI) -> None:
    runner = app.state.runner
    assert isinstance(runner, InProcessRunner)
    runner.wait(timeout=60)


def test_a_visitor_is_sent_to_sign_in_and_back_to_the_page_asked_for(
    client: WebClient, people: People
) -> None:
    response = client.get("/tablero", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/entrar?next=/tablero"
    page = post_login(
        client,
        {"email": "planner@x.mx", "password": "correct horse battery", "next": "/tablero"},
    )
    assert page.url.path == "/tablero"
    assert "Tablero nacional" in page.text


def test_a_wrong_password_is_refused_with_a_message_and_no_session(
    client: WebClient, people: People
) -> None:
    response = post_login(client, {"email": "planner@x.mx", "password": "nope"})
    assert response.status_code == 401
    assert "Correo o contraseña incorrectos" in response.text
    assert "redceci_session" not in client.cookies


def test_the_sign_in_form_refuses_a_post_without_its_own_token(
    client: WebClient, people: People
) -> None:
    response = client.post(
        "/entrar", data={"email": "planner@x.mx", "password": "correct horse battery"}
    )
    assert response.status_code == 403
    assert "redceci_session" not in client.cookies
    forged = {"email": "planner@x.mx", "password": "correct horse battery", "login_token": "x"}
    client.cookies.set("redceci_login", "y", path="/entrar")
    assert client.post("/entrar", data=forged).status_code == 403


def test_sign_in_does_not_follow_a_link_to_another_site(client: WebClient, people: People) -> None:
    response = post_login(
        client,
        {"email": "planner@x.mx", "password": "correct horse battery", "next": "//evil.mx"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


@pytest.mark.parametrize(
    ("email", "shown", "hidden"),
    [
        ("planner@x.mx", ["/escenarios", "/propuestas", "/tablero"], []),
        ("a@x.mx", ["/propuestas", "/tablero"], ["/escenarios"]),
        ("parent@x.mx", [], ["/escenarios", "/propuestas", "/tablero"]),
    ],
)
def test_the_menu_shows_only_what_the_role_opens(
    client: WebClient, people: People, email: str, shown: list[str], hidden: list[str]
) -> None:
    client.login(email)
    menu = client.get("/").text.split("<main>")[0]
    for href in shown:
        assert f'href="{href}"' in menu
    for href in hidden:
        assert f'href="{href}"' not in menu


def test_a_parent_opening_the_scenarios_page_gets_a_403_page(
    client: WebClient, people: People
) -> None:
    client.login("parent@x.mx")
    response = client.get("/escenarios")
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")


def test_english_is_one_click_away_and_remembered(client: WebClient, people: People) -> None:
    assert "Contraseña" in client.get("/entrar").text
    response = client.get("/idioma?lang=en&next=/entrar")
    assert response.url.path == "/entrar"
    assert "Password" in response.text and "Contraseña" not in response.text
    assert "Password" in client.get("/entrar").text


def test_sign_out_ends_the_session(client: WebClient, people: People) -> None:
    csrf = client.login("planner@x.mx")
    assert client.post("/salir", data={"csrf_token": csrf}).url.path == "/entrar"
    assert client.get("/escenarios", follow_redirects=False).status_code == 303


def test_a_form_without_the_csrf_token_changes_nothing(
    client: WebClient, people: People, db: Database
) -> None:
    client.login("planner@x.mx")
    response = client.post(
        "/escenarios", data={"name": "x", "centres": "5", "csrf_token": "forged"}
    )
    assert response.status_code == 403
    assert scenarios.pending(db) == ([], [])


def test_static_files_are_served_locally(client: WebClient) -> None:
    css = client.get("/static/app.css")
    js = client.get("/static/app.js")
    assert css.status_code == js.status_code == 200
    assert "http" not in css.text and "http" not in js.text


def test_a_bad_scenario_form_is_shown_again_with_the_reason(
    client: WebClient, people: People, db: Database
) -> None:
    csrf = client.login("planner@x.mx")
    response = client.post("/escenarios", data={"csrf_token": csrf, "name": "Cero", "centres": "0"})
    assert response.status_code == 422
    assert "centres" in response.text and 'value="Cero"' in response.text
    assert scenarios.pending(db) == ([], [])


def test_a_state_coordinator_cannot_plan_another_state(client: WebClient, people: People) -> None:
    csrf = client.login("coord@x.mx")
    response = client.post("/escenarios", data={"csrf_token": csrf, "name": "Ags", "states": "01"})
    assert response.status_code == 403
    assert "own state" in response.text


def test_a_scenario_runs_in_the_background_and_its_result_has_a_layered_map(
    client: WebClient, app: FastAPI, people: People
) -> None:
    csrf = client.login("planner@x.mx")
    response = client.post(
        "/escenarios",
        data={"csrf_token": csrf, "name": "Ags", "centres": "5", "states": "01"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page_url = response.headers["location"]
    wait_for_jobs(app)
    page = client.get(page_url).text
    scenario_id = page_url.rsplit("/", 1)[1]
    # The page carries no marks: the map reads them from the scenario's map data.
    assert f'data-layers="/escenarios/{scenario_id}/mapa.json"' in page
    assert 'class="site"' not in page and "<circle" not in page
    for layer in ("demand", "deserts", "supply", "sites", "polos", "parks"):
        assert f'data-toggle="{layer}"' in page
    data = client.get(f"/escenarios/{scenario_id}/mapa.json").json()
    layers = {layer["id"]: layer for layer in data["layers"]}
    assert set(layers) == {"demand", "deserts", "supply", "sites", "polos", "parks"}
    assert len(layers["sites"]["points"]) == layers["sites"]["total"] == 2
    assert any("Parque Industrial San Francisco" in p[3] for p in layers["sites"]["points"])
    assert "Parque Industrial San Francisco" in page  # in the sites table too
    assert layers["parks"]["total"] == len(layers["parks"]["points"]) > 0
    assert len(layers["demand"]["points"]) > 50  # localities of Aguascalientes with unmet demand
    (lat_min, lon_min), (lat_max, lon_max) = data["bounds"]  # Aguascalientes, not the country
    assert 21.5 < lat_min < lat_max < 22.5 and -103 < lon_min < lon_max < -101.8
    for lat, lon, *_ in layers["sites"]["points"]:
        assert lat_min <= lat <= lat_max and lon_min <= lon <= lon_max
    # Aguascalientes has 11 municipalities: the map's municipal layer of the state.
    assert len(client.get("/mapa/municipios/01.geojson").json()["features"]) == 11
    assert f"/api/scenarios/{scenario_id}/files/plan.geojson" in page
    download = client.get(f"/api/scenarios/{scenario_id}/files/plan.csv")
    assert download.status_code == 200 and "Parque Industrial San Francisco" in download.text


def test_a_running_scenario_shows_progress_that_polls_the_api(
    client: WebClient, people: People, db: Database
) -> None:
    client.login("planner@x.mx")
    someone = add_user(db, "p2@x.mx", Grant(Role.NATIONAL_PLANNER))
    queued = scenarios.create_scenario(
        db, someone, name="En cola", parameters=scenarios.ScenarioParameters(states=["01"])
    )
    page = client.get(f"/escenarios/{queued.id}").text
    assert f'data-poll="/api/scenarios/{queued.id}"' in page
    assert "<progress" in page


def submit_proposal(client: WebClient, csrf: str, org: int, **changes: str) -> str:
    data = {
        "csrf_token": csrf,
        "organisation_id": str(org),
        "site_name": "Planta Apodaca",
        "state_code": "19",
        "lat": "25.7818",
        "lon": "-100.1883",
        "plot_m2": "1500",
        "employees": "3000",
        "shifts": ["matutino", "vespertino"],
        **changes,
    }
    response = client.post("/propuestas", data=data, follow_redirects=False)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def test_a_partner_proposes_a_site_and_reads_its_needs_analysis(
    client: WebClient, app: FastAPI, people: People
) -> None:
    csrf = client.login("a@x.mx")
    url = submit_proposal(client, csrf, people.org_a)
    wait_for_jobs(app)
    page = client.get(url).text
    assert "Análisis automático de necesidades" in page
    assert re.search(r"Tamaño recomendado \(lugares\)</th><td class=\"num\">250", page)
    assert "1,234" in page
    assert 'id="review-form"' not in page


def test_impossible_coordinates_are_refused_and_nothing_is_stored(
    client: WebClient, people: People
) -> None:
    csrf = client.login("a@x.mx")
    response = client.post(
        "/propuestas",
        data={
            "csrf_token": csrf,
            "organisation_id": str(people.org_a),
            "site_name": "Luna",
            "state_code": "19",
            "lat": "123",
            "lon": "-100",
            "plot_m2": "10",
            "employees": "1",
            "shifts": "matutino",
        },
    )
    assert response.status_code == 422
    assert "lat" in response.text
    assert "No proposals yet" in client.get("/propuestas?lang=en").text


def test_another_partner_cannot_see_the_proposal(client: WebClient, people: People) -> None:
    url = submit_proposal(client, client.login("a@x.mx"), people.org_a)
    client.login("b@x.mx")
    assert client.get(url).status_code == 404


def test_a_reviewer_approves_and_the_dashboard_counts_the_new_centre(
    client: WebClient, app: FastAPI, people: People, db: Database
) -> None:
    url = submit_proposal(client, client.login("a@x.mx"), people.org_a)
    wait_for_jobs(app)
    csrf = client.login("planner@x.mx")
    before = client.get("/tablero").text
    assert 'data-testid="total-centres">0<' in before
    page = client.get(url).text
    assert 'id="review-form"' in page
    response = client.post(
        f"{url}/revision",
        data={"csrf_token": csrf, "comment": "Cumple", "to_status": "approved"},
    )
    assert response.status_code == 200
    assert "Aprobada" in response.text and "PROP-" in response.text
    reader = add_user(db, "reader@x.mx", Grant(Role.NATIONAL_PLANNER))
    registered, _ = centres.list_centres(db, reader, status=CentreStatus.APPROVED)
    assert [c.scheme for c in registered] == ["CECI Empresa"]
    after = client.get("/tablero").text
    assert 'data-testid="total-centres">1<' in after
    assert "CECI Empresa" in after.split('data-testid="by-scheme"')[1].split("</table>")[0]


def test_the_dashboard_shows_places_per_100_children_for_every_state(
    client: WebClient, people: People
) -> None:
    client.login("planner@x.mx")
    page = client.get("/tablero").text
    chart = page.split('data-testid="coverage-bars"')[1].split("</ol>")[0]
    assert chart.count('class="label"') == 32
    assert "Ciudad de México" in chart
    deserts = page.split('data-testid="desert-children">')[1].split("<")[0]
    assert int(deserts.replace(",", "")) > 100_000
    assert page.count('class="label">20') == 12  # twelve months over time
    states_map = page.split('<g class="states">')[1].split("</g>")[0]
    assert states_map.count("<path") == 32


def test_state_limits_and_kept_sites_reach_the_scenario(
    client: WebClient, app: FastAPI, people: People, db: Database
) -> None:
    csrf = client.login("planner@x.mx")
    response = client.post(
        "/escenarios",
        data={
            "csrf_token": csrf,
            "name": "Con límites",
            "centres": "20",
            "state_min": "01=2, 19=3",
            "state_max": "09=5",
            "must_keep": "L190390001=250",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    wait_for_jobs(app)
    reader = add_user(db, "reader@x.mx", Grant(Role.NATIONAL_PLANNER))
    (scenario,), _ = scenarios.list_scenarios(db, reader)
    assert scenario.parameters["state_min"] == {"01": 2, "19": 3}
    assert scenario.parameters["state_max"] == {"09": 5}
    assert scenario.parameters["must_keep"] == {"L190390001": 250}


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [("state_min", "01:2", "KEY=NUMBER"), ("state_max", "99=1", "unknown state")],
)
def test_malformed_state_limits_are_explained_and_nothing_is_queued(
    client: WebClient, people: People, db: Database, field: str, value: str, reason: str
) -> None:
    csrf = client.login("planner@x.mx")
    response = client.post("/escenarios", data={"csrf_token": csrf, "name": "x", field: value})
    assert response.status_code == 422
    assert reason in response.text
    assert scenarios.pending(db) == ([], [])


def test_two_scenarios_are_compared_side_by_side(
    client: WebClient, app: FastAPI, people: People
) -> None:
    csrf = client.login("planner@x.mx")
    ids = []
    for name, most in (("Cinco", "5"), ("Diez", "10")):
        response = client.post(
            "/escenarios",
            data={"csrf_token": csrf, "name": name, "centres": most, "states": "01"},
            follow_redirects=False,
        )
        ids.append(response.headers["location"].rsplit("/", 1)[1])
    wait_for_jobs(app)
    listing = client.get("/escenarios").text
    assert 'action="/escenarios/comparar"' in listing
    page = client.get(f"/escenarios/comparar?a={ids[0]}&b={ids[1]}").text
    assert page.count('data-testid="compared"') == 2
    for scenario_id in ids:  # each with its own map, reading its own data
        assert page.count(f'data-layers="/escenarios/{scenario_id}/mapa.json"') == 1
    assert "Cinco" in page and "Diez" in page


def test_a_partner_answers_a_request_for_changes_and_the_site_is_analysed_again(
    client: WebClient, app: FastAPI, people: People
) -> None:
    url = submit_proposal(client, client.login("a@x.mx"), people.org_a)
    wait_for_jobs(app)
    csrf = client.login("planner@x.mx")
    client.post(
        f"{url}/revision",
        data={"csrf_token": csrf, "comment": "Falta el plano", "to_status": "changes_requested"},
    )
    assert 'id="proposal-form"' not in client.get(url).text  # reviewers do not revise
    csrf = client.login("b@x.mx")
    assert client.post(f"{url}/cambios", data={"csrf_token": csrf}).status_code == 404
    csrf = client.login("a@x.mx")
    page = client.get(url).text
    assert "Falta el plano" in page and 'action="' + url + '/cambios"' in page
    assert 'value="Planta Apodaca"' in page  # the form starts from the current details
    form = {
        "csrf_token": csrf,
        "organisation_id": str(people.org_a),
        "site_name": "Planta Apodaca, nave 2",
        "state_code": "19",
        "lat": "25.79",
        "lon": "-100.2",
        "plot_m2": "2000",
        "employees": "3100",
        "shifts": "matutino",
    }
    bad = client.post(f"{url}/cambios", data={**form, "plot_m2": "-1"})
    assert bad.status_code == 422 and "plot_m2" in bad.text
    response = client.post(f"{url}/cambios", data=form)
    assert response.status_code == 200
    wait_for_jobs(app)
    page = client.get(url).text
    assert "Planta Apodaca, nave 2" in page and "Enviada" in page
    news = client.get("/").text.split('data-testid="news"')[1].split("</ul>")[0]
    assert "Planta Apodaca, nave 2" in news and "Falta el plano" in news
    assert "1,234" in page  # analysed again
    timeline = page.split('data-testid="timeline"')[1].split("</ol>")[0]
    assert timeline.count("<li>") == 2 and "Cambios solicitados" in timeline


def test_reviewers_see_how_a_proposal_fits_the_newest_plan_and_partners_do_not(
    client: WebClient, app: FastAPI, people: People
) -> None:
    csrf = client.login("planner@x.mx")
    client.post("/escenarios", data={"csrf_token": csrf, "name": "Ags", "states": "01"})
    url = submit_proposal(
        client, client.login("a@x.mx"), people.org_a, state_code="01", lat="21.90", lon="-102.29"
    )
    wait_for_jobs(app)
    assert 'data-testid="plan-fit"' not in client.get(url).text
    client.login("planner@x.mx")
    fit = client.get(url).text.split('data-testid="plan-fit">')[1].split("</p>")[0]
    assert "Aguascalientes" in fit and "2.2 km" in fit and "dentro" in fit


def test_what_a_partner_types_is_shown_as_text_never_as_markup(
    client: WebClient, app: FastAPI, people: People
) -> None:
    csrf = client.login("a@x.mx")
    url = submit_proposal(client, csrf, people.org_a, site_name='<script>alert("x")</script>')
    wait_for_jobs(app)
    page = client.get(url).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_a_parent_lands_on_a_home_page_that_opens_their_family(
    client: WebClient, people: People
) -> None:
    client.login("parent@x.mx")
    home = client.get("/").text.split("<main>")[1]
    assert 'href="/familia"' in home and "Mi familia" in home
    assert "no dan acceso" not in home


def test_pages_travel_compressed_to_browsers_that_accept_it(client: WebClient) -> None:
    page = client.get("/entrar", headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip" and "Contraseña" in page.text
    plain = client.get("/entrar", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
