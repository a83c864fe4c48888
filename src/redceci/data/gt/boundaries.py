"""Reader for Guatemala's MINFIN boundaries, keyed as the core's frames (``CVEGEO``)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from redceci.data.gt.catalogue import MUNICIPAL_BOUNDARIES, REGION_BOUNDARIES
from redceci.errors import DataError


def read_boundaries(data_dir: Path, level: str = "estados") -> dict[str, Any]:
    """Departamentos (``estados``, the core's first level) or ``municipios`` as a GeoJSON
    FeatureCollection whose features carry the properties of INEGI's (``CVEGEO``: 2 or 4
    digits, ``CVE_ENT``, ``NOM_ENT``, and for municipios ``NOM_MUN``) so every map reads
    either country's the same way."""
    dataset = {"estados": REGION_BOUNDARIES, "municipios": MUNICIPAL_BOUNDARIES}.get(level)
    if dataset is None:
        raise ValueError(f"unknown boundary level {level!r}")
    key, width, name = (
        ("cod_depto", 2, "departamento") if level == "estados" else ("cod_muni", 4, "municipio")
    )  # INE's codes, zero-padded as the core's keys
    path = dataset.path(data_dir)
    if not path.is_file():
        raise DataError(path, "file not found (set REDCECI_DATA or --data to the data folder)")
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(path, f"not valid GeoJSON: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise DataError(path, "not a GeoJSON FeatureCollection")
    features = []
    for n, feat in enumerate(doc.get("features", []), start=1):
        props = feat.get("properties") or {}
        geom = feat.get("geometry") or {}
        if not isinstance(props.get(key), int):
            raise DataError(path, f"feature has no integer {key}", row=n, column=key)
        if geom.get("type") not in {"Polygon", "MultiPolygon"}:
            raise DataError(path, "geometry is not a (multi)polygon", row=n, column="geometry")
        code = str(props[key]).zfill(width)
        properties = {
            "CVEGEO": code,
            "CVE_ENT": code[:2],
            "NOM_ENT": str(props.get("departamento", code)),
            "NOM_PAIS": "Guatemala",
        }
        if level == "municipios":
            properties["NOM_MUN"] = str(props.get(name, code))
        features.append({"type": "Feature", "properties": properties, "geometry": geom})
    return {"type": "FeatureCollection", "features": features}


def has_boundaries(data_dir: Path) -> bool:
    """True if ``data_dir`` is a Guatemalan data folder (it holds the MINFIN boundaries)."""
    return REGION_BOUNDARIES.path(data_dir).is_file()
