"""The privacy notice (aviso de privacidad integral, LGPDPPSO arts. 26-28), public and linked
from the family registration form. TEMPLATE: IMSS's legal office must confirm its text."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from jinja2 import TemplateNotFound

from redceci.web.pages import render, signed_in, templates

router = APIRouter(include_in_schema=False)


def notice_template(country: str) -> str:
    """The country's notice (``platform/privacy_<code>.html``: Mexico's template); a country
    without one shows its notice as pending (its law and its institution's legal office
    write it)."""
    name = f"platform/privacy_{country}.html"
    try:
        templates.env.get_template(name)
    except TemplateNotFound:
        return "platform/privacy_pending.html"
    return name


@router.get("/aviso-de-privacidad")
def privacy_notice(request: Request) -> Response:
    """The deployment's country's privacy notice, or the pending one."""
    template = notice_template(request.app.state.settings.country)
    return render(request, template, {}, principal=signed_in(request))
