"""The privacy notice is public and shown at registration; a parent sees everything held on
the family, downloads it as JSON and files an ARCO request from the page."""

from __future__ import annotations

import sqlalchemy as sa

from redceci.store.db import Database
from redceci.store.enrolment.models import ArcoRequest
from tests.web.world import Enrolment, WebClient, csrf_of


def test_the_privacy_notice_is_public_cites_the_law_and_is_marked_a_template(
    client: WebClient,
) -> None:
    page = client.get("/aviso-de-privacidad")
    assert page.status_code == 200
    for words in ("LGPDPPSO", "ARCO", "PLANTILLA", "20 días hábiles", "anonimizan"):
        assert words in page.text


def test_registration_shows_the_privacy_summary_and_links_the_notice(
    client: WebClient, enrolment: Enrolment
) -> None:
    client.login("parent2@x.mx")
    page = client.get("/familias/F-2/registro")
    assert page.status_code == 200
    assert 'href="/aviso-de-privacidad"' in page.text and "ARCO" in page.text


def test_a_parent_sees_downloads_and_files_a_request_over_the_family_data(
    client: WebClient, enrolment: Enrolment, db: Database
) -> None:
    client.login("parent2@x.mx")
    page = client.get("/familias/F-2/datos")
    assert page.status_code == 200 and "children" in page.text
    download = client.get("/api/enrolment/families/F-2/data")
    assert download.status_code == 200 and download.json()["family"]["ref"] == "F-2"
    sent = client.post(
        "/familias/F-2/derechos",
        data={"csrf_token": csrf_of(page.text), "kind": "rectification", "detail": "apellido"},
        follow_redirects=False,
    )
    assert sent.status_code == 303
    with db.reading() as session:
        kinds = list(session.scalars(sa.select(ArcoRequest.kind)))
    assert [k.value for k in kinds] == ["rectification"]
    assert client.get("/familias/F-1/datos").status_code in (403, 404)  # not their family


def test_a_country_s_notice_is_its_own_template_else_pending() -> None:
    """No country branch: Mexico's notice is its template (``privacy_mx.html``); a country
    without one (Guatemala's law is its legal office's to write) shows the pending notice."""
    from redceci.web.platform.privacy import notice_template

    assert notice_template("mx") == "platform/privacy_mx.html"
    assert notice_template("gt") == notice_template("zz") == "platform/privacy_pending.html"
