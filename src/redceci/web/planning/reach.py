"""What a scenario asks for against what it can reach: places beyond centres × the largest
size are said before and after the run ("1,000 × 250 = 250,000"), with the figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Reach:
    """The most places ``centres`` centres of the largest size hold, and what was asked."""

    centres: int
    largest: int
    most: int
    asked: int

    @property
    def short(self) -> bool:
        return self.most < self.asked


def reach_of(
    parameters: dict[str, Any], default_sizes: tuple[int, ...] | list[int]
) -> Reach | None:
    """The reach of a scenario's parameters (None when centres or places are not bounded)."""
    centres, places = parameters.get("centres"), parameters.get("places")
    sizes = parameters.get("sizes") or list(default_sizes)
    if not centres or not places or not sizes:
        return None
    largest = int(max(sizes))
    return Reach(int(centres), largest, int(centres) * largest, int(places))
