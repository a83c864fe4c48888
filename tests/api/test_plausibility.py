"""Implausible data is refused with a reason, Spanish first, and nothing is stored: children born
in the future or long ago, dates in year 1 or 9999 anywhere, NUL bytes in names, repeated CSV
headers, non-ASCII digits in CSV numbers, markup in e-mails."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient

from redceci.countries.mx.identity import made_up_curp as curp
from redceci.countries.mx.identity import made_up_nss as nss
from tests.api.world import World, centre_data

HEADER = "code,name,scheme,operator,state,lat,lon,status,status_since,lactantes"


def family(birth: dt.date, *, name: str = "Hijo") -> dict[str, Any]:
    return {
        "guardians": [{"name": "Madre", "nss": nss(1)}],
        "children": [{"name": name, "curp": curp(1, birth), "birth_date": birth.isoformat()}],
    }


@pytest.mark.parametrize("birth", [dt.date(2099, 1, 5), dt.date(2001, 1, 5)])
def test_a_child_born_in_the_future_or_long_ago_is_refused(
    world: World, client: TestClient, birth: dt.date
) -> None:
    response = client.put(
        "/api/enrolment/families/FAM-1", json=family(birth), headers=world.headers["admin"]
    )
    assert response.status_code == 422, response.text
    assert (
        client.get("/api/enrolment/families/FAM-1", headers=world.headers["admin"]).status_code
        == 404
    )


def test_a_nul_byte_in_a_name_is_refused(world: World, client: TestClient) -> None:
    body = family(dt.date(2025, 3, 1), name="Hi\u0000jo")
    response = client.put(
        "/api/enrolment/families/FAM-1", json=body, headers=world.headers["admin"]
    )
    assert response.status_code == 422 and "NUL" in response.text


@pytest.mark.parametrize("since", ["0001-01-01", "9999-12-31", "2026-02-30"])
def test_a_centre_dated_in_an_implausible_year_is_refused(
    world: World, client: TestClient, since: str
) -> None:
    body = centre_data("DATE-1", "19").model_dump(mode="json") | {"status_since": since}
    response = client.post("/api/centres", json=body, headers=world.headers["admin"])
    assert response.status_code == 422, response.text
    assert "fecha" in response.text


def test_a_transition_in_year_9999_is_refused(world: World, client: TestClient) -> None:
    response = client.post(
        f"/api/centres/{world.centre_a}/transitions",
        json={"to_status": "approved", "effective_on": "9999-01-01"},
        headers=world.headers["admin"],
    )
    assert response.status_code == 422


@pytest.mark.parametrize("view", ["moves", "vacancies"])
def test_a_centre_view_on_year_9999_is_a_422(world: World, client: TestClient, view: str) -> None:
    response = client.get(
        f"/api/enrolment/centres/{world.centre_a}/{view}?on=9999-12-31&days=730",
        headers=world.headers["admin"],
    )
    assert response.status_code == 422, response.text


def test_a_csv_with_a_repeated_column_is_refused_naming_it(
    world: World, client: TestClient
) -> None:
    text = (
        "code," + HEADER + "\nX-1,X-2,CECI,CECI IMSS,IMSS,19,25.7,-100.3,proposed,2026-01-05,20\n"
    )
    files = {"file": ("c.csv", text.encode(), "text/csv")}
    response = client.post("/api/centres/import", files=files, headers=world.headers["admin"])
    assert response.status_code == 422
    problems = response.json()["errors"]
    assert {k: problems[0][k] for k in ("row", "column")} == {"row": 1, "column": "code"}
    assert "repeated" in problems[0]["message"]


@pytest.mark.parametrize("places", ["²", "٣", "+5", "5.0", "1e3"])
def test_a_csv_number_that_is_not_plain_digits_names_row_and_column(
    world: World, client: TestClient, places: str
) -> None:
    text = HEADER + f"\nX-1,CECI,CECI IMSS,IMSS,19,25.7,-100.3,proposed,2026-01-05,{places}\n"
    files = {"file": ("c.csv", text.encode(), "text/csv")}
    response = client.post("/api/centres/import", files=files, headers=world.headers["admin"])
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0] | {"message": ""} == {
        "row": 2,
        "column": "lactantes",
        "message": "",
    }


def test_a_csv_name_with_control_characters_is_refused(world: World, client: TestClient) -> None:
    text = HEADER + "\nX-1,CE\x07CI,CECI IMSS,IMSS,19,25.7,-100.3,proposed,2026-01-05,20\n"
    files = {"file": ("c.csv", text.encode(), "text/csv")}
    response = client.post("/api/centres/import", files=files, headers=world.headers["admin"])
    assert response.status_code == 422
    assert response.json()["errors"][0]["column"] == "name"


@pytest.mark.parametrize("email", ["<script>alert(1)</script>@x.mx", "a@x.mx<script>", "a b@x.mx"])
def test_an_email_with_markup_is_refused(world: World, client: TestClient, email: str) -> None:
    body = {"email": email, "name": "X", "password": "tamal de elote con canela"}
    response = client.post("/api/users", json=body, headers=world.headers["admin"])
    assert response.status_code == 422, response.text
