"""The plot registry's pages: a coordinator registers a plot from the form and reads its site
report and land check; a planner moves it on with a date; bad forms keep what was typed."""

from __future__ import annotations

from fastapi import FastAPI

from redceci.api.planning.jobs import InProcessRunner
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.store.db import Database
from redceci.store.planning import plots
from redceci.store.testing import add_user
from redceci.web.planning.plots import documents_from, plot_from
from tests.web.world import People, WebClient

FORM = {
    "name": "Predio Las Flores",
    "state_code": "19",
    "municipality": "Apodaca",
    "lat": "25.78",
    "lon": "-100.19",
    "area_m2": "4,000",
    "owner_kind": "municipality",
    "owner_name": "Municipio de Apodaca",
    "offered_on": "2026-01-10",
    "documents": "escritura | folio 12\n\nplano",
    "notes": "junto a la escuela",
}


def wait(app: FastAPI) -> None:
    runner = app.state.runner
    assert isinstance(runner, InProcessRunner)
    runner.wait(timeout=60)


def test_the_form_reads_area_documents_and_date() -> None:
    data = plot_from(FORM)
    assert data.area_m2 == 4000 and str(data.offered_on) == "2026-01-10"
    assert [(d.name, d.reference) for d in data.documents] == [
        ("escritura", "folio 12"),
        ("plano", ""),
    ]
    assert documents_from("  \n") == []


def test_a_coordinator_registers_a_plot_and_reads_its_land_check(
    client: WebClient, app: FastAPI, db: Database, people: object
) -> None:
    csrf = client.login("coord@x.mx")
    made = client.post("/predios", data=FORM | {"csrf_token": csrf}, follow_redirects=False)
    assert made.status_code == 303, made.text
    wait(app)
    page = client.get(made.headers["location"]).text
    # The fake analyser recommends 250 places: 4,000 m² are short of 5,000, 110 fit.
    land = page.split('data-testid="land-table"')[1].split("</table>")[0]
    assert "Superficie mínima para ese tamaño" in land and "5,000" in land
    assert "La superficie alcanza" in land and ">no<" in land
    assert "Mayor tamaño que cabe" in land and ">110<" in land
    assert "folio 12" in page and "Ofrecido" in page
    listed = client.get("/predios").text
    assert "Predio Las Flores" in listed and "superficie insuficiente" in listed


def test_a_planner_validates_a_plot_with_a_date(
    client: WebClient, app: FastAPI, db: Database, people: object
) -> None:
    csrf = client.login("coord@x.mx")
    made = client.post("/predios", data=FORM | {"csrf_token": csrf}, follow_redirects=False)
    path = made.headers["location"]
    csrf = client.login("planner@x.mx")
    review = {"csrf_token": csrf, "comment": "Documentos completos", "to_status": "validated"}
    moved = client.post(
        f"{path}/revision", data=review | {"effective_on": "2026-02-01"}, follow_redirects=False
    )
    assert moved.status_code == 303
    page = client.get(path).text
    assert 'data-testid="plot-status">Validado' in page and "2026-02-01" in page
    early = client.post(
        f"{path}/revision", data=review | {"to_status": "donated", "effective_on": "2026-01-15"}
    )
    assert early.status_code == 422 and "cannot be dated before" in early.text
    wait(app)


def test_a_bad_form_is_shown_again_with_what_was_typed(
    client: WebClient, db: Database, people: object
) -> None:
    csrf = client.login("coord@x.mx")
    response = client.post("/predios", data=FORM | {"csrf_token": csrf, "area_m2": "-5"})
    assert response.status_code == 422
    assert 'value="Predio Las Flores"' in response.text
    reader = add_user(db, "reader@x.mx", Grant(Role.NATIONAL_PLANNER))
    assert plots.list_plots(db, reader) == []  # nothing half-written


def test_a_coordinators_site_picker_opens_on_their_state_a_planners_on_the_country(
    client: WebClient, people: People
) -> None:
    client.login("coord@x.mx")  # Nuevo León
    page = client.get("/predios").text
    bounds = page.split('data-bounds="')[1].split('"')[0]
    lat_min, lon_min, lat_max, lon_max = map(float, bounds.split(","))
    assert 23.1 < lat_min < 23.2 and 27.7 < lat_max < 27.9  # Nuevo León's south and north
    assert -101.3 < lon_min < -101.1 and -98.6 < lon_max < -98.3
    client.login("planner@x.mx")
    assert 'data-bounds="' not in client.get("/predios").text
