"""The home page: the signed-in user's menu as tiles, and the news of every capability they may
see (a partner's latest proposals); the people of one centre land on its operations page (the
director's live board, the staff's rooms). It composes the capabilities, so it sits beside
``mount``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from redceci.api.deps import get_db
from redceci.platform.access import Permission, Principal
from redceci.platform.vocabulary import ROLE_SCOPE
from redceci.store.planning import proposals
from redceci.web.pages import nav, render, signed_in

router = APIRouter(include_in_schema=False)


def centre_of(principal: Principal) -> int | None:
    """The one centre a user works at when every role they hold is a centre's (director, staff,
    medical staff) and they record its day; else None."""
    if not principal.grants or any(ROLE_SCOPE[g.role] != "centre_id" for g in principal.grants):
        return None
    centres = principal.scope(Permission.OPERATIONS_RECORD).centres
    return next(iter(centres)) if len(centres) == 1 else None


@router.get("/")
def home(request: Request) -> Response:
    principal = signed_in(request)
    if principal is None:
        return RedirectResponse("/entrar", status_code=303)
    centre = centre_of(principal)
    if centre is not None:
        return RedirectResponse(f"/operaciones/centros/{centre}", status_code=303)
    entries = nav(principal)
    roles = sorted(g.role.value for g in principal.grants)
    news = []
    if principal.can(Permission.PROPOSALS_SUBMIT):
        news = proposals.list_proposals(get_db(request), principal)[:10]
    context = {"entries": entries, "roles": roles, "news": news}
    return render(request, "home.html", context, principal=principal)
