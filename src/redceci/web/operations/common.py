"""What the operations pages share: the centre's time zone and rules, the API addresses the
pages' scripts call, and the labels those scripts show (in the page's language)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response

from redceci.api.operations.schemas import operations_rules
from redceci.enrolment import IdDocument
from redceci.operations.parameters import OperationsRules
from redceci.platform.access import Principal
from redceci.web.enrolment import messages  # noqa: F401  (registers the documents' names)
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
    "reason_red",
    "reason_leaving",
    "reason_projection",
    "alert_late",
    "alert_drill",
    "alert_incident",
    "late_director",
    "late_protocol",
    "to_director",
    "to_guardian",
    "to_state",
    "to_network",
    "doc_unrecorded",
    "photo_ref",
    "photo_missing",
    "unaccounted",
    "drill",
    "evacuation",
    "started",
    "rollcall_offline",
)

#: The store's reasons for a conflict or a refused event (``operations/state.py``,
#: ``store/operations/events.py``, ``operations/pickup.py``), in its English words, and the
#: message (``ops_why_`` + key) that says each in the page's language; the scripts get the same
#: table (``reason_patterns``) for what they draw from the API.
REASONS: tuple[tuple[str, str], ...] = (
    ("checked_in", r"^child \d+ was already checked in at (?P<at>\d\d:\d\d) \(another device\?\)$"),
    (
        "checked_out",
        r"^child \d+ was already checked out at (?P<at>\d\d:\d\d) \(another device\?\)$",
    ),
    (
        "refused_present",
        r"^child \d+ was already checked in at (?P<at>\d\d:\d\d): cannot be refused",
    ),
    ("no_check_in", r"^child \d+ has no check-in today: cannot check out$"),
    ("clocked_in", r"^staff member \d+ already clocked in at (?P<at>\d\d:\d\d)$"),
    ("clocked_out", r"^staff member \d+ already clocked out at (?P<at>\d\d:\d\d)$"),
    ("not_clocked_in", r"^staff member \d+ has not clocked in today$"),
    ("roll_open", r"^roll-call \d+ started at (?P<at>\d\d:\d\d) is still open$"),
    ("roll_ended", r"^roll-call \d+ ended at (?P<at>\d\d:\d\d)$"),
    ("marked", r"^(?:child|staff) \d+ already marked safe at (?P<at>\d\d:\d\d)$"),
    ("not_listed", r"^only people present when the roll-call started are marked$"),
    (
        "contradicts",
        r"^recorded for (?P<at>\d\d:\d\d), it contradicts (?P<kind>[a-z_]+) recorded at "
        r"(?P<other>\d\d:\d\d) on another device$",
    ),
    ("not_authorised", r"^(?P<name>.+) is not an authorised person for this child$"),
    ("person_not_authorised", r"^person \d+ is not authorised to pick up this child$"),
    ("not_guardian", r"^guardian \d+ is not this child's guardian$"),
    ("code_for", r"^this code was issued for (?P<holder>.+), not (?P<name>.+)$"),
    ("code_unknown", r"^unknown pick-up code for this child$"),
    ("code_used", r"^this pick-up code was already used$"),
    ("code_expired", r"^this pick-up code has expired$"),
)
_REASONS = tuple((key, re.compile(pattern)) for key, pattern in REASONS)
#: The event kinds a reason may name (``{kind}``), said with ``ops_kind_`` + kind.
REASON_KINDS = (
    "check_in",
    "check_out",
    "refusal",
    "staff_in",
    "staff_move",
    "staff_out",
    "roll_call_start",
    "roll_call_mark",
    "roll_call_end",
)


def reason_text(reason: str, t: Callable[..., str]) -> str:
    """A conflict's or a refusal's reason in the page's language (the store says it in
    English; a reason not in ``REASONS`` is shown as the store wrote it)."""
    for key, pattern in _REASONS:
        found = pattern.match(reason)
        if found:
            fields = found.groupdict()
            if "kind" in fields:
                kind = fields["kind"]
                fields["kind"] = t(f"ops_kind_{kind}") if kind in REASON_KINDS else kind
            return t(f"ops_why_{key}", **fields)
    return reason


def reason_patterns(t: Callable[..., str]) -> list[list[str]]:
    """``REASONS`` for the scripts: [JavaScript pattern, message in the page's language]."""
    return [[pattern.replace("(?P<", "(?<"), t(f"ops_why_{key}")] for key, pattern in REASONS]


#: The store's incident alert, in its words: ``incident 12: inform state by 14:30``.
INCIDENT_ALERT = re.compile(r"^incident (\d+): inform (\w+) by (\d\d:\d\d)$")


def room_reason(room: dict[str, Any], t: Callable[..., str]) -> str:
    """Why a room is not green, in the page's language (the store says it in English)."""
    fields = {"staff": room["staff_present"], "needed": room["staff_needed"]}
    if room["colour"] == "red":
        return t("ops_reason_red", **fields)
    if room["colour"] == "amber":
        leaving = room["staff_present"] - 1 < room["staff_needed"]
        return t("ops_reason_leaving" if leaving else "ops_reason_projection", **fields)
    return ""


def alert_text(alert: dict[str, Any], board: dict[str, Any], t: Callable[..., str]) -> str:
    """A board alert in the page's language, from the board's figures (the board.js script
    says the same when it redraws)."""
    kind = alert.get("kind")
    if kind == "ratio":
        room = next((r for r in board["rooms"] if r["room_id"] == alert.get("room_id")), None)
        if room is not None:
            return f"{room['name']}: {room_reason(room, t)}"
    if kind == "late_pickup":
        names = {c["child_id"]: c["name"] for r in board["rooms"] for c in r["children"]}
        late = {lp["child_id"]: lp for lp in board.get("late_pickups", [])}
        lp = late.get(alert.get("child_id"))
        if lp is not None:
            return t(
                "ops_alert_late",
                child=names.get(lp["child_id"], ""),
                minutes=lp["minutes_late"],
                level=t(f"ops_late_{lp['level']}"),
            )
    if kind == "drill":
        return t("ops_alert_drill", days=board["drill"].get("days_overdue", ""))
    if kind == "incident":
        found = INCIDENT_ALERT.match(str(alert.get("message", "")))
        if found:
            n, to, at = found.groups()
            return t("ops_alert_incident", n=n, to=t(f"ops_to_{to}"), at=at)
    return str(alert.get("message", ""))


def tz_of(request: Request) -> ZoneInfo:
    """The platform's time zone (``REDCECI_TIMEZONE``): a centre's day is its local day."""
    return ZoneInfo(request.app.state.settings.timezone)


def rules_of(request: Request) -> OperationsRules:
    """The operations rules in force: ``operations.parameters``' with the country pack's parts
    (the deployment's ``REDCECI_COUNTRY``) and the deployment's overrides (``[operations]``)."""
    return operations_rules(request.app.state.settings)


def script_labels(t: Callable[..., str]) -> dict[str, str]:
    """The labels the pages' scripts need, in the page's language (the identity documents'
    names, ``doc_<kind>``, are the registration form's)."""
    labels = {key: t(f"ops_{key}") for key in SCRIPT_LABELS}
    labels |= {f"kind_{k}": t(f"ops_kind_{k}") for k in REASON_KINDS}
    return labels | {f"doc_{d}": t(f"id_doc_{d}") for d in IdDocument}


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
    context = {
        "labels": script_labels(t),
        "reasons": reason_patterns(t),
        "reason": lambda text: reason_text(str(text or ""), t),
        **context,
    }
    return render(
        request, f"operations/{template}", context, principal=principal, status_code=status_code
    )
