"""Every operations rule in one place, each with its source, overridable per country and per
deployment: the country pack's parts come from ``rules_for(pack)`` (its ratios, holidays and
``CountryPack.operations``: the keys of ``PACK_KEYS``), a deployment's settings from
``rules_with`` (the keys of ``OVERRIDABLE``); or build an ``OperationsRules`` with your own
parts (``dataclasses.replace(rules, drills=...)``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, cast

from redceci.errors import InputError
from redceci.operations.calendar import DEFAULT_CALENDAR, HOURS_SOURCE, CentreCalendar
from redceci.operations.drills import DEFAULT_DRILLS, DrillRule
from redceci.operations.health import DEFAULT_FILTER, SIGNS, ExclusionRule, HealthFilter
from redceci.operations.incidents import DEFAULT_INCIDENTS, Escalation, IncidentRules, Severity
from redceci.operations.pickup import DEFAULT_PICKUP, PickupRules
from redceci.platform.country import CountryPack
from redceci.platform.ratios import Mixing, RatioPolicy

__all__ = [
    "DEFAULT_RULES",
    "OVERRIDABLE",
    "OVERRIDE_SOURCE",
    "PACK_KEYS",
    "OperationsRules",
    "rules_for",
    "rules_with",
]


@dataclass(frozen=True)
class OperationsRules:
    """The rules a centre's day runs under."""

    #: The country pack's staff-to-child ratios (``rules_for(pack)`` sets them); the core has
    #: none of its own, so rules without a pack's cannot count a room's staff (``ratios``).
    ratio_policy: RatioPolicy | None = None
    health: HealthFilter = DEFAULT_FILTER
    pickup: PickupRules = DEFAULT_PICKUP
    drills: DrillRule = DEFAULT_DRILLS
    incidents: IncidentRules = DEFAULT_INCIDENTS
    calendar: CentreCalendar = DEFAULT_CALENDAR
    #: How far ahead of the server's clock a device's time may be (seconds) before an event is
    #: refused as "in the future". ASSUMPTION: tablets keep network time within a minute or
    #: two; five minutes tolerates a drifting clock without accepting invented times.
    future_skew_s: int = 300
    #: How many days one absence notice may cover (ASSUMPTION: a month; longer absences are
    #: handled by the centre with the family).
    absence_max_days: int = 31
    #: How old an event may be when it arrives (days): SIAG's manual capture is backfilled
    #: later (operations-facts.md §1 [V]); ASSUMPTION: within a week.
    late_max_days: int = 7
    sources: dict[str, str] = field(
        default_factory=lambda: {
            "future_skew_s": "ASSUMPTION: device clocks within minutes of network time",
            "absence_max_days": "ASSUMPTION: one notice covers at most a month",
            "late_max_days": "SIAG manual capture then backfill [V]; one week is an ASSUMPTION",
        }
    )

    def __post_init__(self) -> None:
        if self.future_skew_s < 0 or self.absence_max_days < 1 or self.late_max_days < 1:
            raise InputError("operations limits must be positive")

    @property
    def ratios(self) -> RatioPolicy:
        """The staff-to-child ratios (the pack's), or an ``InputError`` when no pack gave any."""
        if self.ratio_policy is None:
            raise InputError(
                "no staff-to-child ratios: the operations rules need a country pack's "
                "(operations.parameters.rules_for)"
            )
        return self.ratio_policy


DEFAULT_RULES = OperationsRules()


