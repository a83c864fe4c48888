"""The centres registry pages: import a CSV (all rows or none, bad rows listed), filter the
list, read one centre and move it along its pipeline."""

from __future__ import annotations

from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.store.db import Database
from redceci.store.platform import centres
from redceci.store.testing import add_user
from tests.web.world import People, WebClient

HEADER = "code,name,scheme,operator,state,lat,lon,status,status_since,lactantes,preescolar\n"
GOOD = (
    HEADER
    + "NL-1,CECI Apodaca,CECI IMSS,IMSS,19,25.78,-100.19,operating,2024-09-02,40,80\n"
    + "NL-2,CECI Escobedo,CECI Empresa,Parque Norte,19,25.80,-100.32,approved,2025-06-01,30,\n"
)
BAD = (
    HEADER
    + "NL-3,CECI Bien,CECI IMSS,IMSS,19,25.78,-100.19,operating,2024-09-02,40,80\n"
    + "NL-4,CECI Mal,CECI IMSS,IMSS,99,125.0,-100.19,operating,2024-09-02,40,80\n"
)


def registered(db: Database) -> int:
    return centres.count_centres(db)


def upload(client: WebClient, csrf: str, text: str) -> str:
    response = client.post(
        "/centros/importar",
        data={"csrf_token": csrf},
        files={"file": ("centros.csv", text.encode(), "text/csv")},
    )
    return f"{response.status_code} {response.text}"


def test_a_good_csv_registers_every_centre_and_the_list_filters_them(
    client: WebClient, people: People, db: Database
) -> None:
    csrf = client.login("planner@x.mx")
    result = upload(client, csrf, GOOD)
    assert result.startswith("200") and "Se registraron 2 centros" in result
    operating = client.get("/centros?status=operating").text
    table = operating.split('data-testid="centres"')[1].split("</table>")[0]
    assert "CECI Apodaca" in table and "CECI Escobedo" not in table
    empresa = client.get("/centros?scheme=CECI+Empresa").text.split('data-testid="centres"')[1]
    assert "CECI Escobedo" in empresa.split("</table>")[0]


def test_a_csv_with_a_bad_row_stores_nothing_and_names_row_and_column(
    client: WebClient, people: People, db: Database
) -> None:
    csrf = client.login("planner@x.mx")
    result = upload(client, csrf, BAD)
    assert result.startswith("422")
    errors = result.split('data-testid="import-errors"')[1].split("</table>")[0]
    assert "<td>3</td>" in errors and ("lat" in errors or "state" in errors)
    assert "(centros.csv)</p>" in errors  # the file it speaks of
    assert registered(db) == 0


def test_a_file_over_the_limit_is_refused(client: WebClient, people: People, db: Database) -> None:
    csrf = client.login("planner@x.mx")
    result = upload(client, csrf, HEADER + "x" * (5 * 1024 * 1024 + 10))
    assert result.startswith("413") and "MB" in result
    assert registered(db) == 0


def test_a_coordinator_moves_a_centre_of_their_state_along_the_pipeline(
    client: WebClient, people: People, db: Database
) -> None:
    upload(client, client.login("planner@x.mx"), GOOD)
    reader = add_user(db, "reader@x.mx", Grant(Role.NATIONAL_PLANNER))
    (escobedo,), _ = centres.list_centres(db, reader, status=None, state_code="19", limit=1)
    csrf = client.login("coord@x.mx")
    page = client.get(f"/centros/{escobedo.id}").text
    assert 'id="stage-form"' in page
    response = client.post(
        f"/centros/{escobedo.id}/etapa",
        data={"csrf_token": csrf, "to_status": "closed", "effective_on": "2025-07-01"},
    )
    assert response.status_code == 200
    assert 'data-testid="centre-status">Cerrado<' in response.text
    late = client.post(
        f"/centros/{escobedo.id}/etapa",
        data={"csrf_token": csrf, "to_status": "operating", "effective_on": "2025-08-01"},
    )
    assert late.status_code == 409  # closed is final
    client.login("a@x.mx")
    assert 'id="stage-form"' not in client.get(f"/centros/{escobedo.id}").text


def test_partners_cannot_import(client: WebClient, people: People, db: Database) -> None:
    result = upload(client, client.login("a@x.mx"), GOOD)
    assert result.startswith("403")
    assert 'id="import-form"' not in client.get("/centros").text
    assert registered(db) == 0


def test_the_registry_map_shows_the_listed_centres_with_the_same_filters(
    client: WebClient, people: People, db: Database
) -> None:
    upload(client, client.login("planner@x.mx"), GOOD)
    page = client.get("/centros?status=operating").text
    assert 'data-layers="/centros/mapa.json?state=&amp;status=operating&amp;scheme="' in page
    every = client.get("/centros/mapa.json").json()
    (layer,) = every["layers"]
    assert layer["total"] == len(layer["points"]) == 2
    by_name = {p[3].split(" (")[0]: p for p in layer["points"]}
    apodaca = by_name["CECI Apodaca"]
    assert (apodaca[0], apodaca[1]) == (25.78, -100.19)
    assert "Operando" in apodaca[3] or "operating" in apodaca[3].lower()
    assert apodaca[5].startswith("/centros/") and apodaca[4] != by_name["CECI Escobedo"][4]
    (lat_min, lon_min), (lat_max, lon_max) = every["bounds"]
    assert (lat_min, lat_max, lon_min, lon_max) == (25.78, 25.8, -100.32, -100.19)
    operating = client.get("/centros/mapa.json?status=operating").json()["layers"][0]
    assert [p[3].split(" (")[0] for p in operating["points"]] == ["CECI Apodaca"]
    assert client.get("/centros/mapa.json?state=01").json()["layers"][0]["points"] == []


def test_the_registry_map_shows_only_the_centres_in_the_callers_scope(
    client: WebClient, people: People, db: Database
) -> None:
    upload(client, client.login("planner@x.mx"), GOOD)
    client.login("b@x.mx")  # a partner whose organisation operates none of them
    response = client.get("/centros/mapa.json")
    assert response.status_code == 200
    assert response.json()["layers"][0]["points"] == [] or all(
        "Parque Norte" not in p[3] for p in response.json()["layers"][0]["points"]
    )
    client.login("parent@x.mx")
    assert client.get("/centros/mapa.json").status_code == 403


def test_the_kept_list_shows_a_rename_at_once_in_either_language(
    client: WebClient, people: People, db: Database
) -> None:
    csrf = client.login("planner@x.mx")
    upload(client, csrf, GOOD)

    def table(path: str) -> str:
        return client.get(path).text.split('data-testid="centres"')[1].split("</table>")[0]

    assert "CECI Apodaca" in table("/centros") and table("/centros") == table("/centros")
    planner = add_user(db, "renamer@x.mx", Grant(Role.NATIONAL_PLANNER))
    (apodaca,) = [c for c in centres.list_centres(db, planner)[0] if c.code == "NL-1"]
    centres.update_centre(db, planner, apodaca.id, centres.CentreChanges(name="CECI Renombrado"))
    assert "CECI Renombrado" in table("/centros") and "CECI Apodaca" not in table("/centros")
    assert "Operating" in table("/centros?lang=en") and "Operando" not in table("/centros?lang=en")
