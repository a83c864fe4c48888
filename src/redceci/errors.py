"""One exception tree for redceci; every error a user can cause is one of these.

::

    RedceciError
    ├── DataError            a data file is missing or malformed (names file, row, column)
    ├── InputError           a user-supplied value or option is invalid
    └── InfeasibleError      a planning problem has no feasible solution as stated
"""

from __future__ import annotations

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


class InfeasibleError(RedceciError):
    """A planning problem cannot be satisfied (e.g. must-keep sites exceed the budget)."""