#: The rules a deployment may override from its settings (``[operations]`` in the ``--params``
#: TOML file, or ``REDCECI_OPERATIONS`` as JSON), each with what it sets. Their defaults and
#: sources are the rules' own (``docs/operations.md``); an override's source is the deployment.
OVERRIDABLE: dict[str, str] = {
    "leads_per_room": "lead educators every room needs (integer, ≥ 0)",
    "mixing": "mixed rooms: 'strictest' or 'weighted'",
    "children_per_assistant": "table of age group → children per assistant (integer, ≥ 1)",
    "code_digits": "digits of a one-time pick-up code (4 to 12)",
    "code_valid_hours": "hours a one-time code stays valid (≥ 1)",
    "late_director_min": "minutes after closing before the director is alerted of a late pick-up",
    "late_protocol_min": "minutes after closing before the late pick-up protocol starts",
    "drill_interval_days": "days between drills before one is overdue (≥ 1)",
    "drill_target_minutes": "longest evacuation a drill should take (minutes, > 0)",
    "opens": "default opening time 'HH:MM' of centres that set none",
    "closes": "default closing time 'HH:MM' of centres that set none",
    "weekdays": "default opening weekdays, 0 = Monday (list)",
    "future_skew_s": "seconds a device's clock may run ahead of the server's",
    "late_max_days": "days an event may arrive late",
    "absence_max_days": "days one absence notice may cover",
    "incident_escalation_hours": "table of severity (minor, moderate, serious) → who must be "
    "told (guardian, director, state, network) → within how many hours (0 to 72)",
    "health_exclusions": "the health filter's exclusion list, replaced whole: tables of code, "
    "es, en (the labels) and either temperature_c (35 to 42) or sign (one of "
    + ", ".join(SIGNS)
    + "), optionally source",
}

#: The parts of the rules a country pack sets (``CountryPack.operations``), by the keys of
#: ``OVERRIDABLE`` each takes; ratios and holidays are the pack's own fields.
PACK_PARTS: dict[str, tuple[str, ...]] = {
    "drills": ("drill_interval_days", "drill_target_minutes"),
    "calendar": ("opens", "closes", "weekdays"),
    "pickup": ("code_digits", "code_valid_hours", "late_director_min", "late_protocol_min"),
    "incidents": ("incident_escalation_hours",),
    "health": ("health_exclusions",),
}
PACK_KEYS = tuple(key for keys in PACK_PARTS.values() for key in keys)

#: Who an incident can be escalated to.
RECIPIENTS = ("guardian", "director", "state", "network")

#: The source an overridden rule names.
OVERRIDE_SOURCE = "the deployment's settings ([operations] in --params / REDCECI_OPERATIONS)"


def _whole(key: str, value: object, minimum: int, maximum: int = 10**6) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise InputError(f"[operations] {key}: a whole number from {minimum} to {maximum}")
    return value


def _clock(key: str, value: object) -> dt.time:
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError:
        raise InputError(f"[operations] {key}: a time 'HH:MM', not {value!r}") from None


def _ratios_with(
    ratios: RatioPolicy | None, o: Mapping[str, object], source: str
) -> RatioPolicy | None:
    """``ratios`` with the ratio overrides applied (the same policy if none is given); without
    a pack's ratios (None) the overrides' form alone is checked, their groups when a pack's
    rules are overridden."""
    table = o.get("children_per_assistant")
    if table is not None:
        known = None if ratios is None else ratios.groups
        if not isinstance(table, Mapping) or (known is not None and not set(table) <= set(known)):
            raise InputError(
                "[operations] children_per_assistant: a table of the age groups "
                + (", ".join(known) if known else "of the country pack")
            )
        per = {g: _whole(f"children_per_assistant.{g}", n, 1, 100) for g, n in table.items()}
    leads = _whole("leads_per_room", o["leads_per_room"], 0, 10) if "leads_per_room" in o else None
    if "mixing" in o and o["mixing"] not in ("strictest", "weighted"):
        raise InputError("[operations] mixing: 'strictest' or 'weighted'")
    if ratios is None or not {"children_per_assistant", "leads_per_room", "mixing"} & set(o):
        return ratios
    if table is not None:
        rules = tuple(
            replace(r, children_per_assistant=per[r.group], source=source) if r.group in per else r
            for r in ratios.rules
        )
        ratios = replace(ratios, rules=rules)
    if leads is not None:
        ratios = replace(ratios, leads_per_room=leads)
    if "mixing" in o:
        ratios = replace(ratios, mixing=cast(Mixing, o["mixing"]))
    return replace(ratios, source=source)


