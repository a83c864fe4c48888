"""The API's self-registration: an account with a folio, confirmed by the mailed token, and a
password reset that never tells whether an address has an account."""

from __future__ import annotations

import email
import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from redceci.api.platform.mailers import outbox_folder

PASSWORD = "Cielo-azul-de-Tlaxcala-7"


def last_token(app: FastAPI) -> str:
    files = sorted(outbox_folder(app.state.settings).glob("*.eml"))
    mail = email.message_from_bytes(files[-1].read_bytes())
    payload = mail.get_payload(decode=True)
    assert isinstance(payload, bytes)
    found = re.search(r"token=(\S+)", payload.decode())
    assert found is not None
    return found.group(1)


def test_register_verify_and_sign_in_through_the_api(app: FastAPI, client: TestClient) -> None:
    body = {"email": "ana@ejemplo.mx", "name": "Ana", "phone": "4421234567", "password": PASSWORD}
    made = client.post("/api/auth/register", json=body)
    assert made.status_code == 201, made.text
    assert made.json()["folio"].startswith("CECI-")
    login = {"email": "ana@ejemplo.mx", "password": PASSWORD}
    assert client.post("/api/auth/login", json=login).status_code == 401
    assert client.post("/api/auth/register", json=body).status_code == 409
    verified = client.post("/api/auth/verify", json={"token": last_token(app)})
    assert verified.status_code == 200 and verified.json()["verified"] is True
    assert client.post("/api/auth/login", json=login).status_code == 200


def test_a_reset_answers_alike_for_unknown_addresses_and_a_bad_token_is_a_422(
    app: FastAPI, client: TestClient
) -> None:
    unknown = client.post("/api/auth/password-reset", json={"email": "nadie@ejemplo.mx"})
    assert unknown.status_code == 202
    bad = client.post(
        "/api/auth/password-reset/confirm", json={"token": "nope", "password": PASSWORD}
    )
    assert bad.status_code == 422 and "enlace" in bad.text
