"""The parents' centre map: the states' outlines (``maps.state_map``) zoomed to the centres
taking applications, with home and work marked and each centre's distance from them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from redceci.store.enrolment_pages import CentreRooms
from redceci.web import maps
from redceci.web.maps import StateMap

#: Centres listed and drawn at most (the nearest to home or work first).
MAX_CENTRES = 300
#: Margin around what is shown, as a share of its extent (and at least this many map pixels).
MARGIN, MIN_SPAN = 0.15, 12.0


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


@dataclass(frozen=True)
class Mark:
    """A centre on the map, with its position, size and distances."""

    centre: CentreRooms
    x: float
    y: float
    r: float
    km_home: float | None
    km_work: float | None

    @property
    def km(self) -> float | None:
        known = [d for d in (self.km_home, self.km_work) if d is not None]
        return min(known) if known else None


@dataclass
class CentreMap:
    """The outlines, the view box around the centres and points, the centres and points."""

    base: StateMap
    view: tuple[float, float, float, float]
    marks: list[Mark] = field(default_factory=list)
    points: dict[str, tuple[float, float]] = field(default_factory=dict)  # home/work -> x, y


def centre_map(
    data: Path,
    centres: tuple[CentreRooms, ...] | list[CentreRooms],
    *,
    home: tuple[float, float] | None = None,
    work: tuple[float, float] | None = None,
) -> CentreMap:
    """Centres nearest to home or work first (by name without them), at most ``MAX_CENTRES``."""
    base = maps.state_map(data)

    def xy(lat: float, lon: float) -> tuple[float, float]:
        x = base.pad + (lon - base.lon_min) * base.scale_x
        y = base.pad + (base.lat_max - lat) * base.scale_y
        return round(x, 2), round(y, 2)

    marks = []
    for c in centres:
        x, y = xy(c.lat, c.lon)
        marks.append(
            Mark(
                c,
                x,
                y,
                0.0,
                None if home is None else round(km_between(home, (c.lat, c.lon)), 1),
                None if work is None else round(km_between(work, (c.lat, c.lon)), 1),
            )
        )
    if home is not None or work is not None:
        marks.sort(key=lambda m: (m.km or 0.0, m.centre.name))
    marks = marks[:MAX_CENTRES]
    points = {k: xy(*p) for k, p in (("home", home), ("work", work)) if p is not None}
    xs = [m.x for m in marks[:20]] + [p[0] for p in points.values()]
    ys = [m.y for m in marks[:20]] + [p[1] for p in points.values()]
    if xs:
        span = max(max(xs) - min(xs), max(ys) - min(ys), MIN_SPAN) * (1 + 2 * MARGIN)
        cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
        view = (round(cx - span / 2, 2), round(cy - span / 2, 2), round(span, 2), round(span, 2))
    else:
        view = (0.0, 0.0, base.width, base.height)
    r = view[2] / 70
    marks = [replace(m, r=round(r * (1 + min(m.centre.places, 300) / 300), 2)) for m in marks]
    return CentreMap(base, view, marks, points)
