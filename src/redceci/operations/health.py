"""The morning health filter: what staff observe at the door (temperature, visible signs,
reported illness, medication brought) and the exclusion rules that refuse entry.

The rules are a configurable list (the country pack's, ``CountryPack.operations``; the centre's
medical staff set their own), each with its source; the defaults here are ASSUMPTIONS.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from redceci.errors import InputError

_ASSUMED = (
    "ASSUMPTION: common exclusion sign in childcare health policies, until the country pack "
    "gives its exclusion list (CountryPack.operations: health_exclusions)"
)

#: Visible signs the filter form offers (codes; the pages translate them).
SIGNS = ("respiratory", "vomiting", "diarrhoea", "rash", "conjunctivitis", "injury")


@dataclass(frozen=True)
class Observation:
    """What the filter recorded for a child at the door."""

    temperature_c: float | None = None
    signs: tuple[str, ...] = ()
    reported_illness: str = ""
    medication: str = ""  # medication brought (its record lives in nutrition_health)

    def __post_init__(self) -> None:
        if self.temperature_c is not None and not 30.0 <= self.temperature_c <= 45.0:
            raise InputError(f"temperature {self.temperature_c} °C is not plausible (30-45)")
        unknown = sorted(set(self.signs) - set(SIGNS))
        if unknown:
            raise InputError(f"unknown signs {unknown}; known: {', '.join(SIGNS)}")

    @classmethod
    def from_data(cls, data: Mapping[str, Any] | None) -> Observation:
        """An observation from an event's ``observation`` data (absent fields empty)."""
        if not data:
            return cls()
        t = data.get("temperature_c")
        return cls(
            temperature_c=float(t) if t is not None else None,
            signs=tuple(str(s) for s in data.get("signs") or ()),
            reported_illness=str(data.get("reported_illness") or ""),
            medication=str(data.get("medication") or ""),
        )

    def as_data(self) -> dict[str, Any]:
        return {
            "temperature_c": self.temperature_c,
            "signs": list(self.signs),
            "reported_illness": self.reported_illness,
            "medication": self.medication,
        }


@dataclass(frozen=True)
class ExclusionRule:
    """Refuse entry when the temperature reaches ``min_temperature_c`` or ``sign`` is seen."""

    code: str
    label_es: str
    label_en: str
    min_temperature_c: float | None = None
    sign: str | None = None
    source: str = ""

    def __post_init__(self) -> None:
        if (self.min_temperature_c is None) == (self.sign is None):
            raise InputError(f"rule {self.code!r}: give a temperature or a sign, not both")
        if self.sign is not None and self.sign not in SIGNS:
            raise InputError(f"rule {self.code!r}: unknown sign {self.sign!r}")

    def applies(self, observation: Observation) -> bool:
        if self.min_temperature_c is not None:
            t = observation.temperature_c
            return t is not None and t >= self.min_temperature_c
        return self.sign in observation.signs


@dataclass(frozen=True)
class HealthFilter:
    """The exclusion rules in force, plus the reasons staff may give that no rule covers."""

    rules: tuple[ExclusionRule, ...]
    other_reasons: tuple[str, ...] = field(default=("other",))

    def excluded_by(self, observation: Observation) -> list[ExclusionRule]:
        """The rules this observation meets (empty: the child may come in)."""
        return [r for r in self.rules if r.applies(observation)]

    def reason_codes(self) -> frozenset[str]:
        return frozenset(r.code for r in self.rules) | frozenset(self.other_reasons)

    def check_reason(self, code: str, note: str = "") -> None:
        """A refusal's reason must be a rule's code, or ``other`` with a note."""
        if code not in self.reason_codes():
            known = ", ".join(sorted(self.reason_codes()))
            raise InputError(f"refusal reason {code!r} is not in the list ({known})")
        if code in self.other_reasons and not note.strip():
            raise InputError("a refusal for another reason needs a note saying which")


def default_rules() -> tuple[ExclusionRule, ...]:
    """The default exclusion list (fever at 38.0 °C, respiratory signs, and assumed others)."""
    return (
        ExclusionRule(
            "fever",
            "Fiebre (38.0 °C o más)",
            "Fever (38.0 °C or more)",
            min_temperature_c=38.0,
            source=_ASSUMED + "; 38.0 °C: the usual clinical fever threshold",
        ),
        ExclusionRule(
            "respiratory",
            "Signos respiratorios",
            "Respiratory signs",
            sign="respiratory",
            source=_ASSUMED,
        ),
        ExclusionRule("vomiting", "Vómito", "Vomiting", sign="vomiting", source=_ASSUMED),
        ExclusionRule("diarrhoea", "Diarrea", "Diarrhoea", sign="diarrhoea", source=_ASSUMED),
        ExclusionRule(
            "conjunctivitis",
            "Conjuntivitis",
            "Conjunctivitis",
            sign="conjunctivitis",
            source=_ASSUMED,
        ),
    )


DEFAULT_FILTER = HealthFilter(default_rules())


def filter_of(rules: Iterable[ExclusionRule] | None) -> HealthFilter:
    """A filter with these rules, or the default one when none are set."""
    chosen = tuple(rules or ())
    return HealthFilter(chosen) if chosen else DEFAULT_FILTER
