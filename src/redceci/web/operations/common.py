"""What the operations pages share: the centre's time zone and rules, the API addresses the
pages' scripts call, and the labels those scripts show (in the page's language)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response

from redceci.operations.parameters import DEFAULT_RULES, OperationsRules
from redceci.platform.access import Principal
from redceci.web.i18n import lang_of, translator
from redceci.web.pages import render

#: The keys of the labels the staff, board and roll-call scripts show (``ops_`` + key).
SCRIPT_LABELS = (
    "state_absent",
    "state_notified",
    "state_present",
    "state_left",
    "state_refused",
    "state_away",
    "online",
    "offline",
    "pending",
    "synced",
    "result_conflict",
    "result_rejected",
    "result_refused",
    "not_serve",
    "no_substitute",
    "safe",
    "children_present",
    "staff_present",
    "staff_needed",
    "present",
    "projection",
    "last_drill",
    "next_drill",
    "overdue",
    "colour_green",
    "colour_amber",
    "colour_red",
    "meal_breakfast",
    "meal_lunch",
    "meal_snack",
    "meal_morning_snack",
    "meal_afternoon_snack",
    "staff",
    "severity_minor",
    "severity_moderate",
    "severity_serious",
)


def tz_of(request: Request) -> ZoneInfo:
    """The platform's time zone (``REDCECI_TIMEZONE``): a centre's day is its local day."""
    return ZoneInfo(request.app.state.settings.timezone)


def rules_of(request: Request) -> OperationsRules:
    """The operations rules in force (``operations.parameters``)."""
    return DEFAULT_RULES


def script_labels(t: Callable[..., str]) -> dict[str, str]:
    """The labels the pages' scripts need, in the page's language."""
    return {key: t(f"ops_{key}") for key in SCRIPT_LABELS}


def api(centre_id: int) -> dict[str, str]:
    """The operations API's addresses for one centre (the scripts' endpoints)."""
    base = f"/api/operations/centres/{centre_id}"
    return {
        "events": f"{base}/events",
        "board": f"{base}/board",
        "allergies": f"/api/nutrition/centres/{centre_id}/allergy-alerts",
    }


def page(
    request: Request,
    principal: Principal,
    template: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
) -> Response:
    """Render ``templates/operations/<template>`` with the scripts' labels."""
    t = translator(lang_of(request))
    context = {"labels": script_labels(t), **context}
    return render(
        request, f"operations/{template}", context, principal=principal, status_code=status_code
    )
