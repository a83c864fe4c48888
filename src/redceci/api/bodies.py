"""The request guard in front of every route, API and pages alike, present and future.

Before any route runs, a request that changes something (POST, PUT, PATCH, DELETE) is:

1. refused (403) when a browser says it comes from another site (``Origin`` or
   ``Sec-Fetch-Site``), so no form of another site can post here, the sign-in form included;
2. refused (401, or for pages a redirect to sign in) **before its body is read** when the route
   needs a signed-in user and the request carries no valid session or token (the principal
   found is kept for the route, so it costs no second look-up);
3. read up to the cap of its class (``BodyCaps``: a small one for JSON and forms, the upload
   cap for multipart), stopping at the cap (413); multipart bytes received are counted against
   the user's upload quota (429 once spent), oversized or not;
4. for JSON, parsed strictly: ``NaN``/``Infinity``, integers over 30 digits, nesting deeper than
   32 and NUL or control characters in strings are a 422 with a reason in Spanish and English.

Any request whose path or query string holds a NUL byte is a 422, and so is any date (a JSON
string, form field or query value written ``YYYY-MM-DD``) outside the platform's plausible range
(``platform.validation``: 1900 to 15 years ahead): no route ever sees year 1 or 9999. The route then gets the
same bytes, replayed. Errors never echo the input beyond a short excerpt.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from redceci.api.deps import SESSION_COOKIE
from redceci.api.ratelimit import SAFE_METHODS, RateLimitedError, limiter_of_app
from redceci.errors import AuthenticationError
from redceci.platform.access import Principal
from redceci.platform.validation import excerpt, plausible_date
from redceci.store.db import Database, is_busy
from redceci.store.platform import accounts

#: Page forms anyone may post (no session yet); every other page POST needs a session cookie.
PUBLIC_PAGE_POSTS = frozenset(
    {"/entrar", "/registrarse", "/verificar", "/contrasena", "/contrasena/nueva"}
)
#: JSON nesting deeper than this is refused (Python's parser would recurse until it fails).
MAX_JSON_DEPTH = 32
#: Integers longer than this many digits are refused (no field of the API needs more).
MAX_INT_DIGITS = 30
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class BodyCaps:
    """Largest body (bytes) of each route class. ASSUMPTION: the largest JSON body a person
    sends (a family with 8 children, a scenario with every state's limits) is under 20 KB, a
    page form under 10 KB; 256 KiB leaves ample room. Uploads: the import cap (5 MiB) plus
    64 KiB of multipart framing."""

    json: int = 256 * 1024
    form: int = 256 * 1024
    upload: int = 5 * 1024 * 1024 + 64 * 1024


class RejectedError(Exception):
    """A request refused by the guard, with its status and reason."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.headers = status, detail, headers or {}


def _strict_json(raw: bytes) -> None:
    """Parse ``raw`` as JSON refusing what the routes must never see (raises ``ValueError``)."""

    def constant(name: str) -> Any:
        raise ValueError(f"número no finito en JSON ({name}) / non-finite number in JSON ({name})")

    def integer(text: str) -> int:
        if len(text.lstrip("-")) > MAX_INT_DIGITS:
            raise ValueError(
                f"entero de más de {MAX_INT_DIGITS} dígitos / integer over {MAX_INT_DIGITS} digits"
            )
        return int(text)

    def real(text: str) -> float:
        value = float(text)
        if value in (float("inf"), float("-inf")):
            raise ValueError(f"número fuera de rango / number out of range: {excerpt(text)}")
        return value

    try:
        document = json.loads(raw, parse_constant=constant, parse_int=integer, parse_float=real)
    except RecursionError as exc:
        raise ValueError("JSON demasiado anidado / JSON nested too deeply") from exc
    except UnicodeDecodeError as exc:
        raise ValueError("el cuerpo no es UTF-8 / the body is not UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"JSON inválido / invalid JSON: {exc.msg} (posición {exc.pos})") from exc
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise ValueError(
                f"JSON con más de {MAX_JSON_DEPTH} niveles / JSON nested over {MAX_JSON_DEPTH}"
            )
        if isinstance(value, str):
            if _CONTROL.search(value):
                raise ValueError(
                    "texto con caracteres de control (p. ej. NUL) / text with control characters "
                    f"(e.g. NUL): {excerpt(value)!r}"
                )
            _check_date(value)
        if isinstance(value, dict):
            stack.extend((k, depth + 1) for k in value)
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def _public_operations(app: Any) -> list[tuple[re.Pattern[str], str]]:
    """(path pattern, method) of every API operation that needs no signed-in user: those the
    OpenAPI document lists without a security requirement (sign-in, token, health)."""
    public = []
    for path, item in app.openapi()["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(path)) + "$")
        for method, operation in item.items():
            if not operation.get("security"):
                public.append((pattern, method.upper()))
    return public


class RequestGuard:
    """ASGI middleware applying the checks of this module's docstring."""

    def __init__(self, app: ASGIApp, caps: BodyCaps | None = None) -> None:
        self.app = app
        self.caps = caps or BodyCaps()
        self._public: list[tuple[re.Pattern[str], str]] | None = None

    def _public_api_route(self, scope: Scope) -> bool:
        """Whether an /api route answers without a signed-in user (sign-in, health)."""
        if self._public is None:
            self._public = _public_operations(scope["app"])
        path, method = scope["path"], scope["method"]
        return any(regex.match(path) and method == m for regex, m in self._public)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            _check_target(scope)
            if scope["method"] in SAFE_METHODS:
                await self.app(scope, receive, send)
                return
            body = await self._admit(scope, receive)
        except RejectedError as exc:
            await _reject(scope, send, exc)
            return
        except RateLimitedError as exc:
            await _reject(
                scope, send, RejectedError(429, str(exc), {"Retry-After": str(exc.retry_after)})
            )
            return
        await self.app(scope, _replay(body, receive), send)

    async def _admit(self, scope: Scope, receive: Receive) -> bytes:
        headers = Headers(scope=scope)
        _check_origin(headers)
        media = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        upload = media == "multipart/form-data"
        cap = (
            self.caps.upload
            if upload
            else (
                self.caps.form if media == "application/x-www-form-urlencoded" else self.caps.json
            )
        )
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise RejectedError(413, _too_large(cap))
        principal = await self._principal(scope, headers)
        limiter = limiter_of_app(scope["app"])
        if upload and principal is not None:
            limiter.check_upload(principal)
        body, over = await _read(receive, cap)
        if upload and principal is not None:
            limiter.upload(principal, len(body))
        if over:
            raise RejectedError(413, _too_large(cap))
        if media == "application/json" or media.endswith("+json"):
            if body:
                try:
                    _strict_json(body)
                except ValueError as exc:
                    raise RejectedError(422, str(exc)) from exc
        elif media == "application/x-www-form-urlencoded":
            if b"%00" in body or b"\x00" in body:
                raise RejectedError(422, _NUL)
            try:
                for _key, value in parse_qsl(body.decode("utf-8", "replace")):
                    _check_date(value)
            except ValueError as exc:
                raise RejectedError(422, str(exc)) from exc
        return body

    async def _principal(self, scope: Scope, headers: Headers) -> Principal | None:
        """The signed-in caller, checked before the body is read; ``RejectedError`` when a
        route needing one gets none."""
        path: str = scope["path"]
        api = path == "/api" or path.startswith("/api/")
        if (api and self._public_api_route(scope)) or (not api and path in PUBLIC_PAGE_POSTS):
            return None
        authorization = headers.get("authorization", "")
        bearer = authorization[7:].strip() if authorization[:7].lower() == "bearer " else ""
        session = _cookie(headers, SESSION_COOKIE)
        db = scope["app"].state.db
        assert isinstance(db, Database)
        try:
            if bearer:
                principal = await run_in_threadpool(accounts.principal_from_token, db, bearer)
            elif session:
                principal = await run_in_threadpool(accounts.principal_from_session, db, session)
            else:
                raise AuthenticationError("sign in (POST /api/auth/login) or send a bearer token")
        except OperationalError as exc:
            if not is_busy(exc):
                raise
            raise RejectedError(503, _BUSY, {"Retry-After": "2"}) from exc
        except AuthenticationError as exc:
            if not api:
                raise RejectedError(
                    303, "inicie sesión / sign in", {"Location": "/entrar"}
                ) from exc
            raise RejectedError(
                401, f"inicie sesión / {exc}", {"WWW-Authenticate": "Bearer"}
            ) from exc
        scope.setdefault("state", {})["principal"] = (bearer or session, principal)
        return principal


_BUSY = (
    "la base de datos está ocupada; intente de nuevo en unos segundos / "
    "the database is busy; retry in a few seconds"
)
_NUL = "la solicitud contiene un byte NUL / the request contains a NUL byte"


def _too_large(cap: int) -> str:
    return (
        f"la solicitud supera {cap // 1024} KB, el máximo para este tipo de ruta / "
        f"request body over {cap // 1024} KB, the limit for this kind of route"
    )


_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})([T ][0-9:.+\-Z]*)?$")


def _check_date(text: str) -> None:
    """A value written as an ISO date must lie in the plausible range (``ValueError``)."""
    match = _DATE.match(text)
    if match is None:
        return
    try:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise ValueError(f"fecha inexistente / no such date: {excerpt(text)}") from exc
    plausible_date(day)


def _check_target(scope: Scope) -> None:
    query: bytes = scope.get("query_string", b"")
    if "\x00" in scope["path"] or b"%00" in query or b"\x00" in query:
        raise RejectedError(422, _NUL)
    try:
        for _key, value in parse_qsl(query.decode("latin-1")):
            _check_date(value)
    except ValueError as exc:
        raise RejectedError(422, str(exc)) from exc


def _check_origin(headers: Headers) -> None:
    """Browsers name the page that sent a request; a change sent from another site is refused
    (API clients send neither header and are not affected)."""
    if headers.get("sec-fetch-site", "").lower() == "cross-site":
        raise RejectedError(403, _CROSS_SITE)
    origin = headers.get("origin")
    if origin is None:
        return
    host = headers.get("x-forwarded-host") or headers.get("host", "")
    if origin == "null" or urlsplit(origin).netloc.lower() != host.split(",")[0].strip().lower():
        raise RejectedError(403, _CROSS_SITE)


_CROSS_SITE = (
    "solicitud enviada desde otro sitio (Origin) / request sent from another site (Origin)"
)


def _cookie(headers: Headers, name: str) -> str:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""


async def _read(receive: Receive, cap: int) -> tuple[bytes, bool]:
    """The body up to ``cap`` bytes, and whether more was sent (reading stops at the cap)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > cap:
            chunks.append(chunk[: max(0, cap - (size - len(chunk)))])
            return b"".join(chunks), True
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks), False


def _replay(body: bytes, receive_next: Receive) -> Receive:
    """The body read, then the client's own messages (a disconnect, when it comes)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive_next()

    return receive


async def _reject(scope: Scope, send: Send, exc: RejectedError) -> None:
    if scope["path"].startswith("/api"):
        payload = json.dumps({"detail": exc.detail}, ensure_ascii=False).encode("utf-8")
        media = b"application/json"
    else:  # a page: a short page in the browser's terms (no template: nothing was read)
        text = html.escape(exc.detail)
        payload = (
            f'<!doctype html><html lang="es"><meta charset="utf-8"><title>{exc.status}</title>'
            f'<p>{text}</p><p><a href="/">Inicio / Home</a></p></html>'
        ).encode()
        media = b"text/html; charset=utf-8"
    headers = [(b"content-type", media), (b"content-length", str(len(payload)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in exc.headers.items()]
    headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": exc.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
