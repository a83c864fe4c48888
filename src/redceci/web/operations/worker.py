"""The operations service worker, served from ``/operaciones/sw.js`` so that its scope covers
the operations pages (``/operaciones/``): it keeps the staff room page and the roll-call for
offline use (``static/operations/sw.js`` says how)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from redceci.web.pages import HERE

router = APIRouter(include_in_schema=False)

SCRIPT = HERE / "static" / "operations" / "sw.js"


@router.get("/operaciones/sw.js")
def service_worker() -> FileResponse:
    """The script, never cached by HTTP (a new version must reach the browsers at once)."""
    return FileResponse(
        SCRIPT,
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/operaciones/"},
    )
