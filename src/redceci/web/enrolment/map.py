"""The parents' centre map: the centres taking applications, nearest to home or work first,
with their distances from them; the page's map (``static/maps.js``) draws them over INEGI's
outlines and place names served by the platform, nothing fetched from elsewhere."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from redceci.planning.travel import haversine_km
from redceci.store.enrolment.pages import CentreRooms

#: Centres listed and drawn at most (the nearest to home or work first); the ranking offers
#: these and any centre the family ranked beyond them.
MAX_CENTRES = 300
#: Centres the first view is fitted to (the nearest ones when home or work is marked).
FITTED = 20


@dataclass(frozen=True)
class Mark:
    """A centre on the map, with its distances from home and work."""

    centre: CentreRooms
    km_home: float | None
    km_work: float | None

    @property
    def km(self) -> float | None:
        known = [d for d in (self.km_home, self.km_work) if d is not None]
        return min(known) if known else None


Ranked = tuple[CentreRooms, float | None, float | None]  # a centre, km from home and work


@dataclass
class CentreMap:
    """The centres drawn (nearest first), home and work as (lat, lon), and the centres beyond
    those drawn (by id), which a family may have ranked before."""

    marks: list[Mark] = field(default_factory=list)
    points: dict[str, tuple[float, float]] = field(default_factory=dict)  # home/work -> lat, lon
    beyond: dict[int, Ranked] = field(default_factory=dict)
    fitted: int = FITTED

    def options(self, chosen: Iterable[str]) -> list[Mark]:
        """The centres a family may rank: those drawn, then the ``chosen`` ids beyond them (so
        a ranking is never cut by the map's limit)."""
        ids = [int(c) for c in dict.fromkeys(chosen) if c.isdecimal()]
        return self.marks + [Mark(*self.beyond[i]) for i in ids if i in self.beyond]


def centre_map(
    centres: tuple[CentreRooms, ...] | list[CentreRooms],
    *,
    home: tuple[float, float] | None = None,
    work: tuple[float, float] | None = None,
) -> CentreMap:
    """Centres nearest to home or work first (as listed otherwise), at most ``MAX_CENTRES``;
    the page fits its first view to the ``FITTED`` first and the points."""

    at_lat = np.array([c.lat for c in centres], dtype=float)
    at_lon = np.array([c.lon for c in centres], dtype=float)

    def km(point: tuple[float, float] | None) -> list[float | None]:
        if point is None:
            return [None] * len(centres)
        far = haversine_km(np.asarray(point[0]), np.asarray(point[1]), at_lat, at_lon)
        return [round(float(d), 1) for d in far]

    ranked: list[Ranked] = list(zip(centres, km(home), km(work), strict=True))
    if home is not None or work is not None:
        ranked.sort(key=lambda m: min(d for d in m[1:] if d is not None))
    ranked, beyond = ranked[:MAX_CENTRES], ranked[MAX_CENTRES:]
    points = {k: p for k, p in (("home", home), ("work", work)) if p is not None}
    return CentreMap(
        marks=[Mark(*m) for m in ranked], points=points, beyond={m[0].id: m for m in beyond}
    )
