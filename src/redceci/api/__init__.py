"""The platform's HTTP API (FastAPI): thin routes over the ``redceci.store`` services.

One sub-package per capability (``platform``, ``planning``, ``enrolment``) holds its routes,
schemas and background pieces; this level holds what they share: dependencies (``deps``), the
error table (``errors``), request limits (``ratelimit``), the router list (``routers``) and the
queue worker (``worker``). ``redceci.app`` mounts the API beside the pages.
"""
