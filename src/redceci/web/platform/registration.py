"""Getting in without help: a parent registers (``/registrarse``), confirms the e-mail from the
mailed link (``/verificar``) and chooses a new password from another (``/contrasena``). The
forms work before any session, so each carries its own double-submit token (a cookie only this
site reads back into the form); errors sit beside their fields."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from redceci.api.deps import get_db
from redceci.api.platform.mailers import RESET_PAGE, VERIFY_PAGE, link_maker, mailer_of
from redceci.api.ratelimit import client_address, limiter_of
from redceci.errors import ConflictError, InputError
from redceci.platform import validation
from redceci.store.platform import registration
from redceci.store.platform.security import new_secret, same_secret
from redceci.web.i18n import lang_of, translator
from redceci.web.pages import country_of, one_language, render
from redceci.web.platform import messages as messages

router = APIRouter(include_in_schema=False)

#: The public forms' own CSRF token (no session exists yet): double submit, as on ``/entrar``.
FORM_COOKIE = "redceci_form"
FORM_FIELD = "form_token"
#: Pages whose forms anyone may post (``api.bodies.PUBLIC_PAGE_POSTS`` lists them too).
PUBLIC_POSTS = ("/registrarse", VERIFY_PAGE, "/contrasena", RESET_PAGE)


def _page(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200
) -> Response:
    token = request.cookies.get(FORM_COOKIE) or new_secret()
    response = render(
        request,
        template,
        {"form_field": FORM_FIELD, "form_token": token, **context},
        status_code=status_code,
    )
    response.set_cookie(
        FORM_COOKIE,
        token,
        max_age=3600,
        httponly=True,
        secure=bool(request.app.state.secure_cookies),
        samesite="strict",
        path="/",
    )
    return response


async def _posted(request: Request) -> tuple[dict[str, str], bool]:
    """The form's text fields, and whether its token matches the cookie."""
    async with request.form() as form:
        data = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    return data, same_secret(data.get(FORM_FIELD, ""), request.cookies.get(FORM_COOKIE))


def _count(request: Request, key: str) -> None:
    limiter_of(request).login(client_address(request), key)


# -- registering ---------------------------------------------------------------------------------


@router.get("/registrarse")
def register_form(request: Request) -> Response:
    return _page(request, "platform/register.html", {"form": {}, "errors": {}})


def _field_errors(form: dict[str, str], t: Any) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        validation.email(form.get("email", ""))
    except ValueError:
        errors["email"] = t("err_email_field")
    if not form.get("name", "").strip():
        errors["name"] = t("err_name_field")
    try:
        validation.phone(form.get("phone", ""))
    except ValueError:
        errors["phone"] = t("err_phone_field", digits=validation.phone_digits()[0])
    if form.get("password", "") != form.get("password2", ""):
        errors["password2"] = t("passwords_differ")
    return errors


@router.post("/registrarse")
async def register(request: Request) -> Response:
    form, fresh = await _posted(request)
    lang = lang_of(request)
    t = translator(lang)
    kept = {k: form.get(k, "") for k in ("email", "name", "phone")}
    if not fresh:
        context = {"form": kept, "errors": {}, "expired": True}
        return _page(request, "platform/register.html", context, status_code=403)
    errors = _field_errors(form, t)
    made = None
    if not errors:
        _count(request, form["email"])
        try:
            made = registration.register_parent(
                get_db(request),
                mailer_of(request),
                link_maker(request, VERIFY_PAGE),
                email=form["email"],
                name=form["name"],
                phone=form["phone"],
                password=form.get("password", ""),
                programme=country_of(request).words.programme,
            )
        except ConflictError:
            errors["email"] = t("account_exists")
        except InputError as exc:
            errors["password"] = one_language(str(exc), lang)
    if made is None:
        context = {"form": kept, "errors": errors}
        return _page(request, "platform/register.html", context, status_code=422)
    context = {"folio": made.folio, "email": made.email}
    return render(request, "platform/registered.html", context, status_code=201)


# -- confirming the e-mail -----------------------------------------------------------------------


@router.get(VERIFY_PAGE)
def verify_form(request: Request, token: str = "") -> Response:
    """A button that confirms (mail scanners open links; only a person presses buttons)."""
    return _page(request, "platform/verify.html", {"token": token[:200]})


@router.post(VERIFY_PAGE)
async def verify(request: Request) -> Response:
    form, fresh = await _posted(request)
    token = form.get("token", "")[:200]
    if not fresh:
        return _page(
            request, "platform/verify.html", {"token": token, "expired": True}, status_code=403
        )
    _count(request, "verify")
    try:
        user = registration.verify_email(get_db(request), token)
    except InputError:
        return _page(
            request, "platform/verify.html", {"token": "", "bad_link": True}, status_code=422
        )
    return render(request, "platform/verified.html", {"email": user.email})


# -- a new password ------------------------------------------------------------------------------


@router.get("/contrasena")
def reset_form(request: Request) -> Response:
    return _page(request, "platform/reset.html", {"sent": False, "email": ""})


@router.post("/contrasena")
async def reset_request(request: Request) -> Response:
    form, fresh = await _posted(request)
    email = form.get("email", "")[:254]
    if not fresh:
        context = {"sent": False, "email": email, "expired": True}
        return _page(request, "platform/reset.html", context, status_code=403)
    _count(request, email)
    registration.request_password_reset(
        get_db(request), mailer_of(request), link_maker(request, RESET_PAGE), email
    )
    return _page(request, "platform/reset.html", {"sent": True, "email": email})


@router.get(RESET_PAGE)
def new_password_form(request: Request, token: str = "") -> Response:
    return _page(request, "platform/new_password.html", {"token": token[:200], "errors": {}})


@router.post(RESET_PAGE)
async def new_password(request: Request) -> Response:
    form, fresh = await _posted(request)
    lang = lang_of(request)
    t = translator(lang)
    token = form.get("token", "")[:200]
    if not fresh:
        context = {"token": token, "errors": {}, "expired": True}
        return _page(request, "platform/new_password.html", context, status_code=403)
    errors: dict[str, str] = {}
    if form.get("password", "") != form.get("password2", ""):
        errors["password2"] = t("passwords_differ")
    else:
        _count(request, "reset")
        try:
            registration.reset_password(get_db(request), token, form.get("password", ""))
        except InputError as exc:
            if str(exc) == registration.BAD_LINK:
                context = {"token": "", "errors": {}, "bad_link": True}
                return _page(request, "platform/new_password.html", context, status_code=422)
            errors["password"] = one_language(str(exc), lang)
    if errors:
        context = {"token": token, "errors": errors}
        return _page(request, "platform/new_password.html", context, status_code=422)
    return render(request, "platform/password_saved.html", {})
