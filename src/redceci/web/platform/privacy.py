"""The privacy notice (aviso de privacidad integral, LGPDPPSO arts. 26-28), public and linked
from the family registration form. TEMPLATE: IMSS's legal office must confirm its text."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from redceci.web.pages import render, signed_in

router = APIRouter(include_in_schema=False)


@router.get("/aviso-de-privacidad")
def privacy_notice(request: Request) -> Response:
    """Mexico's template notice; another country's pack shows its notice as pending (its law
    and its institution's legal office write it)."""
    country = request.app.state.settings.country
    template = "platform/privacy.html" if country == "mx" else "platform/privacy_pending.html"
    return render(request, template, {}, principal=signed_in(request))
