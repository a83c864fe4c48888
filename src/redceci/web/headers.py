"""Security headers on every response, pages and API alike: a Content-Security-Policy with no
inline script or style (``docs/architecture.md``: pages load ``/static`` files only), no
framing, ``nosniff``, a strict referrer policy, and HSTS when served over HTTPS.

Two kinds of response get their own policy: the interactive API documentation (``/docs``,
``/redoc``: FastAPI's pages load Swagger UI from its CDN with an inline start-up script), and
a scenario's downloaded report (a self-contained file with inline styles and scripts), which is
sandboxed (no access to the platform's origin, cookies or forms).
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Pages and API: only this origin's files; no inline code; never framed.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
#: FastAPI's documentation pages (Swagger UI and ReDoc from the jsDelivr CDN).
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com "
    "https://cdn.redoc.ly; worker-src blob:; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'"
)
#: A scenario's self-contained report: its own inline code runs in a sandbox with no origin.
REPORT_POLICY = (
    "sandbox allow-scripts; default-src 'none'; script-src 'unsafe-inline'; "
    "style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
)
DOCS_PATHS = frozenset({"/docs", "/redoc", "/docs/oauth2-redirect"})
REPORT_PATH = re.compile(r"^/api/scenarios/[^/]+/files/")
HSTS = "max-age=31536000; includeSubDomains"

_COMMON = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(self)"),
)


def policy_for(path: str) -> str:
    """The Content-Security-Policy of the response to ``path``."""
    if path in DOCS_PATHS:
        return DOCS_POLICY
    if REPORT_PATH.match(path):
        return REPORT_POLICY
    return POLICY


class SecurityHeaders:
    """ASGI middleware adding this module's headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [*_COMMON, (b"content-security-policy", policy_for(scope["path"]).encode())]
        if scope.get("scheme") == "https":
            extra.append((b"strict-transport-security", HSTS.encode()))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message = {
                    **message,
                    "headers": [
                        *message.get("headers", []),
                        *((k, v) for k, v in extra if k not in present),
                    ],
                }
            await send(message)

        await self.app(scope, receive, send_with_headers)
