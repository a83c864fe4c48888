"""The platform's HTTP API (FastAPI): thin routes over the ``redceci.store`` services."""

from redceci.api.app import create_app

__all__ = ["create_app"]
