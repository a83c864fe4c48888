"""SVG map geometry shared by the plan report and the pages: the projection, polygon rings,
bounding boxes, outline paths and symbol radii."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

#: Width of the map's SVG coordinate system, in pixels.
MAP_WIDTH = 1000.0
#: Vertices of a state outline closer than this (map pixels) to the previous one are dropped.
MIN_VERTEX_PX = 0.7


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection scaled by cos(mean latitude) to a ``MAP_WIDTH``-wide box."""

    lon_min: float
    lat_max: float
    scale_x: float
    scale_y: float
    width: float
    height: float
    pad: float = 10.0

    @classmethod
    def fit(cls, box: tuple[float, float, float, float], width: float = MAP_WIDTH) -> Projection:
        lon_min, lat_min, lon_max, lat_max = box
        lon_span = max(lon_max - lon_min, 1e-6)
        lat_span = max(lat_max - lat_min, 1e-6)
        k = math.cos(math.radians((lat_min + lat_max) / 2))
        pad = 10.0
        scale_x = (width - 2 * pad) / lon_span
        scale_y = scale_x / max(k, 1e-6)
        height = lat_span * scale_y + 2 * pad
        return cls(lon_min, lat_max, scale_x, scale_y, width, height, pad)

    def xy(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        x = self.pad + (np.asarray(lon, dtype=float) - self.lon_min) * self.scale_x
        y = self.pad + (self.lat_max - np.asarray(lat, dtype=float)) * self.scale_y
        return np.round(x, 1), np.round(y, 1)


def rings(geometry: dict[str, Any]) -> Iterable[list[list[float]]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        yield from coords
    elif kind == "MultiPolygon":
        for polygon in coords:
            yield from polygon


def boundary_box(boundaries: dict[str, Any]) -> tuple[float, float, float, float] | None:
    lons: list[float] = []
    lats: list[float] = []
    for feat in boundaries.get("features") or []:
        for ring in rings(feat.get("geometry") or {}):
            arr = np.asarray(ring, dtype=float)
            if arr.ndim == 2 and len(arr):
                lons += [float(arr[:, 0].min()), float(arr[:, 0].max())]
                lats += [float(arr[:, 1].min()), float(arr[:, 1].max())]
    if not lons:
        return None
    return min(lons), min(lats), max(lons), max(lats)


def points_box(frames: Sequence[tuple[pd.DataFrame, str, str]]) -> tuple[float, ...] | None:
    lons: list[float] = []
    lats: list[float] = []
    for frame, lon_col, lat_col in frames:
        if frame.empty or lon_col not in frame or lat_col not in frame:
            continue
        lon = pd.to_numeric(frame[lon_col], errors="coerce").dropna()
        lat = pd.to_numeric(frame[lat_col], errors="coerce").dropna()
        if len(lon) and len(lat):
            lons += [float(lon.min()), float(lon.max())]
            lats += [float(lat.min()), float(lat.max())]
    if not lons:
        return None
    margin = 0.5
    return min(lons) - margin, min(lats) - margin, max(lons) + margin, max(lats) + margin


def ring_path(ring: list[list[float]], proj: Projection) -> str:
    arr = np.asarray(ring, dtype=float)
    if arr.ndim != 2 or len(arr) < 3:
        return ""
    x, y = proj.xy(arr[:, 0], arr[:, 1])
    kept_x, kept_y = [x[0]], [y[0]]
    for xi, yi in zip(x[1:], y[1:], strict=True):
        if abs(xi - kept_x[-1]) + abs(yi - kept_y[-1]) >= MIN_VERTEX_PX:
            kept_x.append(xi)
            kept_y.append(yi)
    if len(kept_x) < 3:
        return ""
    pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(kept_x, kept_y, strict=True))
    return f"M{pts}Z"


def state_paths(boundaries: dict[str, Any], proj: Projection) -> list[dict[str, str]]:
    out = []
    for feat in boundaries.get("features") or []:
        props = feat.get("properties") or {}
        d = "".join(ring_path(r, proj) for r in rings(feat.get("geometry") or {}))
        if d:
            name = props.get("NOM_ENT") or props.get("name") or props.get("CVEGEO") or ""
            out.append({"d": d, "name": str(name)})
    return out


def radius(values: pd.Series, r_min: float, r_max: float, top: float | None = None) -> np.ndarray:
    v = np.clip(pd.to_numeric(values, errors="coerce").fillna(0.0).to_numpy(dtype=float), 0, None)
    hi = top if top is not None else (float(v.max()) if len(v) else 0.0)
    if hi <= 0:
        return np.full(len(v), r_min)
    return np.asarray(np.round(r_min + (r_max - r_min) * np.sqrt(np.minimum(v / hi, 1.0)), 2))


def located(frame: pd.DataFrame, lon_col: str, lat_col: str) -> pd.DataFrame:
    lon = pd.to_numeric(frame[lon_col], errors="coerce")
    lat = pd.to_numeric(frame[lat_col], errors="coerce")
    keep = np.isfinite(lon.to_numpy(dtype=float)) & np.isfinite(lat.to_numpy(dtype=float))
    located: pd.DataFrame = frame.loc[keep]
    return located
