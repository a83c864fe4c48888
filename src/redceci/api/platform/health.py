"""Liveness and database check."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi.responses import JSONResponse

import redceci
from redceci.api.deps import DatabaseDep
from redceci.api.platform.schemas import Health
from redceci.api.routing import CapabilityRouter
from redceci.store.migrate import current_revision

router = CapabilityRouter(prefix="/api", tags=["health"])


@router.get(
    "/health",
    response_model=Health,
    summary="Is the server up and its database reachable",
    responses={503: {"model": Health, "description": "The database does not answer"}},
)
def health(db: DatabaseDep) -> object:
    try:
        with db.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        revision = current_revision(db)
    except sa.exc.SQLAlchemyError:
        body = Health(status="error", database="unreachable", revision=None, version="")
        return JSONResponse(body.model_dump(), status_code=503)
    return Health(status="ok", database=db.backend, revision=revision, version=redceci.__version__)
