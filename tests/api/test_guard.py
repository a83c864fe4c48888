"""The request guard (``api.bodies``): bodies capped and never read before sign-in, uploads
counted as received, strict JSON, NUL bytes, cross-site changes, errors without echoes."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from redceci.api.bodies import BodyCaps
from redceci.api.planning.jobs import InProcessRunner
from redceci.app import create_app
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.settings import RateLimits, Settings
from redceci.store.db import Database
from tests.api.world import World, fake_analyser, fake_planner

CAP = BodyCaps()


def call(
    app: FastAPI, method: str, path: str, headers: dict[str, str], chunks: list[bytes]
) -> tuple[int, bytes, int]:
    """Send one request straight to the ASGI app, recording how many body chunks it pulled."""
    pulled = {"n": 0}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if pulled["n"] < len(chunks):
            pulled["n"] += 1
            more = pulled["n"] < len(chunks)
            return {"type": "http.request", "body": chunks[pulled["n"] - 1], "more_body": more}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "https",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 443),
    }
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], body, pulled["n"]


MB = b"x" * (1024 * 1024)


def test_an_unauthenticated_upload_is_refused_before_its_body_is_read(
    world: World, app: FastAPI
) -> None:
    headers = {"content-type": "multipart/form-data; boundary=b", "host": "testserver"}
    status, _body, pulled = call(app, "POST", "/api/centres/import", headers, [MB] * 50)
    assert status == 401 and pulled == 0
    bad = {**headers, "authorization": "Bearer rc_not-a-token"}
    status, _, pulled = call(app, "POST", "/api/centres/import", bad, [MB] * 50)
    assert status == 401 and pulled == 0


def test_a_page_post_without_a_session_is_sent_to_sign_in_unread(
    world: World, app: FastAPI
) -> None:
    headers = {"content-type": "multipart/form-data; boundary=b", "host": "testserver"}
    status, _body, pulled = call(app, "POST", "/centros/importar", headers, [MB] * 50)
    assert status == 303 and pulled == 0
    stale = {**headers, "cookie": "redceci_session=not-a-session"}
    status, _body, pulled = call(app, "POST", "/centros/importar", stale, [MB] * 50)
    assert status == 303 and pulled == 0


def test_a_declared_oversized_body_is_refused_unread_and_a_streamed_one_at_the_cap(
    world: World, app: FastAPI
) -> None:
    headers = {
        **world.headers["planner"],
        "content-type": "multipart/form-data; boundary=b",
        "content-length": str(200 * 1024 * 1024),
        "host": "testserver",
    }
    status, _, pulled = call(app, "POST", "/api/centres/import", headers, [MB] * 200)
    assert status == 413 and pulled == 0
    del headers["content-length"]  # chunked: read only up to the cap
    status, _, pulled = call(app, "POST", "/api/centres/import", headers, [MB] * 200)
    assert status == 413 and pulled <= CAP.upload // len(MB) + 1


def test_a_huge_json_field_on_sign_in_is_refused_and_never_echoed(client: TestClient) -> None:
    huge = {"email": "a@b.mx", "password": "p" * (2 * CAP.json)}
    response = client.post("/api/auth/login", json=huge)
    assert response.status_code == 413
    assert len(response.content) < 500
    long = {"email": "a@b.mx", "password": "p" * 100_000}  # under the cap, over the field limit
    response = client.post("/api/auth/login", json=long)
    assert response.status_code == 422
    assert len(response.content) < 2_000 and "ppppp" * 100 not in response.text


def test_uploads_are_counted_by_the_bytes_received_oversized_or_not(
    db: Database, app_settings: Settings
) -> None:
    limits = RateLimits(upload_bytes=f"{3 * CAP.upload}/day", writes="1000/minute")
    app = create_app(
        app_settings.model_copy(update={"limits": limits}),
        database=db,
        runner=lambda d, s: InProcessRunner(d, s, planner=fake_planner, analyser=fake_analyser),
        migrate=False,
    )
    from redceci.store.testing import add_user

    planner = add_user(db, "up@x.mx", Grant(Role.NATIONAL_PLANNER))
    from redceci.store.platform import accounts

    token = accounts.issue_token(db, planner, name="t").secret
    headers = {
        "authorization": f"Bearer {token}",
        "content-type": "multipart/form-data; boundary=b",
        "host": "testserver",
    }
    statuses = []
    total_pulled = 0
    for _ in range(6):  # 200 MB each, streamed without a length
        status, _, pulled = call(app, "POST", "/api/centres/import", headers, [MB] * 200)
        statuses.append(status)
        total_pulled += pulled
    assert statuses[:3] == [413, 413, 413]
    assert set(statuses[3:]) == {429}  # the quota is spent by what was received
    assert total_pulled <= 3 * (CAP.upload // len(MB) + 1)


@pytest.mark.parametrize(
    ("path", "method", "raw"),
    [
        ("/api/auth/login", "post", b'{"email": "a@b.mx", "password": NaN}'),
        ("/api/auth/login", "post", b'{"email": "a@b.mx", "password": Infinity}'),
        ("/api/proposals", "post", b'{"lat": NaN, "lon": -100.3}'),
        ("/api/centres", "post", b'{"lat": -Infinity}'),
        ("/api/centres", "post", b'{"lat": 1e400}'),
        ("/api/centres", "post", b'{"capacity": ' + b"9" * 5000 + b"}"),
        ("/api/centres", "post", b"[" * 5000 + b"]" * 5000),
        ("/api/centres", "post", b'{"name": "a\\u0000b"}'),
        ("/api/centres", "post", b'{"name": "a'),
    ],
)
def test_json_that_no_route_should_see_is_a_422_with_a_spanish_reason(
    world: World, client: TestClient, path: str, method: str, raw: bytes
) -> None:
    headers = {**world.headers["admin"], "content-type": "application/json"}
    response = client.request(method, path, content=raw, headers=headers)
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert " / " in detail and len(response.content) < 500


@pytest.mark.parametrize(
    "target",
    [
        "/api/centres/99999999999999999999",
        "/api/centres?offset=99999999999999999999",
        "/api/proposals/9223372036854775808",
        "/api/scenarios/18446744073709551616",
        "/api/users/9223372036854775807",
        "/api/audit?offset=9223372036854775808",
        "/api/centres?state=1%00",
    ],
)
def test_integers_beyond_the_database_and_nul_bytes_are_a_422(
    world: World, client: TestClient, target: str
) -> None:
    response = client.get(target, headers=world.headers["admin"])
    assert response.status_code == 422, response.text


def test_revoking_a_token_with_an_id_beyond_64_bits_is_a_422(
    world: World, client: TestClient
) -> None:
    response = client.delete(f"/api/auth/tokens/{2**64}", headers=world.headers["admin"])
    assert response.status_code == 422


def test_a_change_sent_from_another_site_is_refused(world: World, client: TestClient) -> None:
    login = {"email": "admin@x.mx", "password": "whatever-long"}
    evil = {"origin": "https://evil.example"}
    assert client.post("/api/auth/login", json=login, headers=evil).status_code == 403
    assert client.post("/entrar", data=login, headers=evil).status_code == 403
    cross = {"sec-fetch-site": "cross-site"}
    assert client.post("/entrar", data=login, headers=cross).status_code == 403
    same = {"origin": "https://testserver"}
    assert client.post("/api/auth/login", json=login, headers=same).status_code == 401


def test_every_response_carries_the_security_headers(world: World, client: TestClient) -> None:
    for target in ("/api/health", "/api/centres", "/entrar", "/api/nowhere"):
        response = client.get(target, headers=world.headers["admin"])
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert "max-age=" in response.headers["strict-transport-security"]


def test_hsts_only_over_https(app: FastAPI) -> None:
    with TestClient(app, base_url="http://testserver") as plain:
        assert "strict-transport-security" not in plain.get("/api/health").headers


def test_a_refused_body_leaves_a_json_problem(world: World, client: TestClient) -> None:
    response = client.post(
        "/api/centres",
        content=b'{"lat": NaN}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 401  # no credentials: refused before the body is judged
    assert json.loads(response.content)["detail"]
