"""Sign in and out through the API's own session machinery, and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import SESSION_COOKIE, get_db
from redceci.api.platform.schemas import LoginRequest
from redceci.api.platform.sessions import sign_in, sign_out
from redceci.errors import AuthenticationError
from redceci.web.i18n import LANG_COOKIE, LANGS
from redceci.web.pages import form_of, render, require_user

router = APIRouter(include_in_schema=False)


def local_path(target: str | None, default: str = "/") -> str:
    """Only same-site paths are followed after sign-in or a language switch."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


@router.get("/entrar")
def login_form(request: Request, next: str | None = None) -> Response:
    return render(request, "platform/login.html", {"next": local_path(next), "failed": False})


@router.post("/entrar")
async def login(request: Request) -> Response:
    async with request.form() as form:
        email, password = str(form.get("email") or ""), str(form.get("password") or "")
        target = local_path(str(form.get("next") or ""))
    redirect = RedirectResponse(target, status_code=303)
    try:
        body = LoginRequest(email=email, password=password)
        sign_in(request, redirect, get_db(request), body.email, body.password)
    except (AuthenticationError, ValidationError):
        context = {"next": target, "failed": True, "email": email}
        return render(request, "platform/login.html", context, status_code=401)
    return redirect


@router.post("/salir")
async def logout(request: Request) -> Response:
    principal = require_user(request)
    await form_of(request, principal)
    redirect = RedirectResponse("/entrar", status_code=303)
    sign_out(redirect, get_db(request), request.cookies.get(SESSION_COOKIE))
    return redirect


@router.get("/idioma")
def language(request: Request, lang: str = "es", next: str | None = None) -> Response:
    redirect = RedirectResponse(local_path(next), status_code=303)
    if lang in LANGS:
        redirect.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", path="/")
    return redirect
