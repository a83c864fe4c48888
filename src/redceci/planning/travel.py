"""Travel times without a road network (haversine x detour / speed), or from a supplied table.

Both give sparse ``Pairs`` of (origin, destination, minutes) within a catchment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from redceci.errors import InputError

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Pairs:
    """Origin-destination pairs within a catchment, sorted by origin then destination."""

    origin: np.ndarray  # int32 index into the origins
    dest: np.ndarray  # int32 index into the destinations
    minutes: np.ndarray  # float32
    n_origins: int
    n_dests: int

    def __len__(self) -> int:
        return int(self.origin.size)

    def within(self, max_minutes: float) -> Pairs:
        """The pairs at most ``max_minutes`` apart."""
        keep = self.minutes <= max_minutes
        return Pairs(
            self.origin[keep], self.dest[keep], self.minutes[keep], self.n_origins, self.n_dests
        )


def haversine_km(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Great-circle distance in km between points given in decimal degrees."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def pairs_within(
    origin_lat: np.ndarray,
    origin_lon: np.ndarray,
    dest_lat: np.ndarray,
    dest_lon: np.ndarray,
    *,
    speed_kmh: np.ndarray | float,
    detour_factor: float,
    max_minutes: float,
) -> Pairs:
    """All pairs whose estimated travel time is at most ``max_minutes``.

    Time = haversine distance x ``detour_factor`` / speed of the origin (``speed_kmh`` is a
    scalar or one value per origin). Candidates come from a k-d tree on unit-sphere vectors
    (radius from the fastest speed), whose chord lengths give the great-circle distances; the
    exact time is then computed and filtered.
    """
    olat, olon = np.asarray(origin_lat, float), np.asarray(origin_lon, float)
    dlat, dlon = np.asarray(dest_lat, float), np.asarray(dest_lon, float)
    speed = np.broadcast_to(np.asarray(speed_kmh, dtype=float), olat.shape)
    if np.any(speed <= 0) or detour_factor <= 0 or max_minutes < 0:
        raise InputError("speeds, detour factor and catchment must be positive")
    n_o, n_d = olat.size, dlat.size
    empty = np.empty(0, np.int32)
    if n_o == 0 or n_d == 0:
        return Pairs(empty, empty, np.empty(0, np.float32), n_o, n_d)
    max_km = float(speed.max()) * max_minutes / 60.0 / detour_factor
    chord = 2.0 * np.sin(min(max_km / EARTH_RADIUS_KM, np.pi) / 2.0)
    tree = cKDTree(_unit_vectors(dlat, dlon))
    sparse = tree.sparse_distance_matrix(
        cKDTree(_unit_vectors(olat, olon)), chord * (1 + 1e-9), output_type="ndarray"
    )
    d_idx = sparse["i"].astype(np.int32)
    o_idx = sparse["j"].astype(np.int32)
    # The tree already measured the chord c between the unit vectors: the great circle is
    # 2 R arcsin(c / 2), the haversine distance without recomputing it from the angles.
    km = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.clip(sparse["v"] / 2.0, 0.0, 1.0))
    minutes = (km * detour_factor / speed[o_idx] * 60.0).astype(np.float32)
    keep = minutes <= max_minutes
    o_idx, d_idx, minutes = o_idx[keep], d_idx[keep], minutes[keep]
    order = np.lexsort((d_idx, o_idx))
    return Pairs(o_idx[order], d_idx[order], minutes[order], n_o, n_d)


def pairs_from_table(
    table: pd.DataFrame,
    origin_ids: pd.Index,
    dest_ids: pd.Index,
    *,
    max_minutes: float,
) -> Pairs:
    """Pairs from a supplied origin-destination table (``origin``, ``destination``, ``minutes``).

    Only pairs listed in the table and within ``max_minutes`` are reachable. Identifiers not
    among the origins or destinations are ignored; negative times are an error.
    """
    for col in ("origin", "destination", "minutes"):
        if col not in table:
            raise InputError(f"travel-time table lacks the column {col!r}")
    minutes = pd.to_numeric(table["minutes"], errors="coerce").to_numpy(dtype=float)
    if np.isnan(minutes).any() or (minutes < 0).any():
        bad = int(np.flatnonzero(np.isnan(minutes) | (minutes < 0))[0])
        raise InputError(f"travel-time table row {bad + 2}: minutes must be a number >= 0")
    o = origin_ids.get_indexer(pd.Index(table["origin"].astype(str)))
    d = dest_ids.get_indexer(pd.Index(table["destination"].astype(str)))
    keep = (o >= 0) & (d >= 0) & (minutes <= max_minutes)
    o, d, m = o[keep].astype(np.int32), d[keep].astype(np.int32), minutes[keep].astype(np.float32)
    order = np.lexsort((d, o))
    return Pairs(o[order], d[order], m[order], len(origin_ids), len(dest_ids))
