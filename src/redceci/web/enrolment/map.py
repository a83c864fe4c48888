"""The parents' centre map: municipal and state outlines around the centres taking applications
(INEGI boundaries, drawn as SVG, nothing fetched), home and work marked, distances from them."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from redceci.planning.travel import haversine_km
from redceci.report.svg import Projection, boundary_box, ring_path, rings
from redceci.store.enrolment.pages import CentreRooms
from redceci.web import maps

#: Centres listed and drawn at most (the nearest to home or work first); the ranking offers
#: these and any centre the family ranked beyond them.
MAX_CENTRES = 300
#: Centres the view is fitted to (the nearest ones when home or work is marked).
FITTED = 20
#: Margin around what is shown (share of its extent, and at least this many degrees).
MARGIN, MIN_MARGIN_DEG = 0.2, 0.04
#: The view's height over its width.
ASPECT = 0.75


@dataclass(frozen=True)
class Mark:
    """A centre on the map, with its position and distances from home and work."""

    centre: CentreRooms
    x: float
    y: float
    km_home: float | None
    km_work: float | None

    @property
    def km(self) -> float | None:
        known = [d for d in (self.km_home, self.km_work) if d is not None]
        return min(known) if known else None


Ranked = tuple[CentreRooms, float | None, float | None]  # a centre, km from home and work


@dataclass
class CentreMap:
    """The projection (for the page's script), outlines, centres and home/work points, and the
    centres beyond those drawn (by id), which a family may have ranked before."""

    proj: Projection
    municipalities: list[str] = field(default_factory=list)  # SVG path data
    states: list[str] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    points: dict[str, tuple[float, float]] = field(default_factory=dict)  # home/work -> x, y
    beyond: dict[int, Ranked] = field(default_factory=dict)

    def mark(self, centre: CentreRooms, km_home: float | None, km_work: float | None) -> Mark:
        """A centre at its place in the view."""
        x, y = self.proj.xy(np.array([centre.lon]), np.array([centre.lat]))
        return Mark(centre, float(x[0]), float(y[0]), km_home, km_work)

    def options(self, chosen: Iterable[str]) -> list[Mark]:
        """The centres a family may rank: those drawn, then the ``chosen`` ids beyond them (so
        a ranking is never cut by the map's limit)."""
        ids = [int(c) for c in dict.fromkeys(chosen) if c.isdecimal()]
        return self.marks + [self.mark(*self.beyond[i]) for i in ids if i in self.beyond]


@functools.lru_cache(maxsize=4)
def _boxes(data: Path, level: str) -> tuple[np.ndarray, list[dict[str, object]]]:
    """Each boundary feature's box (lon_min, lat_min, lon_max, lat_max), computed once."""
    features = maps.boundaries(data, level)["features"]
    boxes = [
        boundary_box({"features": [f]}) or (math.inf, math.inf, -math.inf, -math.inf)
        for f in features
    ]
    return np.array(boxes, dtype=float), features


def _outlines(data: Path, level: str, box: tuple[float, ...], proj: Projection) -> list[str]:
    boxes, features = _boxes(data, level)
    lon_min, lat_min, lon_max, lat_max = box
    hit = np.flatnonzero(
        (boxes[:, 0] <= lon_max)
        & (boxes[:, 2] >= lon_min)
        & (boxes[:, 1] <= lat_max)
        & (boxes[:, 3] >= lat_min)
    )
    paths = []
    for i in hit:
        geometry = features[i]["geometry"]
        assert isinstance(geometry, dict)
        d = "".join(ring_path(r, proj) for r in rings(geometry))
        if d:
            paths.append(d)
    return paths


def _view(lats: list[float], lons: list[float]) -> tuple[float, float, float, float]:
    """A box around the points with a margin, widened to the view's aspect."""
    lat_c, lon_c = (max(lats) + min(lats)) / 2, (max(lons) + min(lons)) / 2
    k = math.cos(math.radians(lat_c))
    half_h = (max(lats) - min(lats)) / 2 * (1 + MARGIN) + MIN_MARGIN_DEG
    half_w = ((max(lons) - min(lons)) / 2 * (1 + MARGIN) + MIN_MARGIN_DEG) * k  # in lat degrees
    half_h, half_w = max(half_h, half_w * ASPECT), max(half_w, half_h / ASPECT)
    return lon_c - half_w / k, lat_c - half_h, lon_c + half_w / k, lat_c + half_h


def centre_map(
    data: Path,
    centres: tuple[CentreRooms, ...] | list[CentreRooms],
    *,
    home: tuple[float, float] | None = None,
    work: tuple[float, float] | None = None,
) -> CentreMap:
    """Centres nearest to home or work first (as listed otherwise), at most ``MAX_CENTRES``;
    the view fits the ``FITTED`` first and the points (the whole country without any)."""

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
    lats = [c.lat for c, _, _ in ranked[:FITTED]] + [p[0] for p in points.values()]
    lons = [c.lon for c, _, _ in ranked[:FITTED]] + [p[1] for p in points.values()]
    level = "municipios" if lats else "estados"
    box = _view(lats, lons) if lats else boundary_box(maps.boundaries(data, "estados"))
    assert box is not None
    proj = Projection.fit(box)
    out = CentreMap(proj, beyond={m[0].id: m for m in beyond})
    if level == "municipios":
        out.municipalities = _outlines(data, "municipios", box, proj)
    out.states = _outlines(data, "estados", box, proj)
    out.marks = [out.mark(*m) for m in ranked]
    for name, (lat, lon) in points.items():
        x, y = proj.xy(np.array([lon]), np.array([lat]))
        out.points[name] = (float(x[0]), float(y[0]))
    return out
