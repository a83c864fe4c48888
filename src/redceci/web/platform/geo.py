"""The maps' base layers, served by the platform itself (no tile server, no CDN): state and
municipal outlines simplified for the screen, place names to write on them and a place search,
all from INEGI's data, computed once per process and cached by the browser for a day."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from redceci.api.deps import get_settings
from redceci.data.catalogue import LOCALITY_POINTS
from redceci.data.places import read_locality_points
from redceci.errors import NotFoundError
from redceci.platform.gazetteer import (
    MUNICIPALITY_LABEL_ZOOM,
    STATE_LABEL_ZOOM,
    Gazetteer,
    Place,
    PlaceKind,
    label_zoom,
)
from redceci.platform.geometry import box_of, label_point, simplify_collection
from redceci.web.i18n import register
from redceci.web.maps import boundaries

router = APIRouter(include_in_schema=False)

#: The maps' words on every page (``templates/_map.html``), Spanish then English.
MESSAGES: dict[str, tuple[str, str]] = {
    "maps_search": ("Buscar un lugar", "Find a place"),
    "maps_search_hint": (
        "Municipio, ciudad o localidad (p. ej. Apodaca, Nuevo León)",
        "Municipality, city or town (e.g. Apodaca, Nuevo León)",
    ),
    "maps_search_button": ("Buscar", "Search"),
    "maps_attribution": ("INEGI, Marco Geoestadístico 2020", "INEGI, Marco Geoestadístico 2020"),
    "maps_search_none": ("No se encontró ese lugar.", "No place by that name."),
    "maps_keys": (
        "Mapa: arrastre o use las flechas para moverse, + y − para acercar; los grupos de "
        "puntos se abren al tocarlos.",
        "Map: drag or use the arrow keys to move, + and − to zoom; groups of marks open "
        "when tapped.",
    ),
    "maps_result": ("Mapa del resultado", "Result map"),
    "maps_registry": ("Mapa de los centros registrados", "Map of the registered centres"),
    "maps_pick": ("Mapa para elegir el sitio", "Map to pick the site"),
    "maps_pick_help": (
        "Busque el municipio o la localidad, acérquese y haga clic en el sitio: se llenan "
        "la latitud, la longitud y el estado.",
        "Find the municipality or town, zoom in and click the site: latitude, longitude and "
        "state are filled in.",
    ),
    "maps_no_script": (
        "El mapa necesita JavaScript; la tabla tiene los mismos datos.",
        "The map needs JavaScript; the table has the same data.",
    ),
    "maps_open": ("Abrir la ficha", "Open its page"),
    "maps_close": ("Cerrar", "Close"),
    "maps_zoom_in": ("Acercar", "Zoom in"),
    "maps_zoom_out": ("Alejar", "Zoom out"),
    "maps_centres": ("Centros", "Centres"),
    "maps_shown_of": ("{shown} de {total}", "{shown} of {total}"),
}
register(MESSAGES)

#: Douglas-Peucker tolerance (degrees) and decimals of the national state outlines (about
#: 1 km: invisible at the country's zoom) and of one state's municipal outlines (about 150 m,
#: the source's own precision after mxmaps' simplification).
STATE_TOLERANCE, STATE_DIGITS = 0.01, 3
MUNICIPAL_TOLERANCE, MUNICIPAL_DIGITS = 0.0015, 4
#: Localities named on the national layer (the rest come with their state's layer).
NATIONAL_MIN_POPULATION = 5_000
#: How long browsers keep the layers (they change only with the data).
CACHE = {"Cache-Control": "public, max-age=86400"}
GEOJSON = "application/geo+json"
StateCode = Annotated[str, PathParam(pattern=r"^[0-9]{2}$", max_length=2)]
SearchText = Annotated[str, Query(min_length=1, max_length=80)]


def _json(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


@functools.lru_cache(maxsize=2)
def states_layer(data: Path) -> bytes:
    """Every state's outline, simplified, with its code and name."""
    simple = simplify_collection(
        boundaries(data, "estados"),
        STATE_TOLERANCE,
        digits=STATE_DIGITS,
        properties=("CVEGEO", "NOM_ENT"),
    )
    return _json(simple)


@functools.lru_cache(maxsize=40)
def municipal_layer(data: Path, state: str) -> bytes | None:
    """One state's municipal outlines, simplified, with code and name; None for no state."""
    collection = boundaries(data, "municipios")
    features = [
        f for f in collection["features"] if str(f["properties"].get("CVEGEO", ""))[:2] == state
    ]
    if not features:
        return None
    simple = simplify_collection(
        {"type": "FeatureCollection", "features": features},
        MUNICIPAL_TOLERANCE,
        digits=MUNICIPAL_DIGITS,
        properties=("CVEGEO", "NOM_MUN"),
    )
    return _json(simple)


