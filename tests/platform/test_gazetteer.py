"""Place search and label zooms: accents and case forgiven, best matches first, a comma
narrowing by where the place lies."""

from __future__ import annotations

from redceci.platform.gazetteer import (
    LOCALITY_LABEL_ZOOMS,
    Gazetteer,
    Place,
    PlaceKind,
    fold,
    label_zoom,
)


def place(kind: PlaceKind, name: str, within: str, people: float = 0.0) -> Place:
    return Place(kind, name[:5], name, within, 20.0, -100.0, people)


GAZ = Gazetteer(
    [
        place(PlaceKind.LOCALITY, "Querétaro", "Ángel Albino Corzo, Chiapas", 120),
        place(PlaceKind.LOCALITY, "Santiago de Querétaro", "Querétaro, Querétaro", 1_049_777),
        place(PlaceKind.MUNICIPALITY, "Querétaro", "Querétaro"),
        place(PlaceKind.STATE, "Querétaro", "México"),
        place(PlaceKind.LOCALITY, "San Pedro", "General Terán, Nuevo León", 300),
        place(PlaceKind.LOCALITY, "San Pedro", "Cunduacán, Tabasco", 900),
        place(PlaceKind.MUNICIPALITY, "San Pedro Garza García", "Nuevo León"),
        place(PlaceKind.LOCALITY, "El Marqués", "El Marqués, Querétaro", 4_000),
    ]
)


def test_fold_forgets_accents_case_and_punctuation() -> None:
    assert fold("  Nuevo  LEÓN, ") == "nuevo leon"
    assert fold("Ángel Albino-Corzo") == "angel albino corzo"


def test_a_state_and_its_capital_come_before_a_hamlet_of_the_same_name() -> None:
    found = [(p.kind, p.name) for p in GAZ.search("queretaro")]
    assert found[:3] == [
        (PlaceKind.STATE, "Querétaro"),
        (PlaceKind.MUNICIPALITY, "Querétaro"),
        (PlaceKind.LOCALITY, "Santiago de Querétaro"),
    ]
    assert found[3] == (PlaceKind.LOCALITY, "Querétaro")


def test_a_comma_narrows_by_where_the_place_lies() -> None:
    found = GAZ.search("san pedro, nuevo leon")
    assert {p.within for p in found} == {"General Terán, Nuevo León", "Nuevo León"}
    assert [p.within for p in GAZ.search("San Pedro, tabasco")] == ["Cunduacán, Tabasco"]


def test_nothing_matches_an_empty_or_unknown_query_and_the_limit_holds() -> None:
    assert GAZ.search("  ,") == []
    assert GAZ.search("zzz") == []
    assert len(GAZ.search("e", limit=3)) == 3


def test_bigger_towns_are_named_from_farther_out() -> None:
    zooms = [label_zoom(p) for p in (2_000_000, 150_000, 20_000, 3_000, 10)]
    assert zooms == sorted(zooms) and zooms[0] == LOCALITY_LABEL_ZOOMS[0][1]
    assert label_zoom(10) == LOCALITY_LABEL_ZOOMS[-1][1]
    assert label_zoom(500, thresholds=((100, 7), (0, 9))) == 7
