"""Outline simplification, boxes and label points, checked against shapes with known answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from redceci.platform.geometry import (
    box_of,
    label_point,
    ring_area,
    simplify_collection,
    simplify_geometry,
    simplify_ring,
)


def circle(n: int, radius: float = 1.0, wobble: float = 0.0) -> list[list[float]]:
    angles = np.linspace(0, 2 * math.pi, n, endpoint=False)
    r = radius + wobble * np.sin(angles * 40)
    ring = [
        [float(x), float(y)] for x, y in zip(r * np.cos(angles), r * np.sin(angles), strict=True)
    ]
    return [*ring, ring[0]]


def test_a_square_with_collinear_vertices_keeps_only_its_corners() -> None:
    ring = [[0, 0], [0.5, 0], [1, 0], [1, 0.5], [1, 1], [0.5, 1], [0, 1], [0, 0.5], [0, 0]]
    simple = simplify_ring(ring, 0.01)
    assert simple[0] == simple[-1]
    assert sorted(map(tuple, simple[:-1])) == [(0, 0), (0, 1), (1, 0), (1, 1)]


def test_no_dropped_vertex_lies_farther_than_the_tolerance_from_the_outline() -> None:
    ring = circle(400, wobble=0.01)
    tolerance = 0.02
    simple = np.asarray(simplify_ring(ring, tolerance, digits=6))
    assert 4 <= len(simple) < 200

    def distance(p: np.ndarray) -> float:
        a, b = simple[:-1], simple[1:]
        ab = b - a
        t = np.clip(((p - a) * ab).sum(axis=1) / (ab * ab).sum(axis=1), 0, 1)
        return float(np.hypot(*(a + ab * t[:, None] - p).T).min())

    assert max(distance(np.asarray(p)) for p in ring) <= tolerance + 1e-6
    assert abs(ring_area(simple.tolist())) == pytest.approx(math.pi, rel=0.05)


def test_an_islet_smaller_than_the_tolerance_is_dropped_but_a_lone_feature_is_kept() -> None:
    big, islet = circle(60), circle(12, radius=0.001)
    multi = {"type": "MultiPolygon", "coordinates": [[big], [[[x + 5, y] for x, y in islet]]]}
    simple = simplify_geometry(multi, 0.01)
    assert simple is not None and simple["type"] == "Polygon"
    tiny = {"type": "Polygon", "coordinates": [islet]}
    assert simplify_geometry(tiny, 0.01) is None
    collection = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"CVEGEO": "01", "x": 1}, "geometry": tiny}],
    }
    (feature,) = simplify_collection(collection, 0.01, properties=("CVEGEO",))["features"]
    assert feature["properties"] == {"CVEGEO": "01"}
    assert len(feature["geometry"]["coordinates"][0]) >= 4


def test_the_box_and_label_point_of_a_square_with_an_islet() -> None:
    square = [[10, 20], [12, 20], [12, 22], [10, 22], [10, 20]]
    islet = [[15, 25], [15.1, 25], [15.1, 25.1], [15, 20], [15, 25]]
    geometry = {"type": "MultiPolygon", "coordinates": [[islet], [square]]}
    assert box_of(geometry) == (10, 20, 15.1, 25.1)
    lat, lon = label_point(geometry) or (0, 0)
    assert (lat, lon) == (21, 11)  # the centroid of the larger polygon
    assert ring_area(square) == 4
