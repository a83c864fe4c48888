"""Sign in and out through the API's own session machinery, and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from redceci.api.deps import SESSION_COOKIE, get_db
from redceci.api.platform.schemas import LoginRequest
from redceci.api.platform.sessions import sign_in, sign_out
from redceci.errors import AuthenticationError
from redceci.store.platform.accounts import UnverifiedEmailError
from redceci.store.platform.security import new_secret, same_secret
from redceci.web.i18n import LANG_COOKIE, LANGS
from redceci.web.pages import form_of, render, require_user

router = APIRouter(include_in_schema=False)


def local_path(target: str | None, default: str = "/") -> str:
    """Only same-site paths are followed after sign-in or a language switch."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


#: The sign-in form's own CSRF token (no session exists yet): a random value in a cookie that
#: only this site's pages can read back into the form (double submit), checked on POST; the
#: request guard (``api.bodies``) also refuses posts whose Origin is another site.
LOGIN_COOKIE = "redceci_login"
LOGIN_FIELD = "login_token"


def _login_page(
    request: Request, context: dict[str, object], *, status_code: int = 200
) -> Response:
    token = request.cookies.get(LOGIN_COOKIE) or new_secret()
    response = render(
        request,
        "platform/login.html",
        {"login_field": LOGIN_FIELD, "login_token": token, **context},
        status_code=status_code,
    )
    response.set_cookie(
        LOGIN_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        secure=bool(request.app.state.secure_cookies),
        samesite="strict",
        path="/entrar",
    )
    return response


@router.get("/entrar")
def login_form(request: Request, next: str | None = None) -> Response:
    return _login_page(request, {"next": local_path(next), "failed": False})


@router.post("/entrar")
async def login(request: Request) -> Response:
    async with request.form() as form:
        email, password = str(form.get("email") or ""), str(form.get("password") or "")
        target = local_path(str(form.get("next") or ""))
        token = str(form.get(LOGIN_FIELD) or "")
    if not same_secret(token, request.cookies.get(LOGIN_COOKIE)):
        context = {"next": target, "failed": False, "expired": True, "email": email}
        return _login_page(request, context, status_code=403)
    redirect = RedirectResponse(target, status_code=303)
    try:
        body = LoginRequest(email=email, password=password)
        sign_in(request, redirect, get_db(request), body.email, body.password)
    except UnverifiedEmailError:
        context = {"next": target, "failed": False, "unverified": True, "email": email}
        return _login_page(request, context, status_code=401)
    except (AuthenticationError, ValidationError):
        context = {"next": target, "failed": True, "email": email}
        return _login_page(request, context, status_code=401)
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
