"""Per-user request limits and upload quota for the platform (the ``limits`` library): reads,
changes, sign-in attempts and uploaded bytes; counts in memory, or in Redis for several workers."""

from __future__ import annotations

import time
from typing import Any

from fastapi import Request
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from redceci.errors import RedceciError
from redceci.platform.access import Principal
from redceci.settings import RateLimits

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class RateLimitedError(RedceciError):
    """Too many requests (HTTP 429); ``retry_after`` says in how many seconds to try again."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Limiter:
    """The limits of ``RateLimits`` over one storage (fixed windows: one counter per key)."""

    def __init__(self, limits: RateLimits) -> None:
        self._strategy = FixedWindowRateLimiter(storage_from_string(limits.storage))
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
        e-mails) and its e-mail, case-insensitive (many addresses against one account)."""
        self._hit(self._login_addresses, "login-addresses", address, 1)
        self._hit(self._logins, "logins", email.strip().lower(), 1)

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
    return request.client.host if request.client else "unknown"
