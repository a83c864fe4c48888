"""Reader for Guatemala's national reference figures (one row per figure, with its URL)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from redceci.data.gt.catalogue import REFERENCE
from redceci.data.readers import Column, Kind, read_csv_checked
from redceci.errors import DataError


@dataclass(frozen=True)
class Fact:
    """One national figure: its value, unit, reference date and source address."""

    topic: str
    name: str
    value: float
    unit: str
    date: str
    url: str

    @property
    def source(self) -> str:
        return f"{self.topic}/{self.name} ({self.date}): {self.url}"


def read_reference(data_dir: Path) -> dict[tuple[str, str], Fact]:
    """Every figure keyed by (topic, name), e.g. ``("IGSS", "cobertura_PEA_total")``.

    A figure listed twice (SOSEP's CADI count comes from several pages) keeps its most recent
    row: the one whose reference date names the latest year (undated rows come last).
    """
    cols = [
        Column("tema", Kind.TEXT, nullable=False),
        Column("indicador", Kind.TEXT, nullable=False),
        Column("valor", Kind.NUMBER, nullable=False),
        Column("unidad", Kind.TEXT),
        Column("fecha_referencia", Kind.TEXT),
        Column("fuente_url", Kind.TEXT),
    ]
    df = read_csv_checked(REFERENCE.path(data_dir), cols)
    out: dict[tuple[str, str], Fact] = {}
    for row in df.to_dict("records"):
        key = (str(row["tema"]), str(row["indicador"]))
        new = Fact(
            key[0],
            key[1],
            float(row["valor"]),
            _text(row["unidad"]),
            _text(row["fecha_referencia"]),
            _text(row["fuente_url"]),
        )
        if key not in out or _year(new.date) > _year(out[key].date):
            out[key] = new
    return out


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _year(date: str) -> int:
    years = re.findall(r"(?:19|20)\d\d", date)
    return max((int(y) for y in years), default=0)


def fact(facts: dict[tuple[str, str], Fact], topic: str, name: str, data_dir: Path) -> Fact:
    """One figure, or a :class:`DataError` naming it."""
    try:
        return facts[(topic, name)]
    except KeyError as exc:
        raise DataError(REFERENCE.path(data_dir), f"no figure {topic}/{name}") from exc