@functools.lru_cache(maxsize=2)
def gazetteer(data: Path) -> Gazetteer:
    """States and municipalities (named at their outline's centroid) and every locality of
    INEGI's block localities (named at its point, from a zoom set by its population)."""
    places: list[Place] = []
    state_names: dict[str, str] = {}
    for feature in boundaries(data, "estados")["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        code, name = str(props["CVEGEO"]), str(props.get("NOM_ENT") or props["CVEGEO"])
        state_names[code] = name
        at = label_point(geometry)
        if at is not None:
            places.append(
                Place(
                    PlaceKind.STATE,
                    code,
                    name,
                    str(props.get("NOM_PAIS") or "México"),  # another pack names its country
                    *at,
                    0.0,
                    box_of(geometry),
                    STATE_LABEL_ZOOM,
                )
            )
    municipal_names: dict[str, str] = {}
    for feature in boundaries(data, "municipios")["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        code = str(props["CVEGEO"])
        name = str(props.get("NOM_MUN") or code)
        municipal_names[code] = name
        at = label_point(geometry)
        if at is not None:
            within = state_names.get(code[:2], code[:2])
            places.append(
                Place(
                    PlaceKind.MUNICIPALITY,
                    code,
                    name,
                    within,
                    *at,
                    0.0,
                    box_of(geometry),
                    MUNICIPALITY_LABEL_ZOOM,
                )
            )
    if not LOCALITY_POINTS.path(data).is_file():  # another country's folder: no INEGI points
        return Gazetteer(places)
    localities = read_locality_points(data)
    population = pd.to_numeric(localities["POBTOT"], errors="coerce").fillna(0.0)
    for code, name, lat, lon, people in zip(
        localities["CVEGEO"].astype(str),
        localities["NOM_LOC"].astype(str),
        localities["LAT"].astype(float),
        localities["LON"].astype(float),
        population.astype(float),
        strict=True,
    ):
        within = f"{municipal_names.get(code[:5], code[:5])}, {state_names.get(code[:2], code[:2])}"
        places.append(
            Place(
                PlaceKind.LOCALITY, code, name, within, lat, lon, people, None, label_zoom(people)
            )
        )
    return Gazetteer(places)


def _label(place: Place) -> list[Any]:
    return [place.name, round(place.lat, 4), round(place.lon, 4), place.zoom, place.kind.value]


@functools.lru_cache(maxsize=2)
def national_labels(data: Path) -> bytes:
    """Names for the whole country: states, and localities of at least
    ``NATIONAL_MIN_POPULATION`` people: ``{"labels": [[name, lat, lon, zoom, kind], ...]}``."""
    places = [
        p
        for p in gazetteer(data).places
        if p.kind == PlaceKind.STATE
        or (p.kind == PlaceKind.LOCALITY and p.population >= NATIONAL_MIN_POPULATION)
    ]
    places.sort(key=lambda p: (p.zoom, -p.population))
    return _json({"labels": [_label(p) for p in places]})


@functools.lru_cache(maxsize=40)
def state_labels(data: Path, state: str) -> bytes | None:
    """One state's municipalities and every one of its localities."""
    places = [
        p for p in gazetteer(data).places if p.kind != PlaceKind.STATE and p.code[:2] == state
    ]
    if not places:
        return None
    places.sort(key=lambda p: (p.zoom, -p.population))
    return _json({"labels": [_label(p) for p in places]})


def _layer(content: bytes | None, what: str, media_type: str = GEOJSON) -> Response:
    if content is None:
        raise NotFoundError(f"no {what}")
    return Response(content, media_type=media_type, headers=CACHE)


@router.get("/mapa/estados.geojson")
def states_geojson(request: Request) -> Response:
    """The states' outlines (public: INEGI's Marco Geoestadístico)."""
    return _layer(states_layer(get_settings(request).data), "states")


@router.get("/mapa/municipios/{state}.geojson")
def municipal_geojson(request: Request, state: StateCode) -> Response:
    """One state's municipal outlines."""
    return _layer(municipal_layer(get_settings(request).data, state), f"state {state}")


@router.get("/mapa/lugares.json")
def national_places(request: Request) -> Response:
    """State names and the larger towns' names, each with the zoom it is written from."""
    return _layer(national_labels(get_settings(request).data), "places", "application/json")


@router.get("/mapa/lugares/{state}.json")
def state_places(request: Request, state: StateCode) -> Response:
    """One state's municipality and locality names."""
    content = state_labels(get_settings(request).data, state)
    return _layer(content, f"state {state}", "application/json")


@router.get("/mapa/buscar.json")
def search_places(request: Request, q: SearchText) -> Response:
    """Places named like ``q`` (a state, municipality or town; ``"centro, tabasco"`` narrows
    by where it lies), best first, each with its point and, for outlines, its box."""
    found = gazetteer(get_settings(request).data).search(q)
    results = [
        {
            "name": p.name,
            "kind": p.kind.value,
            "within": p.within,
            "code": p.code,
            "lat": round(p.lat, 5),
            "lon": round(p.lon, 5),
            "box": [round(v, 4) for v in p.box] if p.box else None,
            "zoom": max(p.zoom, 12) if p.kind == PlaceKind.LOCALITY else None,
        }
        for p in found
    ]
    return Response(_json({"query": q, "results": results}), media_type="application/json")
