"""Signing in: session cookies (HTTP-only, Secure, SameSite), CSRF on changes, bearer tokens."""

from __future__ import annotations

from fastapi.testclient import TestClient

from redceci.app import create_app
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.platform import accounts
from redceci.store.testing import TEST_PASSWORD
from tests.api.world import World


def login(client: TestClient, email: str, password: str = TEST_PASSWORD) -> str:
    response = client.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    csrf = response.json()["csrf_token"]
    assert isinstance(csrf, str)
    return csrf


def test_login_sets_a_secure_http_only_session_cookie(world: World, client: TestClient) -> None:
    response = client.post(
        "/api/auth/login", json={"email": "planner@x.mx", "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    cookies = {c.split("=", 1)[0]: c.lower() for c in response.headers.get_list("set-cookie")}
    session = cookies["redceci_session"]
    assert "httponly" in session and "secure" in session and "samesite=lax" in session
    csrf = cookies["redceci_csrf"]
    assert "secure" in csrf and "httponly" not in csrf
    body = response.json()
    assert body["user"]["email"] == "planner@x.mx"
    assert body["user"]["roles"][0]["role"] == "national_planner"
    assert "password" not in response.text.lower().replace("password_", "")


def test_a_wrong_password_is_401_and_sets_no_cookie(world: World, client: TestClient) -> None:
    for email, password in (("planner@x.mx", "not the password"), ("ghost@x.mx", TEST_PASSWORD)):
        response = client.post("/api/auth/login", json={"email": email, "password": password})
        assert response.status_code == 401
        assert response.json() == {"detail": "wrong e-mail or password"}
        assert "set-cookie" not in response.headers


def test_changes_with_the_cookie_need_the_csrf_header(world: World, client: TestClient) -> None:
    csrf = login(client, "coord_nl@x.mx")
    assert client.get("/api/centres").status_code == 200  # reads need no token
    body = {"name": "Renombrado"}
    path = f"/api/centres/{world.centre_a}"
    refused = client.patch(path, json=body)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    wrong = client.patch(path, json=body, headers={"X-CSRF-Token": "guess"})
    assert wrong.status_code == 403
    assert client.get(path).json()["name"] == "CECI NL-A"
    accepted = client.patch(path, json=body, headers={"X-CSRF-Token": csrf})
    assert accepted.status_code == 200 and accepted.json()["name"] == "Renombrado"


def test_logout_ends_the_session_at_once(world: World, client: TestClient) -> None:
    csrf = login(client, "planner@x.mx")
    cookie = client.cookies.get("redceci_session")
    assert client.post("/api/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    client.cookies.set("redceci_session", cookie or "", domain="testserver")
    assert client.get("/api/auth/me").status_code == 401


def test_a_token_from_the_password_exchange_works_as_bearer(
    world: World, client: TestClient
) -> None:
    response = client.post(
        "/api/auth/token",
        json={"email": "coord_jal@x.mx", "password": TEST_PASSWORD, "name": "script"},
    )
    assert response.status_code == 201
    token = response.json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    me = client.get("/api/auth/me", headers=headers).json()
    assert me["email"] == "coord_jal@x.mx"
    # Bearer calls need no CSRF token, and keep the caller's scope.
    changed = client.patch(f"/api/centres/{world.centre_b}", json={"name": "X"}, headers=headers)
    assert changed.status_code == 200
    assert client.get(f"/api/centres/{world.centre_a}", headers=headers).status_code == 404
    token_id = response.json()["id"]
    assert client.delete(f"/api/auth/tokens/{token_id}", headers=headers).status_code == 204
    assert client.get("/api/auth/me", headers=headers).status_code == 401


def test_a_deactivated_users_token_stops_working(world: World, client: TestClient) -> None:
    planner = world.people["planner"].user_id
    response = client.patch(
        f"/api/users/{planner}", json={"is_active": False}, headers=world.headers["admin"]
    )
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert client.get("/api/centres", headers=world.headers["planner"]).status_code == 401


def test_the_audit_log_records_who_changed_what(world: World, client: TestClient) -> None:
    client.patch(
        f"/api/centres/{world.centre_a}", json={"name": "Nuevo"}, headers=world.headers["coord_nl"]
    )
    page = client.get(
        "/api/audit",
        params={"entity": "centre", "entity_id": str(world.centre_a)},
        headers=world.headers["admin"],
    ).json()
    latest = page["items"][0]
    assert latest["actor_email"] == "coord_nl@x.mx" and latest["action"] == "update"
    assert latest["before"]["name"] == "CECI NL-A" and latest["after"]["name"] == "Nuevo"


def test_a_change_on_one_server_process_refuses_the_caller_at_once_on_another(
    world: World, client: TestClient, app_settings: Settings
) -> None:
    """Two app instances, each with its own connection pool, on one database (as two
    ``uvicorn --workers``): a token revoked, a user deactivated or a password changed through
    one is refused by the other on the very next request."""
    other_db = Database(world.db.url)
    other = create_app(app_settings, database=other_db, migrate=False)
    try:
        with TestClient(other, base_url="https://testserver") as second:
            for who in ("coord_nl", "planner", "partner_a"):  # every caller read once: warm
                assert second.get("/api/auth/me", headers=world.headers[who]).status_code == 200
            token_id = client.get("/api/auth/tokens", headers=world.headers["coord_nl"]).json()
            gone = client.delete(
                f"/api/auth/tokens/{token_id[0]['id']}", headers=world.headers["coord_nl"]
            )
            assert gone.status_code == 204
            assert second.get("/api/auth/me", headers=world.headers["coord_nl"]).status_code == 401
            planner = world.people["planner"].user_id
            off = client.patch(
                f"/api/users/{planner}", json={"is_active": False}, headers=world.headers["admin"]
            )
            assert off.status_code == 200
            assert second.get("/api/auth/me", headers=world.headers["planner"]).status_code == 401
            partner = world.people["partner_a"].user_id
            accounts.reset_account(
                world.db, partner, password="una-frase-larga-nueva-2026", grants=[]
            )
            assert second.get("/api/auth/me", headers=world.headers["partner_a"]).status_code == 401
    finally:
        other_db.dispose()
