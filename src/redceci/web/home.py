"""The home page: the signed-in user's menu as tiles, and the news of every capability they may
see (a partner's latest proposals). It composes the capabilities, so it sits beside ``mount``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from redceci.api.deps import get_db
from redceci.platform.access import Permission
from redceci.store.planning import proposals
from redceci.web.pages import nav, render, signed_in

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request) -> Response:
    principal = signed_in(request)
    if principal is None:
        return RedirectResponse("/entrar", status_code=303)
    entries = nav(principal)
    roles = sorted(g.role.value for g in principal.grants)
    news = []
    if principal.can(Permission.PROPOSALS_SUBMIT):
        news = proposals.list_proposals(get_db(request), principal)[:10]
    context = {"entries": entries, "roles": roles, "news": news}
    return render(request, "home.html", context, principal=principal)
