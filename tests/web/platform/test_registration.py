"""Getting in as a new parent, on the pages: the public service page, registering (errors beside
their fields, in the page's language), the mailed link read from the file outbox, confirming,
signing in, and a new password by a time-limited link."""

from __future__ import annotations

import email
import re
from pathlib import Path

from fastapi import FastAPI

from redceci.api.platform.mailers import outbox_folder
from tests.web.world import WebClient, post_login

PASSWORD = "Cielo-azul-de-Tlaxcala-7"


def outbox(app: FastAPI) -> list[email.message.Message]:
    folder: Path = outbox_folder(app.state.settings)
    return [email.message_from_bytes(p.read_bytes()) for p in sorted(folder.glob("*.eml"))]


def body_of(message: email.message.Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode("utf-8")


def form_token(html: str) -> str:
    found = re.search(r'name="form_token" value="([^"]+)"', html)
    assert found, "no form token on the page"
    return found.group(1)


def post_form(client: WebClient, path: str, data: dict[str, str], **kwargs: object) -> object:
    token = form_token(client.get(path.split("?")[0]).text)
    return client.post(path, data={**data, "form_token": token}, **kwargs)  # type: ignore[arg-type]


def register(client: WebClient, **changes: str) -> object:
    data = {
        "name": "Ana Pérez",
        "email": "ana@ejemplo.mx",
        "phone": "442 123 4567",
        "password": PASSWORD,
        "password2": PASSWORD,
    } | changes
    return post_form(client, "/registrarse", data)


def link_in(app: FastAPI, index: int = -1) -> str:
    found = re.search(r"https?://\S+", body_of(outbox(app)[index]))
    assert found is not None
    return found.group(0)


def test_the_service_page_is_public_and_explains_eligibility_documents_and_lottery(
    client: WebClient,
) -> None:
    page = client.get("/servicio")
    assert page.status_code == 200
    text = page.text
    assert "43 días" in text and "4 años" in text
    assert "Acta de nacimiento" in text and "Cartilla Nacional de Vacunación" in text
    assert "sorteo" in text and "5 días" in text
    assert 'href="/registrarse"' in text
    english = client.get("/servicio?lang=en").text
    assert "birth certificate" in english and "lottery" in english


def test_the_sign_in_page_leads_to_registration_reset_and_the_service(client: WebClient) -> None:
    page = client.get("/entrar").text
    for href in ("/registrarse", "/contrasena", "/servicio"):
        assert f'href="{href}"' in page


def test_a_parent_registers_confirms_the_mailed_link_and_signs_in(
    client: WebClient, app: FastAPI
) -> None:
    done = register(client)
    assert done.status_code == 201  # type: ignore[attr-defined]
    folio = re.search(r'data-testid="folio">([^<]+)<', done.text)  # type: ignore[attr-defined]
    assert folio is not None
    assert "48 horas" in done.text and "Qué sigue" in done.text  # type: ignore[attr-defined]
    [mail] = outbox(app)
    assert mail["To"] == "ana@ejemplo.mx" and folio.group(1) in mail["Subject"]
    # before confirming, signing in says why it fails
    refused = post_login(client, {"email": "ana@ejemplo.mx", "password": PASSWORD})
    assert refused.status_code == 401 and "confirme su correo" in refused.text.lower()
    url = link_in(app)
    assert "/verificar?token=" in url
    path = url.split("://", 1)[1].split("/", 1)[1]
    confirm = client.get("/" + path)
    assert confirm.status_code == 200 and 'data-testid="verify"' in confirm.text
    token = path.split("token=", 1)[1]
    verified = post_form(client, "/verificar", {"token": token})
    assert verified.status_code == 200  # type: ignore[attr-defined]
    assert "ana@ejemplo.mx" in verified.text  # type: ignore[attr-defined]
    again = post_form(client, "/verificar", {"token": token})
    assert again.status_code == 422 and "ya se usó" in again.text  # type: ignore[attr-defined]
    signed = post_login(
        client, {"email": "ana@ejemplo.mx", "password": PASSWORD, "next": "/familia"}
    )
    assert signed.status_code == 200
    assert folio.group(1) in signed.text  # the family page, under the new folio


def test_registration_errors_sit_beside_their_fields_and_are_announced(
    client: WebClient,
) -> None:
    page = register(client, email="ana@", phone="12", password2="otra")
    assert page.status_code == 422  # type: ignore[attr-defined]
    html = page.text  # type: ignore[attr-defined]
    assert 'role="alert"' in html and "3 con errores" in html
    for name in ("email", "phone", "password2"):
        assert f'id="f-{name}-error"' in html
        tag = re.search(rf'<input id="f-{name}"[^>]*>', html)
        assert tag is not None and 'aria-invalid="true"' in tag.group(0)
        assert f"f-{name}-error" in tag.group(0)
    assert 'value="Ana Pérez"' in html  # what was typed stays
    english = post_form(
        client,
        "/registrarse?lang=en",
        {"name": "A", "email": "a@b.mx", "phone": "4421234567", "password": "x", "password2": "x"},
    )
    assert "at least 10 characters" in english.text  # type: ignore[attr-defined]
    assert "caracteres" not in english.text  # type: ignore[attr-defined]


def test_the_same_address_twice_is_said_beside_the_e_mail(client: WebClient) -> None:
    register(client)
    again = register(client)
    assert again.status_code == 422  # type: ignore[attr-defined]
    assert "Ya hay una cuenta con ese correo" in again.text  # type: ignore[attr-defined]


def test_a_public_form_without_its_token_is_refused_and_nothing_is_written(
    client: WebClient, app: FastAPI
) -> None:
    page = client.post(
        "/registrarse",
        data={"name": "A", "email": "a@b.mx", "phone": "4421234567", "password": PASSWORD},
    )
    assert page.status_code == 403 and "caducó" in page.text
    assert outbox(app) == []


def test_a_forgotten_password_is_reset_by_the_mailed_link(client: WebClient, app: FastAPI) -> None:
    register(client)
    sent = post_form(client, "/contrasena", {"email": "ana@ejemplo.mx"})
    assert 'data-testid="reset-sent"' in sent.text  # type: ignore[attr-defined]
    unknown = post_form(client, "/contrasena", {"email": "nadie@ejemplo.mx"})
    assert unknown.text.count("reset-sent") == 1  # type: ignore[attr-defined]
    assert len(outbox(app)) == 2  # the registration and one reset: none for an unknown address
    url = link_in(app)
    assert "/contrasena/nueva?token=" in url
    token = url.split("token=", 1)[1]
    new = "Volcanes-de-Puebla-2031"
    differ = post_form(
        client, "/contrasena/nueva", {"token": token, "password": new, "password2": "x"}
    )
    assert differ.status_code == 422 and "no coinciden" in differ.text  # type: ignore[attr-defined]
    saved = post_form(
        client, "/contrasena/nueva", {"token": token, "password": new, "password2": new}
    )
    assert 'data-testid="password-saved"' in saved.text  # type: ignore[attr-defined]
    signed = post_login(client, {"email": "ana@ejemplo.mx", "password": new})
    assert signed.status_code == 200  # the reset link also confirmed the address
