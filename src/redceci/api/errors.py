"""The one table mapping redceci's errors to HTTP statuses, and its exception handlers."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError as DatabaseValueError

from redceci.api.ratelimit import RateLimitedError
from redceci.errors import (
    AuthenticationError,
    ConflictError,
    DataError,
    ImportRowsError,
    InfeasibleError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    RedceciError,
)


class ImportRowProblem(BaseModel):
    row: int = Field(description="Line in the file; the header is row 1")
    column: str | None
    message: str


class Problem(BaseModel):
    """Every error: a readable reason, and for bulk imports the bad rows."""

    detail: str
    errors: list[ImportRowProblem] | None = None


#: Most specific first; the first class the error is an instance of decides.
STATUS: tuple[tuple[type[RedceciError], int], ...] = (
    (AuthenticationError, 401),
    (PermissionDeniedError, 403),
    (NotFoundError, 404),
    (ConflictError, 409),
    (RateLimitedError, 429),
    (ImportRowsError, 422),
    (InputError, 422),
    (InfeasibleError, 422),
    (DataError, 503),
)


class PayloadTooLargeError(InputError):
    """An upload over the size limit (HTTP 413)."""


def status_of(exc: RedceciError) -> int:
    if isinstance(exc, PayloadTooLargeError):
        return 413
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 500


async def _handle(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RedceciError)
    status = status_of(exc)
    body: dict[str, object] = {"detail": str(exc)}
    if isinstance(exc, ImportRowsError):
        body["errors"] = [
            {"row": e.row, "column": e.column, "message": e.message} for e in exc.errors
        ]
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(exc, RateLimitedError):
        headers = {"Retry-After": str(exc.retry_after)}
    return JSONResponse(body, status_code=status, headers=headers)


async def _handle_database_value(_request: Request, exc: Exception) -> JSONResponse:
    # e.g. an id beyond PostgreSQL's INTEGER range in a path: the input is wrong, not the server
    return JSONResponse({"detail": "a value is out of range for the database"}, status_code=422)


def install(app: FastAPI) -> None:
    """Register the handler for every redceci error (and out-of-range database values)."""
    app.add_exception_handler(RedceciError, _handle)
    app.add_exception_handler(DatabaseValueError, _handle_database_value)


#: OpenAPI descriptions of the errors routes share.
def problems(*codes: int) -> dict[int | str, dict[str, object]]:

    text = {
        401: "Not signed in, or the session or token is invalid",
        403: "Your roles do not allow this, or the CSRF token is missing",
        404: "Not found (or outside your scope)",
        409: "Conflicts with stored data",
        413: "Upload too large",
        429: "Too many requests or uploads for your account; see the Retry-After header",
        422: "Invalid input; nothing was changed",
    }
    return {code: {"model": Problem, "description": text[code]} for code in codes}
