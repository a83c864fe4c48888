"""Per-user request limits and upload quota for the platform (the ``limits`` library): reads,
changes, sign-in attempts and uploaded bytes; counts in memory, or in Redis for several workers."""

from __future__ import annotations

import ipaddress
import math
import time
from typing import Any, cast

from fastapi import Request
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from redceci.errors import RedceciError
from redceci.platform.access import Principal
from redceci.settings import RateLimits

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Wrong passwords are remembered this long (seconds) for the growing delays.
FAILURE_MEMORY = 3600
#: The longest wait one account imposes on every address (seconds): a real owner signing in
#: during a spread-out attack waits at most this long per try.
ACCOUNT_MAX_DELAY = 60


#: How often (seconds, at most) the in-memory counters nobody reads again are swept.
#: ASSUMPTION: a second keeps memory bounded; counters expire on read anyway.
SWEEP_S = 1.0


class LazyMemoryStorage(MemoryStorage):
    """``limits``' memory storage without its expiry thread: the stock storage starts a 10 ms
    timer thread on a count whenever the last one has finished (under steady traffic, one thread
    every other request: ~0.2 ms of CPU per request measured at 80 requests/s). Its fixed-window
    counters expire when read (``MemoryStorage.get``), so the sweep of keys nobody reads again
    runs inline instead, at most every ``SWEEP_S``."""

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self._swept = time.monotonic()

    def _MemoryStorage__schedule_expiry(self) -> None:  # noqa: N802 (the parent's private name)
        now = time.monotonic()
        if now - self._swept >= SWEEP_S:
            self._swept = now
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]


def _storage(uri: str) -> Storage:
    """The counters' storage: in memory without a thread per count, else ``limits``'."""
    if uri.startswith("memory://"):
        return LazyMemoryStorage(uri)
    return cast(Storage, storage_from_string(uri))


class RateLimitedError(RedceciError):
    """Too many requests (HTTP 429); ``retry_after`` says in how many seconds to try again."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Limiter:
    """The limits of ``RateLimits`` over one storage (fixed windows: one counter per key)."""

    def __init__(self, limits: RateLimits) -> None:
        self._storage = _storage(limits.storage)
        self._strategy = FixedWindowRateLimiter(self._storage)
        self._limits = limits
        self._reads = parse(limits.reads)
        self._writes = parse(limits.writes)
        self._logins = parse(limits.logins)
        self._login_addresses = parse(limits.login_addresses)
        self._uploads = parse(limits.upload_bytes)

    def request(self, principal: Principal, method: str) -> None:
        """Count one request of a signed-in user (reads and changes counted apart)."""
        if method in SAFE_METHODS:
            self._hit(self._reads, "reads", f"user:{principal.user_id}", 1)
        else:
            self._hit(self._writes, "writes", f"user:{principal.user_id}", 1)

    def login(self, address: str, email: str) -> None:
        """Count one sign-in attempt against its client address (one password tried on many
        e-mails) and its e-mail from that address, and refuse it while the wait earned by
        earlier wrong passwords runs (``login_failed``)."""
        email = email.strip().lower()
        self._hit(self._login_addresses, "login-addresses", address, 1)
        self._hit(self._logins, "logins", f"{address}|{email}", 1)
        for key in (f"login-wait:{address}|{email}", f"login-wait:{email}"):
            if self._storage.get(key) > 0:
                wait = max(1, math.ceil(self._storage.get_expiry(key) - time.time()))
                raise RateLimitedError(
                    f"demasiadas contraseñas incorrectas; intente en {wait} s / "
                    f"too many wrong passwords (logins); retry in {wait} s",
                    retry_after=wait,
                )

    def login_failed(self, address: str, email: str) -> None:
        """A wrong password: past the free failures, each further try from this address waits
        1 s, 2 s, 4 s ... (at most ``login_max_delay_seconds``), and past the account's free
        failures from all addresses each try waits up to 60 s: a growing delay, never a lock-out
        of the owner."""
        email, limits = email.strip().lower(), self._limits
        pair = self._storage.incr(f"login-fail:{address}|{email}", FAILURE_MEMORY)
        account = self._storage.incr(f"login-fail:{email}", FAILURE_MEMORY)
        if pair >= limits.login_free_failures:
            delay = 2 ** min(pair - limits.login_free_failures, 20)
            self._wait(f"login-wait:{address}|{email}", min(delay, limits.login_max_delay_seconds))
        if account >= limits.login_account_failures:
            delay = 2 ** min(account - limits.login_account_failures, 20)
            self._wait(f"login-wait:{email}", min(delay, ACCOUNT_MAX_DELAY))

    def login_succeeded(self, address: str, email: str) -> None:
        """The right password: this address starts over for this e-mail."""
        email = email.strip().lower()
        self._storage.clear(f"login-fail:{address}|{email}")
        self._storage.clear(f"login-wait:{address}|{email}")

    def _wait(self, key: str, seconds: int) -> None:
        self._storage.clear(key)
        self._storage.incr(key, seconds)

    def upload(self, principal: Principal, size: int) -> None:
        """Count ``size`` bytes received (the whole body, oversized or not) against the user's
        upload quota."""
        self._hit(self._uploads, "uploads", f"user:{principal.user_id}", max(size, 1))

    def check_upload(self, principal: Principal) -> None:
        """Refuse (429) before reading an upload when the user's quota is already spent."""
        key = f"user:{principal.user_id}"
        if not self._strategy.test(self._uploads, "uploads", key):
            self._raise(self._uploads, "uploads", key)

    def _hit(self, item: RateLimitItem, what: str, key: str, cost: int) -> None:
        if self._strategy.hit(item, what, key, cost=cost):
            return
        self._raise(item, what, key)

    def _raise(self, item: RateLimitItem, what: str, key: str) -> None:
        reset = self._strategy.get_window_stats(item, what, key).reset_time
        wait = max(1, int(reset - time.time() + 0.999))
        raise RateLimitedError(
            f"demasiadas solicitudes ({what}, límite {item}); intente en {wait} s / "
            f"too many requests ({what}, limit {item}); retry in {wait} s",
            retry_after=wait,
        )


def limiter_of(request: Request) -> Limiter:
    return limiter_of_app(request.app)


def limiter_of_app(app: Any) -> Limiter:
    limiter = app.state.limiter
    assert isinstance(limiter, Limiter)
    return limiter


def client_address(request: Request) -> str:
    """The client's address: the connection's peer, or, when the peer is one of the configured
    ``trusted_proxies``, the last address of ``X-Forwarded-For`` that is not a trusted proxy.
    A forwarded header from anyone else (loopback included) is ignored."""
    peer = request.client.host if request.client else "unknown"
    trusted = set(request.app.state.settings.trusted_proxies)
    if peer not in trusted:
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer
    return peer