def rules_with(
    base: OperationsRules, overrides: Mapping[str, object], *, source: str = OVERRIDE_SOURCE
) -> OperationsRules:
    """``base`` with the overrides of ``OVERRIDABLE`` applied (each checked; an unknown key or
    a bad value raises ``InputError`` naming it). Every overridden part names ``source`` (by
    default the deployment's settings) as its own."""
    unknown = sorted(set(overrides) - set(OVERRIDABLE))
    if unknown:
        raise InputError(
            f"[operations] unknown keys: {', '.join(unknown)} (known: {', '.join(OVERRIDABLE)})"
        )
    o = dict(overrides)
    rules = base
    ratios = _ratios_with(rules.ratio_policy, o, source)
    if ratios is not rules.ratio_policy:
        rules = replace(rules, ratio_policy=ratios)
    pickup = {
        "code_digits": ("code_digits", 4, 12),
        "code_valid_hours": ("code_valid_hours", 1, 24 * 7),
        "late_director_min": ("director_after_min", 0, 24 * 60),
        "late_protocol_min": ("protocol_after_min", 0, 24 * 60),
    }
    changes: dict[str, Any] = {
        field_: _whole(key, o[key], lo, hi) for key, (field_, lo, hi) in pickup.items() if key in o
    }
    if changes:
        rules = replace(rules, pickup=replace(rules.pickup, **changes, source=source))
    if rules.pickup.protocol_after_min < rules.pickup.director_after_min:
        raise InputError("[operations] late_protocol_min: not before late_director_min")
    drills: dict[str, Any] = {}
    if "drill_interval_days" in o:
        drills["interval_days"] = _whole("drill_interval_days", o["drill_interval_days"], 1, 366)
    if "drill_target_minutes" in o:
        target = o["drill_target_minutes"]
        if isinstance(target, bool) or not isinstance(target, int | float) or not 0 < target <= 60:
            raise InputError("[operations] drill_target_minutes: minutes above 0, at most 60")
        drills["target_minutes"] = float(target)
    if drills:
        rules = replace(rules, drills=replace(rules.drills, **drills, source=source))
    calendar: dict[str, Any] = {}
    for key in ("opens", "closes"):
        if key in o:
            calendar[key] = _clock(key, o[key])
    if "weekdays" in o:
        days = o["weekdays"]
        if not isinstance(days, list | tuple) or not days:
            raise InputError("[operations] weekdays: a list of weekdays, 0 = Monday")
        calendar["weekdays"] = frozenset(_whole("weekdays", d, 0, 6) for d in days)
    if calendar:
        rules = replace(rules, calendar=replace(rules.calendar, **calendar, source=source))
    if "incident_escalation_hours" in o:
        rules = replace(
            rules,
            incidents=_escalations(rules.incidents, o["incident_escalation_hours"], source),
        )
    if "health_exclusions" in o:
        rules = replace(rules, health=_exclusions(o["health_exclusions"], source))
    limits = {
        "future_skew_s": (0, 3600),
        "late_max_days": (1, 31),
        "absence_max_days": (1, 366),
    }
    changes = {key: _whole(key, o[key], lo, hi) for key, (lo, hi) in limits.items() if key in o}
    if changes:
        sources = dict(rules.sources) | dict.fromkeys(changes, source)
        rules = replace(rules, **changes, sources=sources)
    return rules


def _escalations(base: IncidentRules, table: object, source: str) -> IncidentRules:
    """``base`` with the severities of ``table`` escalated as it says (each severity's list is
    replaced whole; the others keep theirs)."""
    key = "[operations] incident_escalation_hours"
    severities = [str(s) for s in Severity]
    if not isinstance(table, Mapping) or not table or not set(table) <= set(severities):
        raise InputError(f"{key}: a table of the severities {', '.join(severities)}")
    escalations = dict(base.escalations)
    for severity, steps in table.items():
        if not isinstance(steps, Mapping) or not steps or not set(steps) <= set(RECIPIENTS):
            raise InputError(f"{key}.{severity}: a table of {', '.join(RECIPIENTS)} → hours")
        chain = []
        for to, hours in steps.items():
            if (
                isinstance(hours, bool)
                or not isinstance(hours, int | float)
                or not 0 <= hours <= 72
            ):
                raise InputError(f"{key}.{severity}.{to}: hours from 0 to 72")
            chain.append(Escalation(to, float(hours)))
        escalations[Severity(severity)] = tuple(sorted(chain, key=lambda e: e.within_hours))
    return replace(base, escalations=escalations, source=source)


