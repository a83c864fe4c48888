"""Registry over HTTP: CSV import all-or-nothing with row errors, size limits, clear 4xx."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi.testclient import TestClient

from redceci.store.platform.centre_import import MAX_IMPORT_BYTES
from redceci.store.platform.models import AuditEntry, Centre, CentreRoom
from tests.api.world import World

HEADER = "code,name,scheme,operator,state,lat,lon,status,status_since,maternales\n"


def counts(world: World) -> tuple[int, ...]:
    with world.db.reading() as session:
        return tuple(
            session.scalar(sa.select(sa.func.count()).select_from(m)) or 0
            for m in (Centre, CentreRoom, AuditEntry)
        )


def upload(client: TestClient, world: World, text: bytes, who: str = "planner") -> object:
    return client.post(
        "/api/centres/import",
        files={"file": ("centros.csv", text, "text/csv")},
        headers=world.headers[who],
    )


def test_a_good_csv_registers_every_centre(world: World, client: TestClient) -> None:
    text = (
        HEADER
        + "NL-10,Uno,CECI IMSS,IMSS,19,25.7,-100.3,operating,2024-02-01,60\n"
        + "JAL-10,Dos,CECI Empresa,Parque,14,20.6,-103.3,approved,2025-02-01,30\n"
    )
    response = client.post(
        "/api/centres/import",
        files={"file": ("c.csv", text.encode(), "text/csv")},
        headers=world.headers["planner"],
    )
    assert response.status_code == 201
    assert response.json() == {"created": 2, "codes": ["NL-10", "JAL-10"]}
    listed = client.get("/api/centres?state=14", headers=world.headers["planner"]).json()
    assert {c["code"]: c["capacity"] for c in listed["items"]} == {"JAL-B": 50, "JAL-10": 30}


def test_a_bad_csv_answers_422_with_every_bad_row_and_stores_nothing(
    world: World, client: TestClient
) -> None:
    before = counts(world)
    text = (
        HEADER
        + "NL-11,Bien,CECI IMSS,IMSS,19,25.7,-100.3,operating,2024-02-01,60\n"
        + "NL-12,Mal,CECI IMSS,IMSS,19,125.7,-100.3,operating,2024-02-01,60\n"
        + "NL-13,Mal,CECI IMSS,IMSS,77,25.7,-100.3,cerrado,2024-02-01,sesenta\n"
    )
    response = client.post(
        "/api/centres/import",
        files={"file": ("c.csv", text.encode(), "text/csv")},
        headers=world.headers["planner"],
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"].startswith("c.csv: row 3") and body["file"] == "c.csv"
    assert {(e["row"], e["column"]) for e in body["errors"]} == {
        (3, "lat"),
        (4, "maternales"),
        (4, "status"),
    }
    assert counts(world) == before
    # a room column that is not one of the pack's groups: the file, row 1, the column, the groups
    unknown = client.post(
        "/api/centres/import",
        files={"file": ("salas.csv", HEADER.replace("maternales", "bebes").encode(), "text/csv")},
        headers=world.headers["planner"],
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"] == (
        "salas.csv: row 1, column 'bebes': unknown column; "
        "room groups: lactantes, maternales, preescolar"
    )


def test_an_oversized_upload_is_413_and_stores_nothing(world: World, client: TestClient) -> None:
    before = counts(world)
    big = HEADER.encode() + b"x" * (MAX_IMPORT_BYTES + 10)
    response = client.post(
        "/api/centres/import",
        files={"file": ("big.csv", big, "text/csv")},
        headers=world.headers["planner"],
    )
    assert response.status_code == 413
    assert counts(world) == before


def test_impossible_coordinates_and_unknown_states_are_clear_422s(
    world: World, client: TestClient
) -> None:
    before = counts(world)
    base = {
        "code": "NL-20",
        "name": "X",
        "scheme": "CECI IMSS",
        "operator": "IMSS",
        "state_code": "19",
        "lat": 25.7,
        "lon": -100.3,
        "status_since": "2025-01-01",
    }
    for change, words in (
        ({"lat": 91}, "less than or equal to 90"),
        ({"lon": "NaN"}, "finite number"),
        ({"state_code": "33"}, "unknown state"),
        ({"status": "abierto"}, "proposed"),
        (  # the groups of the deployment's pack (Mexico's), named
            {"rooms": [{"name": "A", "age_group": "bebes", "capacity": 5}]},
            "unknown age group 'bebes'; allowed: lactantes, maternales, preescolar",
        ),
        ({"scheme": "CADI SOSEP"}, "unknown scheme 'CADI SOSEP'; allowed: CECI IMSS, CECI Empresa"),
    ):
        response = client.post("/api/centres", json=base | change, headers=world.headers["planner"])
        assert response.status_code == 422, response.text
        assert words in response.text
    assert counts(world) == before


def test_a_duplicate_code_is_409(world: World, client: TestClient) -> None:
    before = counts(world)
    body = {
        "code": "NL-A",
        "name": "Otra",
        "scheme": "CECI IMSS",
        "operator": "IMSS",
        "state_code": "19",
        "lat": 25.7,
        "lon": -100.3,
        "status_since": "2025-01-01",
    }
    response = client.post("/api/centres", json=body, headers=world.headers["planner"])
    assert response.status_code == 409
    assert counts(world) == before


def test_the_status_pipeline_over_http(world: World, client: TestClient) -> None:
    path = f"/api/centres/{world.centre_a}/transitions"
    headers = world.headers["coord_nl"]
    skip = client.post(
        path, json={"to_status": "operating", "effective_on": "2025-05-01"}, headers=headers
    )
    assert skip.status_code == 409
    ok = client.post(
        path, json={"to_status": "approved", "effective_on": "2025-05-01"}, headers=headers
    )
    assert ok.status_code == 200
    assert [t["to_status"] for t in ok.json()["transitions"]] == ["proposed", "approved"]
    gone = client.delete(f"/api/centres/{world.centre_a}", headers=headers)
    assert gone.status_code == 409


def test_each_listed_centre_reads_as_it_does_on_its_own(world: World, client: TestClient) -> None:
    planner = world.headers["planner"]
    client.post(
        f"/api/centres/{world.centre_a}/transitions",
        json={"to_status": "approved", "effective_on": "2025-05-01", "note": "visto"},
        headers=planner,
    )
    rooms = [
        {"name": "Lactantes", "age_group": "lactantes", "capacity": 40},
        {"name": "Preescolar", "age_group": "preescolar", "capacity": 70},
    ]
    client.patch(f"/api/centres/{world.centre_b}", json={"rooms": rooms}, headers=planner)
    empty = {
        "code": "NL-C",
        "name": "Sin salas",
        "scheme": "CECI Empresa",
        "operator": "Parque",
        "state_code": "19",
        "municipality": "19039",
        "address": "Av. Uno 1",
        "lat": 25.7,
        "lon": -100.3,
        "status_since": "2025-01-01",
    }
    assert client.post("/api/centres", json=empty, headers=planner).status_code == 201
    listed = client.get("/api/centres", headers=planner).json()
    assert listed["total"] == 3
    for item in listed["items"]:
        assert item == client.get(f"/api/centres/{item['id']}", headers=planner).json()
    assert [c["capacity"] for c in listed["items"]] == [50, 110, 0]
    pages = [client.get(f"/api/centres?limit=2&offset={o}", headers=planner).json() for o in (0, 2)]
    assert [p["total"] for p in pages] == [3, 3]
    assert [c["code"] for p in pages for c in p["items"]] == ["NL-A", "JAL-B", "NL-C"]
    mine = client.get("/api/centres?scheme=CECI%20IMSS", headers=world.headers["coord_nl"]).json()
    assert (mine["total"], [c["code"] for c in mine["items"]]) == (1, ["NL-A"])
