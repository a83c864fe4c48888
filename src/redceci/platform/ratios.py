"""Staff-to-child ratio rules by age group, as data with their sources: how many adults a room
needs for the children in it (a mixed room by the strictest rule, or by a weighted one).

A room needs ``leads_per_room`` qualified lead educators as soon as it holds a child, plus one
assistant for every ``children_per_assistant`` children of its age group. For a room holding
children of several groups:

* ``strictest`` (default): every child counts under the strictest group present, so
  ``assistants = ceil(n / min(children_per_assistant))``: never fewer adults than any single
  group's rule would ask for the whole room (the safe reading after the ABC fire);
* ``weighted``: each child takes ``1 / children_per_assistant`` of an assistant (eVaka's
  occupancy coefficients, operations-facts.md §4), so ``assistants = ceil(sum(1 / cpa_i))``:
  exact for rooms that mix ages, and never more than ``strictest``.

The groups and figures are configuration: each country pack gives its own ``RatioPolicy``
(``CountryPack.ratios``; Mexico's in ``countries/mx/ratios.py``); there is no default.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from redceci.errors import InputError
from redceci.platform.rooms import AgeLimit

Mixing = Literal["strictest", "weighted"]


@dataclass(frozen=True)
class RatioRule:
    """One age group's rule: children from ``min_age`` (inclusive) to ``max_age`` (exclusive)
    need one assistant per ``children_per_assistant``."""

    group: str
    min_age: AgeLimit
    max_age: AgeLimit
    children_per_assistant: int
    source: str = ""

    def __post_init__(self) -> None:
        if self.children_per_assistant < 1:
            raise InputError(f"{self.group}: children per assistant must be at least 1")
        if not self.min_age < self.max_age:
            raise InputError(f"{self.group}: minimum age must be below maximum age")


@dataclass(frozen=True)
class RatioPolicy:
    """The ratio rules of a country: contiguous age groups, youngest first."""

    rules: tuple[RatioRule, ...]
    leads_per_room: int = 1
    mixing: Mixing = "strictest"
    source: str = ""

    def __post_init__(self) -> None:
        if not self.rules:
            raise InputError("a ratio policy needs at least one rule")
        if self.leads_per_room < 0:
            raise InputError("leads per room cannot be negative")
        for a, b in zip(self.rules, self.rules[1:], strict=False):
            if a.max_age != b.min_age:
                raise InputError(f"ratio groups {a.group!r} and {b.group!r} are not contiguous")

    def rule(self, group: str) -> RatioRule:
        """The rule of a group, by name."""
        for r in self.rules:
            if r.group == group:
                return r
        raise InputError(f"no ratio group {group!r}; known: {', '.join(self.groups)}")

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(r.group for r in self.rules)

    def rule_for(self, birth: date, on: date) -> RatioRule | None:
        """The rule for a child born on ``birth``, on ``on`` (None outside every group)."""
        for r in self.rules:
            if r.min_age.reached_on(birth) <= on < r.max_age.reached_on(birth):
                return r
        return None

    def assistants_needed(self, groups: Sequence[str]) -> int:
        """Assistants a room needs for children of these groups (one entry per child)."""
        if not groups:
            return 0
        per = [self.rule(g).children_per_assistant for g in groups]
        if self.mixing == "strictest":
            return math.ceil(len(per) / min(per))
        # Sum of shares, with a tolerance so that e.g. ten tenths need one assistant, not two.
        return math.ceil(sum(1.0 / c for c in per) - 1e-9)

    def staff_needed(self, groups: Sequence[str]) -> int:
        """Adults a room needs: its leads plus the assistants (0 for an empty room)."""
        if not groups:
            return 0
        return self.leads_per_room + self.assistants_needed(groups)

    def children_allowed(self, group: str, staff: int) -> int:
        """Most children of one group a room may hold with ``staff`` adults present."""
        assistants = staff - self.leads_per_room
        if assistants < 0:
            return 0
        return assistants * self.rule(group).children_per_assistant
