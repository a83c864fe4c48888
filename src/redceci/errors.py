"""One exception tree for redceci; every error a user can cause is one of these.

::

    RedceciError
    ├── DataError              a data file is missing or malformed (names file, row, column)
    ├── InputError             a user-supplied value or option is invalid (HTTP 422)
    │   ├── ImportRowsError    a bulk import had bad rows (each named by row and column)
    │   └── EventRejectedError an event of a centre's day cannot be recorded (its reason)
    ├── InfeasibleError        a planning problem has no feasible solution as stated
    ├── AuthenticationError    no valid session, token or password (HTTP 401)
    ├── PermissionDeniedError  the role may not do this at all (HTTP 403)
    ├── NotFoundError          no such thing *in the caller's scope* (HTTP 404)
    ├── ConflictError          a unique key or an illegal state transition (HTTP 409)
    └── CapacityError          a queue is full: try again later (HTTP 429)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class RedceciError(Exception):
    """Base of every error redceci raises on purpose."""


class DataError(RedceciError):
    """A data file is missing or malformed.

    The message names the file and, where known, the row (the line number in the file:
    the header is row 1, the first record row 2) and the column.
    """

    def __init__(
        self,
        path: Path | str,
        reason: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.reason = reason
        self.row = row
        self.column = column
        where = str(self.path)
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {reason}")


class InputError(RedceciError):
    """A value given by the user (option, parameter, uploaded site) is invalid."""


class EventRejectedError(InputError):
    """An event of a centre's day was refused (check-out without check-in, a child of another
    centre, an unknown pick-up code, a time in the future...): nothing was recorded, except a
    refused pick-up, which is logged (``logged``)."""

    def __init__(self, reason: str, *, logged: bool = False) -> None:
        self.reason = reason
        self.logged = logged
        super().__init__(reason)


class InfeasibleError(RedceciError):
    """A planning problem cannot be satisfied (e.g. must-keep sites exceed the budget)."""


class AuthenticationError(RedceciError):
    """No valid credentials: wrong password, unknown or expired session or token."""


class PermissionDeniedError(RedceciError):
    """The caller's roles do not grant this action anywhere."""


class NotFoundError(RedceciError):
    """The object does not exist, or exists outside the caller's scope (never say which)."""


class ConflictError(RedceciError):
    """The change clashes with the stored state: a duplicate key or a forbidden transition."""


class CapacityError(RedceciError):
    """A queue or quota of the platform is full; the caller may try again later."""


@dataclass(frozen=True)
class RowError:
    """One problem in one row of an uploaded file (row 1 is the header)."""

    row: int
    column: str | None
    message: str


class ImportRowsError(InputError):
    """An uploaded file (named ``file``, when known) has bad rows; nothing of it was stored."""

    def __init__(self, errors: list[RowError], file: str | None = None) -> None:
        self.errors = errors
        self.file = file
        first = errors[0]
        where = f"row {first.row}" + (f", column {first.column!r}" if first.column else "")
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        named = f"{file}: " if file else ""
        super().__init__(f"{named}{where}: {first.message}{more}")
