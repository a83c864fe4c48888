"""Bad addresses on pages (unknown pages, values that are not numbers, actions a page does not
take) shown as HTML pages in the page's language, never JSON; the API keeps its JSON problems
(``api/errors``)."""

from __future__ import annotations

import inspect
from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from redceci.web.i18n import lang_of, translator
from redceci.web.pages import render, signed_in
from redceci.web.refusals import INPUT_PROBLEMS, pick


def _is_page(request: Request) -> bool:
    path = request.url.path
    return not (path == "/api" or path.startswith(("/api/", "/docs", "/redoc", "/openapi")))


def _page(request: Request, status_code: int, message: str) -> Response:
    return render(
        request,
        "error.html",
        {"status": status_code, "message": message},
        principal=signed_in(request),
        status_code=status_code,
    )


def _validation_message(exc: RequestValidationError, lang: str) -> str:
    t = translator(lang)
    parts = []
    for err in exc.errors()[:5]:
        name = str(err["loc"][-1]) if err.get("loc") else ""
        problem = INPUT_PROBLEMS.get(str(err.get("type")), (str(err.get("msg")),) * 2)
        parts.append(f"{name} {pick(problem, lang).split(' (')[0]}".strip())
    return t("bad_address", what="; ".join(parts))


Handler = Callable[[Request, Exception], object]


def install(app: FastAPI) -> None:
    """HTML error pages for page routes: unknown addresses (404), actions a page does not
    take (405) and values that are not valid (422); the API's own handlers stay for ``/api``."""
    api_validation: Handler | None = app.exception_handlers.get(RequestValidationError)
    api_http: Handler | None = app.exception_handlers.get(StarletteHTTPException)

    async def _delegate(handler: Handler | None, request: Request, exc: Exception) -> Response:
        assert handler is not None
        response = handler(request, exc)
        result = await response if inspect.isawaitable(response) else response
        assert isinstance(result, Response)
        return result

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if not _is_page(request):
            return await _delegate(api_validation, request, exc)
        return _page(request, 422, _validation_message(exc, lang_of(request)))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if not _is_page(request) or exc.status_code not in {404, 405}:
            return await _delegate(api_http, request, exc)
        t = translator(lang_of(request))
        key = "page_not_found" if exc.status_code == 404 else "method_not_allowed"
        response = _page(request, exc.status_code, t(key))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
