"""The network's nutrition and health dashboard page (aggregates by state and centre, small
cells suppressed) for planners, coordinators and nutritionists."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from redceci.api.deps import get_db
from redceci.store.nutrition_health import dashboard
from redceci.web.i18n import lang_of
from redceci.web.nutrition_health.messages import nh_translator
from redceci.web.pages import country_of, render, require_user

router = APIRouter(include_in_schema=False)


@router.get("/salud/red")
def network_page(request: Request) -> Response:
    principal = require_user(request)
    data = dashboard.network(get_db(request), principal, country_of(request).vaccines)
    context = {"t": nh_translator(lang_of(request), country_of(request).messages), "data": data}
    return render(request, "nutrition_health/network.html", context, principal=principal)
