"""Errors on pages are HTML in the page's language, never raw JSON: unknown addresses, values
that are not numbers, a centre that does not exist, a role that does not allow the page; the
API keeps answering JSON."""

from __future__ import annotations

import pytest

from tests.web.world import People, WebClient


def test_an_unknown_page_is_an_html_page_in_spanish(client: WebClient) -> None:
    page = client.get("/no-existe")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "No encontramos esta página" in page.text
    english = client.get("/no-existe?lang=en")
    assert "We could not find this page" in english.text


def test_the_api_still_answers_json_for_an_unknown_route(client: WebClient) -> None:
    response = client.get("/api/no-existe")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")


def test_a_value_that_is_not_a_number_is_said_on_an_html_page(
    client: WebClient, people: People
) -> None:
    client.login("planner@x.mx")
    page = client.get("/centros/abc")
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert "centre_id no es un número entero" in page.text
    assert '"detail"' not in page.text
    big = client.get("/centros/99999999999")
    assert big.status_code == 422 and "es demasiado grande" in big.text


def test_a_missing_centre_is_said_in_spanish_and_in_english(
    client: WebClient, people: People
) -> None:
    client.login("planner@x.mx")
    page = client.get("/centros/999")
    assert page.status_code == 404 and "No existe el centro 999." in page.text
    english = client.get("/centros/999?lang=en")
    assert "There is no centre 999." in english.text


@pytest.mark.parametrize(
    ("path", "spanish"),
    [
        ("/auditoria", "Sus roles no le permiten leer la bitácora."),
        ("/escenarios", "Sus roles no le permiten consultar escenarios."),
    ],
)
def test_a_refusal_by_role_is_said_in_plain_spanish(
    client: WebClient, people: People, path: str, spanish: str
) -> None:
    client.login("parent@x.mx")
    page = client.get(path)
    assert page.status_code == 403
    assert spanish in page.text and "your roles" not in page.text


def test_a_page_that_does_not_take_an_action_says_so(client: WebClient, people: People) -> None:
    client.login("parent@x.mx")
    page = client.delete("/servicio", follow_redirects=False)
    assert page.status_code == 405 and "no acepta esa acción" in page.text
