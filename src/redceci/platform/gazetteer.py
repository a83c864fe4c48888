"""Place names for the maps: states, municipalities and localities with where to write them,
from which zoom a name is written, and a search by name that forgives accents and case."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from redceci.platform.geometry import Box


class PlaceKind(StrEnum):
    STATE = "state"
    MUNICIPALITY = "municipality"
    LOCALITY = "locality"


#: From which map zoom a locality's name is written, by its population (Census 2020 POBTOT):
#: pairs (at least this many people, zoom). Leaflet's zoom 5 shows all Mexico on a 1000 px
#: screen, zoom 12 a town. Chosen so about 40-150 names show on a screen at any zoom; override
#: by passing ``thresholds`` to ``label_zoom``.
LOCALITY_LABEL_ZOOMS: tuple[tuple[int, int], ...] = (
    (1_000_000, 5),
    (300_000, 6),
    (100_000, 7),
    (40_000, 8),
    (15_000, 9),
    (5_000, 10),
    (2_500, 11),
    (1_000, 12),
    (0, 13),
)
#: Zoom from which state and municipality names are written.
STATE_LABEL_ZOOM = 5
MUNICIPALITY_LABEL_ZOOM = 9
#: A town at least this big whose name starts with the query, or one of its words does, ranks
#: with the whole-name matches ("queretaro" finds Santiago de Querétaro before a hamlet called
#: Querétaro; ties are broken by population).
BIG_TOWN = 50_000
#: Names a search returns at most.
MAX_RESULTS = 10


def label_zoom(
    population: float, thresholds: Sequence[tuple[int, int]] = LOCALITY_LABEL_ZOOMS
) -> int:
    """The zoom from which a locality of ``population`` people is named on the map."""
    for people, zoom in thresholds:
        if population >= people:
            return zoom
    return thresholds[-1][1] if thresholds else 13


def fold(text: str) -> str:
    """Lower case, no accents or punctuation, single spaces: ``"Nuevo León"`` -> ``"nuevo leon"``."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


@dataclass(frozen=True)
class Place:
    """A named place: its kind, INEGI code, name, where it lies (``within``: municipality and
    state names), the point to write it at, population, box (outlines only) and label zoom."""

    kind: PlaceKind
    code: str
    name: str
    within: str
    lat: float
    lon: float
    population: float = 0.0
    box: Box | None = None
    zoom: int = 13


_KIND_ORDER = {PlaceKind.STATE: 0, PlaceKind.MUNICIPALITY: 1, PlaceKind.LOCALITY: 2}


class Gazetteer:
    """Every place, searchable by name: ``search("monterrey")`` finds the municipality and the
    city; a comma narrows by where it lies (``"san pedro, nuevo leon"``)."""

    def __init__(self, places: Iterable[Place]) -> None:
        self.places: tuple[Place, ...] = tuple(places)
        self._names = [fold(p.name) for p in self.places]
        self._within = [fold(p.within) for p in self.places]

    def __len__(self) -> int:
        return len(self.places)

    def search(self, query: str, limit: int = MAX_RESULTS) -> list[Place]:
        """Places whose name matches ``query`` best first: the whole name, then its start, then
        the start of one of its words, then anywhere; ties by kind (states first) and
        population. Text after a comma must match where the place lies."""
        name_part, _, where_part = query.partition(",")
        wanted, where = fold(name_part), fold(where_part)
        if not wanted:
            return []
        ranked: list[tuple[tuple[int, int, float, str], int]] = []
        for i, name in enumerate(self._names):
            if wanted not in name:
                continue
            if where and where not in self._within[i] and where not in name:
                continue
            if name == wanted:
                match = 0
            elif name.startswith(wanted):
                match = 1
            elif f" {wanted}" in f" {name}":
                match = 2
            else:
                match = 3
            place = self.places[i]
            if match in (1, 2) and place.population >= BIG_TOWN:
                match = 0
            ranked.append(((match, _KIND_ORDER[place.kind], -place.population, name), i))
        ranked.sort()
        return [self.places[i] for _, i in ranked[: max(0, limit)]]
