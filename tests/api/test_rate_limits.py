"""Per-user limits: past a user's reads, changes, sign-in attempts or upload bytes the platform
answers 429 with Retry-After and a reason, other users go on, and nothing is stored."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError

from redceci.api.ratelimit import LazyMemoryStorage
from redceci.app import create_app
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.settings import RateLimits, Settings
from redceci.store.db import Database
from redceci.store.platform import accounts, centres
from redceci.store.testing import TEST_PASSWORD, add_user
from tests.api.world import centre_data
from tests.web.world import post_login

REDIS_URL = os.environ.get("REDCECI_TEST_REDIS_URL", "redis://127.0.0.1:6379")


def limited_app(db: Database, settings: Settings, **limits: str) -> FastAPI:
    tight = RateLimits(**({"reads": "3/minute", "writes": "2/minute"} | limits))
    return create_app(settings.model_copy(update={"limits": tight}), database=db, migrate=False)


def bearer(db: Database, email: str, grant: Grant) -> dict[str, str]:
    token = accounts.issue_token(db, add_user(db, email, grant), name="tests")
    return {"Authorization": f"Bearer {token.secret}"}


@pytest.fixture
def client(db: Database, app_settings: Settings) -> Iterator[TestClient]:
    with TestClient(limited_app(db, app_settings), base_url="https://testserver") as c:
        yield c


def test_past_its_reads_a_user_gets_429_and_others_go_on(db: Database, client: TestClient) -> None:
    one = bearer(db, "one@x.mx", Grant(Role.NATIONAL_PLANNER))
    two = bearer(db, "two@x.mx", Grant(Role.NATIONAL_PLANNER))
    assert [client.get("/api/auth/me", headers=one).status_code for _ in range(3)] == [200] * 3
    refused = client.get("/api/centres", headers=one)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "too many requests (reads" in refused.json()["detail"]
    assert client.get("/api/auth/me", headers=two).status_code == 200


def test_changes_are_counted_apart_from_reads_and_a_refused_change_stores_nothing(
    db: Database, client: TestClient
) -> None:
    planner = bearer(db, "p@x.mx", Grant(Role.NATIONAL_PLANNER))
    body = centre_data("NL-1", "19").model_dump(mode="json")
    made = [
        client.post("/api/centres", json=body | {"code": f"NL-{i}"}, headers=planner).status_code
        for i in range(3)
    ]
    assert made == [201, 201, 429]
    admin = add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
    assert sorted(c.code for c in centres.list_centres(db, admin)[0]) == ["NL-0", "NL-1"]
    assert client.get("/api/centres", headers=planner).status_code == 200


def test_sign_in_attempts_are_limited_per_address(db: Database, app_settings: Settings) -> None:
    for who in ("p", "q", "r"):
        add_user(db, f"{who}@x.mx", Grant(Role.NATIONAL_PLANNER))
    app = limited_app(db, app_settings, logins="2/minute", login_addresses="4/minute")
    with TestClient(app, base_url="https://testserver") as client:
        wrong = {"email": "p@x.mx", "password": "not it at all"}
        assert client.post("/api/auth/login", json=wrong).status_code == 401
        assert client.post("/api/auth/token", json=wrong | {"name": "t"}).status_code == 401
        right = {"email": "P@x.mx", "password": TEST_PASSWORD}  # the same e-mail, any case
        refused = client.post("/api/auth/login", json=right)
        assert refused.status_code == 429 and "logins" in refused.json()["detail"]
        other = {"email": "q@x.mx", "password": TEST_PASSWORD}
        assert client.post("/api/auth/login", json=other).status_code == 200
        # The fifth attempt from this address is refused whatever the e-mail; the page's
        # sign-in form goes through the same limits.
        third = {"email": "r@x.mx", "password": TEST_PASSWORD}
        page = post_login(client, third, follow_redirects=False)
        assert page.status_code == 429 and "login-addresses" in page.text


def behind_proxy(db: Database, settings: Settings, **limits: Any) -> FastAPI:
    """The app behind a trusted proxy (the test client), so X-Forwarded-For names the client."""
    tight = RateLimits(**({"logins": "1000/minute", "login_addresses": "1000/minute"} | limits))
    configured = settings.model_copy(update={"limits": tight, "trusted_proxies": ["testclient"]})
    return create_app(configured, database=db, migrate=False)


def test_wrong_passwords_from_one_address_never_lock_the_owner_out(
    db: Database, app_settings: Settings
) -> None:
    add_user(db, "owner@x.mx", Grant(Role.NATIONAL_PLANNER))
    app = behind_proxy(db, app_settings, login_free_failures=3)
    wrong = {"email": "owner@x.mx", "password": "not it at all"}
    right = {"email": "owner@x.mx", "password": TEST_PASSWORD}
    attacker, owner = {"X-Forwarded-For": "203.0.113.9"}, {"X-Forwarded-For": "198.51.100.7"}
    with TestClient(app, base_url="https://testserver") as client:
        codes = [client.post("/api/auth/login", json=wrong, headers=attacker).status_code]
        codes += [client.post("/api/auth/login", json=wrong, headers=attacker).status_code]
        codes += [client.post("/api/auth/login", json=wrong, headers=attacker).status_code]
        for _ in range(7):
            codes.append(client.post("/api/auth/login", json=wrong, headers=attacker).status_code)
        assert codes[:3] == [401, 401, 401] and set(codes[3:]) == {429}
        assert client.post("/api/auth/login", json=right, headers=owner).status_code == 200


def test_each_wrong_password_past_the_free_ones_doubles_the_wait(
    db: Database, app_settings: Settings
) -> None:
    add_user(db, "d@x.mx", Grant(Role.NATIONAL_PLANNER))
    app = behind_proxy(db, app_settings, login_free_failures=2)
    wrong = {"email": "d@x.mx", "password": "not it at all"}
    with TestClient(app, base_url="https://testserver") as client:
        assert client.post("/api/auth/login", json=wrong).status_code == 401
        assert client.post("/api/auth/login", json=wrong).status_code == 401  # waits 1 s now
        first = client.post("/api/auth/login", json=wrong)
        assert first.status_code == 429 and int(first.headers["retry-after"]) == 1
        time.sleep(1.1)
        assert client.post("/api/auth/login", json=wrong).status_code == 401  # waits 2 s now
        second = client.post("/api/auth/login", json=wrong)
        assert second.status_code == 429 and int(second.headers["retry-after"]) == 2


def test_a_spread_out_attack_slows_the_account_by_at_most_a_minute(
    db: Database, app_settings: Settings
) -> None:
    add_user(db, "s@x.mx", Grant(Role.NATIONAL_PLANNER))
    app = behind_proxy(db, app_settings, login_account_failures=3)
    wrong = {"email": "s@x.mx", "password": "not it at all"}
    with TestClient(app, base_url="https://testserver") as client:
        for i in range(12):
            client.post("/api/auth/login", json=wrong, headers={"X-Forwarded-For": f"10.0.0.{i}"})
        late = client.post(
            "/api/auth/login",
            json={"email": "s@x.mx", "password": TEST_PASSWORD},
            headers={"X-Forwarded-For": "192.0.2.1"},
        )
        assert late.status_code in {200, 429}
        if late.status_code == 429:
            assert int(late.headers["retry-after"]) <= 60


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(
    db: Database, app_settings: Settings
) -> None:
    add_user(db, "x@x.mx", Grant(Role.NATIONAL_PLANNER))
    tight = RateLimits(logins="1000/minute", login_addresses="3/minute")
    app = create_app(app_settings.model_copy(update={"limits": tight}), database=db, migrate=False)
    wrong = {"email": "x@x.mx", "password": "not it at all"}
    with TestClient(app, base_url="https://testserver") as client:
        codes = [
            client.post(
                "/api/auth/login", json=wrong, headers={"X-Forwarded-For": f"10.1.1.{i}"}
            ).status_code
            for i in range(5)
        ]
    assert codes[3:] == [429, 429]  # one address (the peer's), whatever the header says


def test_uploads_count_against_a_daily_byte_quota(db: Database, app_settings: Settings) -> None:
    # Every byte received counts, multipart framing included (~190 bytes a request here).
    app = limited_app(db, app_settings, writes="100/minute", upload_bytes="800/day")
    planner = bearer(db, "p@x.mx", Grant(Role.NATIONAL_PLANNER))
    header = "code,name,scheme,operator,state,lat,lon,status,status_since\n"
    row = "IMP-{i},CECI {i},CECI IMSS,IMSS,19,25.7,-100.3,proposed,2026-01-05\n"
    csv = (header + row.format(i=1)).encode()
    assert (len(csv) + 150) * 2 < 800 < (len(csv) + 250) * 3
    with TestClient(app, base_url="https://testserver") as client:
        codes = []
        for i in range(3):
            text = (header + row.format(i=i)).encode()
            files = {"file": ("c.csv", text, "text/csv")}
            codes.append(client.post("/api/centres/import", files=files, headers=planner))
        assert [r.status_code for r in codes] == [201, 201, 429]
        assert "uploads" in codes[2].json()["detail"]
    admin = add_user(db, "admin@x.mx", Grant(Role.ADMINISTRATOR))
    assert sorted(c.code for c in centres.list_centres(db, admin)[0]) == ["IMP-0", "IMP-1"]


def test_pages_count_against_the_same_limits(db: Database, client: TestClient) -> None:
    add_user(db, "p@x.mx", Grant(Role.NATIONAL_PLANNER))
    signed = post_login(client, {"email": "p@x.mx", "password": TEST_PASSWORD})
    assert signed.status_code == 200  # signed in and sent to the home page
    pages = ["/centros", "/escenarios", "/propuestas"]
    assert [client.get(page).status_code for page in pages] == [200] * 3
    refused = client.get("/centros")
    assert refused.status_code == 429 and "<html" in refused.text


def test_several_workers_share_their_counts_in_redis(db: Database, app_settings: Settings) -> None:
    server = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        server.ping()
    except redis.RedisError as exc:
        message = f"the shared-limits test needs Redis at {REDIS_URL}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    user = add_user(db, "p@x.mx", Grant(Role.NATIONAL_PLANNER))
    token = accounts.issue_token(db, user, name="tests")
    planner = {"Authorization": f"Bearer {token.secret}"}
    stale = server.keys(f"*/user:{user.user_id}/*")  # an earlier run's counts for this id
    if stale:
        server.delete(*stale)
    storage = f"{REDIS_URL}/0"
    workers = [limited_app(db, app_settings, storage=storage) for _ in range(2)]
    with (
        TestClient(workers[0], base_url="https://testserver") as a,
        TestClient(workers[1], base_url="https://testserver") as b,
    ):
        seen = [c.get("/api/auth/me", headers=planner).status_code for c in (a, b, a, b)]
    assert seen == [200, 200, 200, 429]


def test_a_limit_that_is_not_one_stops_the_settings(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="600/minute"):
        RateLimits(reads="lots")
    with pytest.raises(ValidationError, match="600/minute"):
        RateLimits(login_addresses="10 per fortnight-ish")
    with pytest.raises(ValidationError, match="memory://"):
        RateLimits(storage=f"file://{tmp_path}")


def test_in_memory_counts_start_no_thread_and_their_windows_still_end() -> None:
    storage = LazyMemoryStorage("memory://")
    time.sleep(0.05)  # the storage's own first timer (started once) has run
    threads = threading.active_count()
    assert [storage.incr("user:1", 0.2) for _ in range(3)] == [1, 2, 3]
    assert threading.active_count() == threads  # limits' storage starts one per count
    time.sleep(0.25)
    assert storage.get("user:1") == 0  # the window ended: counted afresh
    assert storage.incr("user:1", 0.2) == 1
