"""The parents' centre map: centres nearest home first, distances as the planner measures them."""

from __future__ import annotations

from redceci.store.enrolment.pages import CentreRooms, RoomPlaces
from redceci.web.enrolment.map import centre_map

HOME = (21.0, -102.0)


def centre(id_: int, lat: float, lon: float) -> CentreRooms:
    rooms = (RoomPlaces("lactantes", 10, 0),)
    return CentreRooms(id_, f"C-{id_}", f"Centro {id_}", "ceci_imss", "01", None, lat, lon, rooms)


def test_distances_are_the_planners_great_circle_km() -> None:
    # 100.05011 km due north with the planner's mean Earth radius (6371.0088 km), shown as
    # 100.1 km; a sphere of 6371 km (a copy of the formula) measures 100.04997 km: 100.0.
    north = centre(1, 21.899771, -102.0)
    (mark,) = centre_map([north], home=HOME).marks
    assert mark.km_home == 100.1
    assert mark.km_work is None and mark.km == 100.1
