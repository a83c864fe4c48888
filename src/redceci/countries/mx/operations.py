"""Mexico's operations rules: drills, opening hours, pick-up, incident escalation and the health
filter's exclusion list, each with its IMSS or regulatory source (or marked ASSUMPTION).

The values are written as a deployment writes them in ``[operations]`` (the keys of
``operations.parameters.PACK_KEYS``); ``rules_for(pack)`` applies them over the core's defaults.
"""

from __future__ import annotations

from redceci.platform.country import PackRule

__all__ = ["OPERATIONS"]

_DRILLS = (
    "IMSS guarderías drill monthly: Guardería 001 Zamora (fire monthly, earthquake weekly, "
    "3 min maximum) and IMSS Tlaxcala (monthly) [S]; Morelos state minimum 3 a year [S]; "
    "NOM-009-SEGOB-2015's frequency clause not read [U] (operations-facts.md §1 'Drills')"
)
_HOURS = (
    "ASSUMPTION: IMSS guarderías open on weekdays for the parents' working day; 07:00-16:00 "
    "is a default each centre overrides"
)
_PICKUP = (
    "ASSUMPTION: no IMSS rule found on authorised persons or late pick-up "
    "(operations-facts.md §1 'Pick-up' [U]); Brightwheel kiosks use 4-digit codes for "
    "approved pickups [V]; 6 digits, 12 hours and 10/60 minutes are defaults to review."
)
_INCIDENTS = (
    "Issue 10: guardian informed the same day, serious incidents to the state and the "
    "network within a set time; the hours are ASSUMPTIONS (no IMSS text read) "
    "(operations-facts.md §4 'Incident reports')"
)
_FILTER = (
    "IMSS filtro sanitario: entry check for fever and respiratory signs, sick child collected by "
    "parents and taken to the UMF [S] (operations-facts.md §1: veracruzaldia.com/?p=1004702; "
    "elsiglodetorreon.com.mx 2021)"
)
_ASSUMED = (
    "ASSUMPTION: common exclusion sign in childcare health policies; no IMSS text read "
    "(operations-facts.md §1 'Filtro sanitario' names fever and respiratory signs only)"
)


def _sign(code: str, es: str, en: str, source: str = _ASSUMED) -> dict[str, object]:
    return {"code": code, "es": es, "en": en, "sign": code, "source": source}


OPERATIONS: dict[str, PackRule] = {
    "drill_interval_days": PackRule(30, _DRILLS),
    "drill_target_minutes": PackRule(3.0, _DRILLS + "; 3 minutes: IMSS Zamora's maximum"),
    "opens": PackRule("07:00", _HOURS),
    "closes": PackRule("16:00", _HOURS),
    "weekdays": PackRule([0, 1, 2, 3, 4], _HOURS),
    "code_digits": PackRule(6, _PICKUP),
    "code_valid_hours": PackRule(12, _PICKUP),
    "late_director_min": PackRule(10, _PICKUP),
    "late_protocol_min": PackRule(60, _PICKUP),
    "incident_escalation_hours": PackRule(
        {
            "minor": {"guardian": 10},
            "moderate": {"director": 0, "guardian": 2},
            "serious": {"director": 0, "guardian": 0.5, "state": 2, "network": 2},
        },
        _INCIDENTS,
    ),
    "health_exclusions": PackRule(
        [
            {
                "code": "fever",
                "es": "Fiebre (38.0 °C o más)",
                "en": "Fever (38.0 °C or more)",
                "temperature_c": 38.0,
                "source": _FILTER + "; 38.0 °C: ASSUMPTION, the usual clinical fever threshold",
            },
            _sign("respiratory", "Signos respiratorios", "Respiratory signs", _FILTER),
            _sign("vomiting", "Vómito", "Vomiting"),
            _sign("diarrhoea", "Diarrea", "Diarrhoea"),
            _sign("conjunctivitis", "Conjuntivitis", "Conjunctivitis"),
        ],
        _FILTER,
    ),
}
