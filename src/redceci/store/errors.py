"""Errors of the platform's store and services, on the project's one tree (``redceci.errors``).

::

    RedceciError
    ├── InputError
    │   └── ImportRowsError              a bulk import had bad rows (each named by row and column)
    ├── AuthenticationError        no valid session, token or password
    ├── PermissionDeniedError      the role may not do this at all (HTTP 403)
    ├── NotFoundError              no such thing *in the caller's scope* (HTTP 404)
    └── ConflictError              a unique key or an illegal state transition (HTTP 409)
"""

from __future__ import annotations

from dataclasses import dataclass

from redceci.errors import InputError, RedceciError


class AuthenticationError(RedceciError):
    """No valid credentials: wrong password, unknown or expired session or token."""


class PermissionDeniedError(RedceciError):
    """The caller's roles do not grant this action anywhere."""


class NotFoundError(RedceciError):
    """The object does not exist, or exists outside the caller's scope (never say which)."""


class ConflictError(RedceciError):
    """The change clashes with the stored state: a duplicate key or a forbidden transition."""


@dataclass(frozen=True)
class RowError:
    """One problem in one row of an uploaded file (row 1 is the header)."""

    row: int
    column: str | None
    message: str


class ImportRowsError(InputError):
    """An uploaded file has bad rows; nothing of it was stored."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        first = errors[0]
        where = f"row {first.row}" + (f", column {first.column!r}" if first.column else "")
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{where}: {first.message}{more}")
