"""Whether the places a planner asks for can be reached, and why not: the centres allowed times
the largest size, the budget at the cheapest cost per place, or (after a run) the demand within
reach of the candidate sites."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Limit(StrEnum):
    """What caps the places of a plan below those asked for."""

    CENTRES = "centres"  # centres allowed x the largest size
    BUDGET = "budget"  # the budget buys at most this many places
    DEMAND = "demand"  # the plan stopped short: more centres would not fill


@dataclass(frozen=True)
class Shortfall:
    """Places asked for, the most reachable under ``limit``, and the figures that show why:
    ``centres`` of ``size`` places (each costing ``cost`` for a budget)."""

    limit: Limit
    asked: int
    reachable: int
    centres: int | None = None
    size: int | None = None
    cost: float | None = None
    budget: float | None = None


#: A plan that opens at least this share of the places asked for is taken as reaching them
#: (sizes are whole centres: 1,000 centres of 110 or 250 places rarely sum exactly).
REACHED_SHARE = 0.99


def places_within_reach(
    places: int | None,
    *,
    centres: int | None,
    sizes: Sequence[int],
    costs: Sequence[float],
    budget: float | None = None,
) -> list[Shortfall]:
    """Before a run: each cap that keeps the plan below ``places`` (none when nothing is
    asked or every cap allows it). Centres: ``centres x max(sizes)``. Budget: whole centres of
    the size with the lowest cost per place, ``floor(budget / cost) x size``."""
    if not places or not sizes:
        return []
    out: list[Shortfall] = []
    largest = max(sizes)
    if centres is not None and centres * largest < places:
        out.append(Shortfall(Limit.CENTRES, places, centres * largest, centres, largest))
    if budget is not None and costs:
        pairs = [(c / s, s, c) for s, c in zip(sizes, costs, strict=True) if s > 0]
        if pairs:
            _, size, cost = min(pairs)
            affordable = math.floor(budget / cost) if cost > 0 else None
            if affordable is not None and affordable * size < places:
                out.append(
                    Shortfall(
                        Limit.BUDGET,
                        places,
                        affordable * size,
                        affordable,
                        size,
                        cost=cost,
                        budget=budget,
                    )
                )
    return out


def result_shortfall(
    places: int | None, planned: int, caps: Sequence[Shortfall]
) -> Shortfall | None:
    """After a run: the plan's places fell short of those asked for while no cap explains it,
    so the demand within reach (each centre must expect to fill its minimum occupancy) is the
    limit. None when the plan reached them or a cap already says why."""
    if not places or planned >= REACHED_SHARE * places:
        return None
    if any(c.reachable < REACHED_SHARE * places for c in caps):
        return None
    return Shortfall(Limit.DEMAND, places, planned)


def gap_headroom(gap: float) -> float:
    """How much better, at most, than the plan the best plan under the same rules can be: the
    certified gap ``1 - value / bound`` read as ``bound / value - 1``."""
    if not math.isfinite(gap) or gap <= 0:
        return 0.0
    if gap >= 1:
        return math.inf
    return gap / (1 - gap)
