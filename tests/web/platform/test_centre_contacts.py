"""A centre's address, phone and opening hours are kept in the registry (families read them in
their confirmations): set on the centre's page, checked, shown back."""

from __future__ import annotations

from tests.web.world import Enrolment, WebClient, csrf_of


def test_a_registry_writer_sets_a_centres_phone_and_hours(
    client: WebClient, enrolment: Enrolment
) -> None:
    client.login("admin@x.mx")
    page = client.get(f"/centros/{enrolment.north}").text
    assert 'data-testid="contact-form"' in page
    form = {
        "csrf_token": csrf_of(page),
        "address": "Av. Universidad 100",
        "phone": "449 910 0000",
        "hours": "lunes a viernes, 7:00 a 19:00",
    }
    saved = client.post(f"/centros/{enrolment.north}/contacto", data=form)
    assert saved.status_code == 200
    assert "449 910 0000" in saved.text and "lunes a viernes, 7:00 a 19:00" in saved.text
    bad = client.post(f"/centros/{enrolment.north}/contacto", data=form | {"phone": "12"})
    assert bad.status_code == 422 and "no es un teléfono" in bad.text
    kept = client.get(f"/centros/{enrolment.north}").text
    assert "449 910 0000" in kept  # the refused change wrote nothing


def test_a_director_reads_but_cannot_change_the_contacts(
    client: WebClient, enrolment: Enrolment
) -> None:
    csrf = client.login("director@x.mx")
    page = client.get(f"/centros/{enrolment.north}")
    if page.status_code == 200:
        assert 'data-testid="contact-form"' not in page.text
    refused = client.post(
        f"/centros/{enrolment.north}/contacto", data={"csrf_token": csrf, "phone": "4491234567"}
    )
    assert refused.status_code in {403, 404}