def _exclusions(rules: object, source: str) -> HealthFilter:
    """The health filter of a list of exclusion tables (see ``OVERRIDABLE``), each checked."""
    key = "[operations] health_exclusions"
    if not isinstance(rules, list | tuple) or not rules:
        raise InputError(f"{key}: a list of exclusion tables (code, es, en, temperature_c or sign)")
    out: list[ExclusionRule] = []
    for i, rule in enumerate(rules):
        where = f"{key}[{i}]"
        fields = {"code", "es", "en", "temperature_c", "sign", "source"}
        if not isinstance(rule, Mapping) or not set(rule) <= fields:
            raise InputError(f"{where}: a table of {', '.join(sorted(fields))}")
        text = {k: rule.get(k) for k in ("code", "es", "en")}
        empty = [k for k, v in text.items() if not isinstance(v, str) or not v.strip()]
        if empty:
            raise InputError(f"{where}: {', '.join(empty)} must be given as text")
        temperature, sign = rule.get("temperature_c"), rule.get("sign")
        if (temperature is None) == (sign is None):
            raise InputError(f"{where}: give temperature_c or sign, not both")
        if temperature is not None and (
            isinstance(temperature, bool)
            or not isinstance(temperature, int | float)
            or not 35 <= temperature <= 42
        ):
            raise InputError(f"{where}.temperature_c: degrees Celsius from 35 to 42")
        if sign is not None and sign not in SIGNS:
            raise InputError(f"{where}.sign: one of {', '.join(SIGNS)}")
        out.append(
            ExclusionRule(
                str(text["code"]).strip(),
                str(text["es"]).strip(),
                str(text["en"]).strip(),
                min_temperature_c=None if temperature is None else float(temperature),
                sign=None if sign is None else str(sign),
                source=str(rule.get("source") or source),
            )
        )
    codes = [r.code for r in out]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise InputError(f"{key}: codes repeated: {', '.join(repeated)}")
    return HealthFilter(tuple(out))


def rules_for(pack: CountryPack, base: OperationsRules = DEFAULT_RULES) -> OperationsRules:
    """``base`` with the country pack's parts: its staff-to-child ratios (``ratios``), its
    operations rules (``operations``: drills, opening hours, pick-up, incident escalation,
    the health filter, each part naming the pack's sources) and its public holidays
    (``holidays_in``, fixed and movable) in the centres' calendar."""
    unknown = sorted(set(pack.operations) - set(PACK_KEYS))
    if unknown:
        raise InputError(
            f"{pack.code}: operations rules {', '.join(unknown)} are not a pack's "
            f"(known: {', '.join(PACK_KEYS)})"
        )
    rules = replace(base, ratio_policy=pack.ratios)
    hours = HOURS_SOURCE
    for part, keys in PACK_PARTS.items():
        given = {key: pack.operations[key] for key in keys if key in pack.operations}
        if given:
            source = "; ".join(dict.fromkeys(r.source for r in given.values()))
            rules = rules_with(
                rules, {k: r.value for k, r in given.items()}, source=f"{pack.name}: {source}"
            )
            hours = rules.calendar.source if part == "calendar" else hours
    sources = sorted({h.source for h in pack.holidays})
    calendar = replace(
        rules.calendar,
        holidays=pack.holidays_in,
        source=f"{hours}; holidays ({pack.name}): {'; '.join(sources)}",
        _cache={},
    )
    return replace(rules, calendar=calendar)
