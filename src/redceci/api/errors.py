"""The one table mapping redceci's errors to HTTP statuses, and its exception handlers."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError as DatabaseValueError
from sqlalchemy.exc import OperationalError

from redceci.api.ratelimit import RateLimitedError
from redceci.errors import (
    AuthenticationError,
    CapacityError,
    ConflictError,
    DataError,
    ImportRowsError,
    InfeasibleError,
    InputError,
    NotFoundError,
    PermissionDeniedError,
    RedceciError,
)
from redceci.platform.validation import excerpt
from redceci.store.db import is_busy


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
    (CapacityError, 429),
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
        body["file"] = exc.file
        body["errors"] = [
            {"row": e.row, "column": e.column, "message": e.message} for e in exc.errors
        ]
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(exc, RateLimitedError):
        headers = {"Retry-After": str(exc.retry_after)}
    elif isinstance(exc, CapacityError):
        headers = {"Retry-After": "60"}
    return JSONResponse(body, status_code=status, headers=headers)


async def _handle_database_value(_request: Request, exc: Exception) -> JSONResponse:
    # e.g. an id beyond PostgreSQL's INTEGER range in a path: the input is wrong, not the server
    return JSONResponse({"detail": "a value is out of range for the database"}, status_code=422)


#: Seconds a client is told to wait when the database stayed busy past its timeout.
BUSY_RETRY_AFTER = 2


async def _handle_operational(_request: Request, exc: Exception) -> JSONResponse:
    # SQLite's write lock held past the busy timeout, or a PostgreSQL lock or serialisation
    # timeout: nothing was written; the client may try again (never a 500).
    assert isinstance(exc, OperationalError)
    if not is_busy(exc):
        raise exc
    return JSONResponse(
        {
            "detail": "la base de datos está ocupada; intente de nuevo en unos segundos / "
            "the database is busy; retry in a few seconds"
        },
        status_code=503,
        headers={"Retry-After": str(BUSY_RETRY_AFTER)},
    )


async def _handle_overflow(_request: Request, exc: Exception) -> JSONResponse:
    # SQLite cannot bind an integer beyond 64 bits: the input is wrong, not the server
    return JSONResponse(
        {"detail": "un número está fuera de rango / a number is out of range"}, status_code=422
    )


async def _handle_validation(_request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422, with each offending input cut to a short excerpt (a 300 MB field is
    never sent back) and a Spanish heading."""
    assert isinstance(exc, RequestValidationError)
    errors = []
    for err in exc.errors()[:50]:
        item = {k: v for k, v in err.items() if k in {"type", "loc", "msg"}}
        if "input" in err:
            item["input"] = excerpt(err["input"])
        errors.append(item)
    return JSONResponse(
        {"detail": errors, "message": "datos inválidos; nada se guardó / invalid input"},
        status_code=422,
    )


def install(app: FastAPI) -> None:
    """Register the handler for every redceci error, invalid requests (inputs cut short),
    out-of-range values and a database busy past its timeout (503, Retry-After)."""
    app.add_exception_handler(RedceciError, _handle)
    app.add_exception_handler(DatabaseValueError, _handle_database_value)
    app.add_exception_handler(OverflowError, _handle_overflow)
    app.add_exception_handler(OperationalError, _handle_operational)
    app.add_exception_handler(RequestValidationError, _handle_validation)


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
