"""What every page shares: the templates, the signed-in user, CSRF on forms, error pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from fastapi import Path as PathParam
from fastapi import Query
from jinja2 import pass_context
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from redceci.api.deps import SESSION_COOKIE, get_db
from redceci.api.ratelimit import limiter_of
from redceci.countries import country_pack
from redceci.errors import AuthenticationError, PermissionDeniedError, RedceciError
from redceci.platform.access import Permission, Principal
from redceci.platform.country import CountryPack
from redceci.report.formats import fmt_int, fmt_mdp, fmt_num, fmt_pct
from redceci.store.platform import accounts
from redceci.store.platform.security import same_secret
from redceci.web import formats
from redceci.web.i18n import lang_of, translator
from redceci.web.refusals import said

HERE = Path(__file__).parent
CSRF_FIELD = "csrf_token"
#: Row ids fit a 32-bit signed integer (PostgreSQL ``integer``); larger ones are refused (422).
MAX_ID = 2**31 - 1
PathId = Annotated[int, PathParam(ge=1, le=MAX_ID)]
QueryId = Annotated[int, Query(ge=1, le=MAX_ID)]


@pass_context
def when(context: Any, value: dt.datetime | str | None, *, seconds: bool = False) -> str:
    """A stored time (UTC, as a datetime or ISO text) in the platform's time zone
    (``REDCECI_TIMEZONE``), to the minute, as the page's language writes it ("9 de diciembre de
    2026, 8:46")."""
    if value is None:
        return "—"
    at = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    settings = context["request"].app.state.settings
    local = at.astimezone(ZoneInfo(settings.timezone))
    return formats.long_datetime(local, context.get("lang", "es"), seconds=seconds)


@pass_context
def day(context: Any, value: dt.date | str | None) -> str:
    """A date as the page's language writes it ("9 de diciembre de 2026")."""
    return formats.long_date(value, context.get("lang", "es"))


@pass_context
def money(context: Any, value: Any) -> str:
    """An amount in millions of the country pack's currency, in words ("36,100 millones de
    pesos", "36,100 millones de quetzales")."""
    lang = context.get("lang", "es")
    return formats.money_in_words(value, lang, context["country"].money_name(lang))


templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters.update(
    {
        "int": fmt_int,
        "num": fmt_num,
        "pct": fmt_pct,
        "mdp": fmt_mdp,
        "urlquote": quote,
        "when": when,
        "day": day,
        "money": money,
    }
)


class LoginRequiredError(AuthenticationError):
    """A page needs a signed-in user: the browser is sent to the sign-in page."""


def signed_in(request: Request) -> Principal | None:
    """The user behind the session cookie, or None."""
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        return None
    found = getattr(request.state, "principal", None)  # by api.bodies, before a form is read
    if found is not None and found[0] == secret:
        principal: Principal = found[1]
        return principal
    try:
        return accounts.principal_from_session(get_db(request), secret)
    except AuthenticationError:
        return None


def require_user(request: Request) -> Principal:
    principal = signed_in(request)
    if principal is None:
        raise LoginRequiredError("sign in first")
    limiter_of(request).request(principal, request.method)
    return principal


async def form_of(request: Request, principal: Principal) -> dict[str, Any]:
    """The posted form, after checking its CSRF field against the session's token."""
    data: dict[str, Any] = {}
    async with request.form() as form:
        if not same_secret(str(form.get(CSRF_FIELD) or ""), principal.csrf_token):
            raise PermissionDeniedError("the form has expired or its CSRF token is wrong; reload")
        for key in form:
            values = [v for v in form.getlist(key) if isinstance(v, str)]
            data[key] = values if len(values) > 1 else (values[0] if values else "")
    return data


