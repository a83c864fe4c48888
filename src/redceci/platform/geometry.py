"""Plane geometry for the served maps: outlines simplified for a zoom level (Douglas-Peucker),
coordinates rounded, boxes and a label point per outline (pure, on GeoJSON-shaped dicts)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

Box = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max


def _keep(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker on one open line: a mask of the vertices kept (the ends always)."""
    n = len(points)
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        a, b = points[first], points[last]
        middle = points[first + 1 : last]
        ab = b - a
        norm = float(np.hypot(*ab))
        if norm == 0.0:
            dist = np.hypot(*(middle - a).T)
        else:
            dist = np.abs(ab[0] * (middle[:, 1] - a[1]) - ab[1] * (middle[:, 0] - a[0])) / norm
        far = int(np.argmax(dist))
        if dist[far] > tolerance:
            at = first + 1 + far
            keep[at] = True
            stack.extend(((first, at), (at, last)))
    return keep


def simplify_ring(ring: list[list[float]], tolerance: float, digits: int = 4) -> list[list[float]]:
    """A closed ring with the vertices within ``tolerance`` degrees of the simplified line
    dropped, rounded to ``digits`` decimals; empty when it shrinks below a triangle."""
    points = np.asarray(ring, dtype=float)[:, :2]
    if len(points) < 4:
        return []
    # Split the ring at its vertex farthest from the first, so both halves have fixed ends.
    far = int(np.argmax(np.hypot(*(points - points[0]).T)))
    if far == 0:
        return []
    kept = np.concatenate(
        [_keep(points[: far + 1], tolerance)[:-1], _keep(points[far:], tolerance)]
    )
    out = np.round(points[kept], digits)
    out = out[np.r_[True, np.any(np.diff(out, axis=0) != 0, axis=1)]]
    if len(out) < 4:
        return []
    return [[float(x), float(y)] for x, y in out]


def polygons(geometry: dict[str, Any]) -> Iterator[list[list[list[float]]]]:
    """Each polygon (outer ring, then holes) of a Polygon or MultiPolygon."""
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        yield coords
    elif kind == "MultiPolygon":
        yield from coords


def simplify_geometry(
    geometry: dict[str, Any], tolerance: float, digits: int = 4
) -> dict[str, Any] | None:
    """A (multi)polygon simplified ring by ring; polygons whose outer ring vanishes (islets
    smaller than the tolerance) are dropped; None when nothing is left."""
    kept = []
    for polygon in polygons(geometry):
        outer = simplify_ring(polygon[0], tolerance, digits) if polygon else []
        if not outer:
            continue
        holes = [h for h in (simplify_ring(r, tolerance, digits) for r in polygon[1:]) if h]
        kept.append([outer, *holes])
    if not kept:
        return None
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def simplify_collection(
    collection: dict[str, Any],
    tolerance: float,
    *,
    digits: int = 4,
    properties: tuple[str, ...] = (),
) -> dict[str, Any]:
    """A FeatureCollection with every geometry simplified and only ``properties`` kept (a
    feature whose geometry vanishes keeps its largest polygon unsimplified but rounded)."""
    features = []
    for feature in collection.get("features") or []:
        geometry = feature.get("geometry") or {}
        simple = simplify_geometry(geometry, tolerance, digits)
        if simple is None:
            biggest = max(polygons(geometry), key=lambda p: abs(ring_area(p[0])), default=None)
            if biggest is None:
                continue
            outer = [[round(x, digits), round(y, digits)] for x, y, *_ in biggest[0]]
            simple = {"type": "Polygon", "coordinates": [outer]}
        props = feature.get("properties") or {}
        features.append(
            {
                "type": "Feature",
                "properties": {k: props[k] for k in properties if k in props},
                "geometry": simple,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def ring_area(ring: list[list[float]]) -> float:
    """Signed area of a ring in square degrees (shoelace formula)."""
    points = np.asarray(ring, dtype=float)[:, :2]
    if len(points) < 3:
        return 0.0
    x, y = points[:, 0], points[:, 1]
    return float(0.5 * (np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def box_of(geometry: dict[str, Any]) -> Box | None:
    """The geometry's bounding box, None when it has no vertex."""
    arrays = [np.asarray(r, dtype=float)[:, :2] for p in polygons(geometry) for r in p if r]
    if not arrays:
        return None
    points = np.concatenate(arrays)
    lon_min, lat_min = points.min(axis=0)
    lon_max, lat_max = points.max(axis=0)
    return float(lon_min), float(lat_min), float(lon_max), float(lat_max)


def label_point(geometry: dict[str, Any]) -> tuple[float, float] | None:
    """Where to write an outline's name, as (lat, lon): the area centroid of its largest
    polygon's outer ring (its vertex mean when that ring has no area)."""
    biggest = max(polygons(geometry), key=lambda p: abs(ring_area(p[0])) if p else 0, default=None)
    if not biggest or not biggest[0]:
        return None
    points = np.asarray(biggest[0], dtype=float)[:, :2]
    x, y = points[:, 0], points[:, 1]
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    area = cross.sum() / 2
    if abs(area) < 1e-12:
        return float(y.mean()), float(x.mean())
    cx = ((x + np.roll(x, -1)) * cross).sum() / (6 * area)
    cy = ((y + np.roll(y, -1)) * cross).sum() / (6 * area)
    return float(cy), float(cx)
