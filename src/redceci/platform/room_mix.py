"""How a new centre's places split across its age rooms: in proportion to the catchment's
eligible children in each room's age band, ages spread evenly within the census bands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from redceci.platform.rooms import AgeLimit, RoomScheme

#: Days in a month for turning room bounds in months into days (365.25 / 12).
DAYS_PER_MONTH = 365.25 / 12

#: The census age bands the needs analysis reports eligible children in, in days:
#: ``eligible_under_3`` covers 43 days to 3 years, ``eligible_3_plus`` 3 to 4 years.
#: ASSUMPTION: children's ages are spread evenly within each band (the census counts
#: children by whole years; INEGI, Censo 2020, P_0A2 and P_3A5).
UNDER_3_DAYS = (43.0, 3 * 12 * DAYS_PER_MONTH)
THREE_PLUS_DAYS = (3 * 12 * DAYS_PER_MONTH, 4 * 12 * DAYS_PER_MONTH)


@dataclass(frozen=True)
class RoomBand:
    """A room's age group and its bounds in days (from inclusive, to exclusive)."""

    name: str
    from_day: float
    to_day: float


def _days(age: AgeLimit) -> float:
    return age.months * DAYS_PER_MONTH + age.days


def bands_of(scheme: RoomScheme) -> list[RoomBand]:
    """A room scheme's rooms (a country pack's ``rooms``) as age bands in days."""
    return [RoomBand(r.name, _days(r.min_age), _days(r.max_age)) for r in scheme.rooms]


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def room_demand(
    bands: Sequence[RoomBand], eligible_under_3: float, eligible_3_plus: float
) -> list[float]:
    """Eligible children in each room's age band (ages even within the census bands)."""
    census = ((UNDER_3_DAYS, eligible_under_3), (THREE_PLUS_DAYS, eligible_3_plus))
    return [
        sum(
            children * _overlap((b.from_day, b.to_day), span) / (span[1] - span[0])
            for span, children in census
        )
        for b in bands
    ]


def split_places(places: int, weights: Sequence[float]) -> list[int]:
    """``places`` shared in proportion to ``weights`` by largest remainder (sums exactly);
    equal weights when none is positive."""
    if places < 0:
        raise ValueError("places must be non-negative")
    w = np.clip(np.asarray(weights, dtype=float), 0.0, None)
    if not len(w):
        return []
    if w.sum() <= 0:
        w = np.ones(len(w))
    exact = places * w / w.sum()
    whole = np.floor(exact).astype(int)
    left = places - int(whole.sum())
    order = np.argsort(-(exact - whole), kind="stable")
    whole[order[:left]] += 1
    return [int(x) for x in whole]


def room_places(
    places: int,
    bands: Sequence[RoomBand],
    eligible_under_3: float | None,
    eligible_3_plus: float | None,
) -> list[int]:
    """A centre of ``places`` split across ``bands`` by the catchment's eligible children;
    without the analysis' age split, by the width of each band (every age equally likely)."""
    if eligible_under_3 is None or eligible_3_plus is None:
        weights = [max(0.0, b.to_day - b.from_day) for b in bands]
    else:
        weights = room_demand(bands, eligible_under_3, eligible_3_plus)
    return split_places(places, weights)