def nav(principal: Principal | None) -> list[tuple[str, str]]:
    """Menu entries (path, message key) the user's roles open."""
    if principal is None:
        return []
    entries = [
        ("/tablero", "dashboard", Permission.CENTRES_READ),
        ("/escenarios", "scenarios", Permission.SCENARIOS_READ),
        ("/propuestas", "proposals", Permission.PROPOSALS_READ),
        ("/predios", "plots", Permission.PLOTS_READ),
        ("/centros", "registry", Permission.CENTRES_READ),
        ("/familia", "my_family", Permission.ENROLMENT_APPLY),
        ("/inscripcion/centros", "centre_enrolment", Permission.ENROLMENT_CENTRE),
        ("/inscripcion/rondas", "enrolment_admin", Permission.ENROLMENT_MANAGE),
        ("/auditoria", "audit", Permission.AUDIT_READ),
        # nutrition_health
        ("/nutricion/menus", "nutrition_menus", Permission.MENUS_WRITE),
        ("/salud", "centre_health_nav", Permission.KITCHEN),
        ("/salud/red", "network_health_nav", Permission.HEALTH_NETWORK),
        ("/salud/familia", "family_health_nav", Permission.ENROLMENT_APPLY),
        # operations
        ("/operaciones", "ops_nav", Permission.OPERATIONS_RECORD),
        ("/operaciones/red", "ops_network_nav", Permission.OPERATIONS_NETWORK),
        ("/operaciones/familia", "ops_family_nav", Permission.OPERATIONS_FAMILY),
    ]
    shown = [(path, key) for path, key, permission in entries if principal.can(permission)]
    managed = principal.scope(Permission.OPERATIONS_MANAGE).centres
    if len(managed) == 1:  # a centre's director: its set-up pages
        (centre,) = managed
        shown += [
            (f"/operaciones/centros/{centre}/personal", "ops_staff_nav"),
            (f"/operaciones/centros/{centre}/calendario", "ops_calendar_nav"),
        ]
    if not principal.scope(Permission.HEALTH_READ).families:  # a page for guardians only
        shown = [(path, key) for path, key in shown if path != "/salud/familia"]
    return shown


def country_of(request: Request) -> CountryPack:
    """The deployment's country pack (``REDCECI_COUNTRY``)."""
    return country_pack(request.app.state.settings.country)


def page_translator(request: Request) -> Callable[..., str]:
    """The request's language, in the words of the deployment's country pack."""
    return translator(lang_of(request), country_of(request).messages)


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    principal: Principal | None = None,
    status_code: int = 200,
) -> Response:
    lang = lang_of(request)
    country = country_of(request)
    page = {
        "lang": lang,
        "t": translator(lang, country.messages),
        "country": country.words,
        "phone_rule": country.phone,
        "user": principal,
        "nav": nav(principal),
        "csrf_field": CSRF_FIELD,
        "csrf_token": principal.csrf_token if principal else "",
        "path": request.url.path,
        **(context or {}),
    }
    return templates.TemplateResponse(request, template, page, status_code=status_code)


def fragment(request: Request, template: str, context: dict[str, Any]) -> Markup:
    """Part of a page rendered alone, in the request's language and the pack's words (not the
    signed-in user's: no name, navigation nor CSRF token), to be kept between requests."""
    lang = lang_of(request)
    country = country_of(request)
    page = {
        "request": request,
        "lang": lang,
        "t": translator(lang, country.messages),
        "country": country.words,
        **context,
    }
    return Markup(templates.env.get_template(template).render(page))


def one_language(message: str, lang: str) -> str:
    """The part of a bilingual ``"español / English"`` message in the page's language (the
    store's messages carry both); a message without that shape is returned whole."""
    parts = message.split(" / ")
    if len(parts) != 2:
        return message
    return parts[1] if lang == "en" else parts[0]


def error_page(request: Request, exc: RedceciError, status_code: int) -> Response:
    return render(
        request,
        "error.html",
        {"status": status_code, "message": said(str(exc), lang_of(request))},
        principal=signed_in(request),
        status_code=status_code,
    )
