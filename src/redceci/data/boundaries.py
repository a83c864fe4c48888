"""Reader for state and municipal boundaries (GeoJSON, optionally gzipped), of whichever
country's data folder it is given: INEGI's, or another pack's (``data/gt/boundaries``) keyed
the same way, so the pages' and reports' maps need not know the country."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from redceci.data.catalogue import MUNICIPAL_BOUNDARIES, STATE_BOUNDARIES
from redceci.errors import DataError


def read_boundaries(data_dir: Path, level: str = "estados") -> dict[str, Any]:
    """A GeoJSON FeatureCollection of ``estados`` or ``municipios``, checked for shape.

    Every feature must have a CVEGEO property and a Polygon/MultiPolygon geometry with
    coordinates inside longitude/latitude ranges.
    """
    dataset = {"estados": STATE_BOUNDARIES, "municipios": MUNICIPAL_BOUNDARIES}.get(level)
    if dataset is None:
        raise ValueError(f"unknown boundary level {level!r}")
    path = dataset.path(data_dir)
    if not path.is_file():
        from redceci.data.gt import boundaries as other_country

        if other_country.has_boundaries(data_dir):
            return other_country.read_boundaries(data_dir, level)
        raise DataError(path, "file not found (set REDCECI_DATA or --data to the data folder)")
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(path, f"not valid GeoJSON: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise DataError(path, "not a GeoJSON FeatureCollection")
    for n, feat in enumerate(doc.get("features", []), start=1):
        props = feat.get("properties") or {}
        geom = feat.get("geometry") or {}
        if "CVEGEO" not in props:
            raise DataError(path, "feature has no CVEGEO property", row=n, column="CVEGEO")
        if geom.get("type") not in {"Polygon", "MultiPolygon"}:
            raise DataError(path, "geometry is not a (multi)polygon", row=n, column="geometry")
        first = _first_position(geom["coordinates"])
        if first is None or not (-180 <= first[0] <= 180 and -90 <= first[1] <= 90):
            raise DataError(
                path, "coordinates are not longitude/latitude", row=n, column="geometry"
            )
    return doc


def _first_position(coords: Any) -> list[float] | None:
    while isinstance(coords, list) and coords and isinstance(coords[0], list):
        coords = coords[0]
    if isinstance(coords, list) and len(coords) >= 2:
        return [float(coords[0]), float(coords[1])]
    return None
