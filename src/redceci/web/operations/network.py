"""The network's operations dashboard (state coordinators: their state; national planners:
all): attendance rate, ratio breaches per 1,000 room-hours, drills on time and incidents per
1,000 child-days, by state, by centre and by week, with the states map."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from redceci.api.deps import get_db
from redceci.platform.access import Permission
from redceci.store.operations import network
from redceci.store.operations.pages import synthetic_centres
from redceci.store.platform.reference import state_names
from redceci.web import maps
from redceci.web.i18n import lang_of, translator
from redceci.web.operations.common import page, rules_of, tz_of
from redceci.web.pages import require_user

router = APIRouter(include_in_schema=False)

#: The weekly charts: the indicator and its message key.
CHARTS = (
    ("attendance_rate", "ops_attendance_rate"),
    ("breaches_per_1000_room_hours", "ops_breaches"),
    ("incidents_per_1000_child_days", "ops_incidents_rate"),
)
CHART_WIDTH, CHART_HEIGHT = 300.0, 60.0


def week_bars(weeks: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """SVG bars (presentation attributes, no inline style) of one indicator over the weeks."""
    values = [w.get(key) for w in weeks]
    top = max((v for v in values if v is not None), default=0.0) or 1.0
    step = CHART_WIDTH / max(len(weeks), 1)
    bars = []
    for i, (week, value) in enumerate(zip(weeks, values, strict=True)):
        h = 0.0 if value is None else CHART_HEIGHT * float(value) / top
        bars.append(
            {
                "x": round(i * step + 1, 1),
                "y": round(CHART_HEIGHT - h, 1),
                "w": round(max(step - 2, 1), 1),
                "h": round(h, 1),
                "label": f"{week['key']}: {'—' if value is None else round(float(value), 3)}",
            }
        )
    return bars


@router.get("/operaciones/red")
def network_page(request: Request) -> Response:
    principal = require_user(request)
    scope = principal.require(Permission.OPERATIONS_NETWORK)
    db, tz, rules = get_db(request), tz_of(request), rules_of(request)
    t = translator(lang_of(request))
    by_state = network.indicators(db, principal, by="state", tz=tz, rules=rules)
    by_centre = network.indicators(db, principal, by="centre", tz=tz, rules=rules)
    by_week = network.indicators(db, principal, by="week", tz=tz, rules=rules)
    names = state_names(db)
    states = [{**g, "name": names.get(g["key"], g["key"])} for g in by_state["groups"]]
    centres_meta = {str(c["centre_id"]): c for c in by_centre["centres"]}
    centres = [
        {
            **g,
            "name": centres_meta.get(g["key"], {}).get("name", g["key"]),
            "centre_id": g["key"],
            "state_name": names.get(centres_meta.get(g["key"], {}).get("state_code", ""), ""),
            "drill_overdue": centres_meta.get(g["key"], {}).get("drill_overdue"),
        }
        for g in by_centre["groups"]
    ]
    rates = {s["key"]: s["attendance_rate"] for s in by_state["groups"]}
    fills = {code: maps.ramp(100 * v, 100) for code, v in rates.items() if v is not None}
    titles = {
        code: f"{names.get(code, code)}: {'—' if v is None else f'{100 * v:.1f} %'}"
        for code, v in rates.items()
    }
    weeks = sorted(by_week["groups"], key=lambda w: w["key"])
    context = {
        "scope_label": t("ops_national")
        if scope.national
        else ", ".join(names.get(s, s) for s in sorted(scope.states)),
        "period": f"{by_state['start']} – {by_state['end']}",
        "total": by_state["total"],
        "states": states,
        "centres": centres,
        "map": maps.state_map(request.app.state.settings.data, fills=fills, titles=titles),
        "legend": maps.legend(100),
        "charts": [
            {
                "key": key,
                "title": t(label),
                "width": CHART_WIDTH,
                "height": CHART_HEIGHT,
                "bars": week_bars(weeks, key),
            }
            for key, label in CHARTS
        ],
        "synthetic": bool(
            synthetic_centres(db, [int(c["centre_id"]) for c in by_centre["centres"]])
        ),
    }
    return page(request, principal, "network.html", context)
