"""The application factory: an app about to be served builds before its first request what
the first requests would otherwise wait for."""

from __future__ import annotations

from pathlib import Path

from redceci.app import create_app, ready
from redceci.settings import Settings


def test_a_ready_app_has_its_openapi_document_before_its_first_request(
    settings: Settings, tmp_path: Path
) -> None:
    app = create_app(settings.model_copy(update={"output": tmp_path}), migrate=False)
    assert app.openapi_schema is None  # FastAPI builds it on first use
    assert ready(app) is app
    assert app.openapi_schema is not None
    assert "/api/operations/centres/{centre_id}/events" in app.openapi_schema["paths"]
