"""The maps' base layers served by the platform: state and municipal outlines, place names and
the place search, from INEGI's real files, public, cached, bounded."""

from __future__ import annotations

import pytest

from tests.web.world import WebClient


def test_the_states_outline_is_simplified_light_and_cached(client: WebClient) -> None:
    response = client.get("/mapa/estados.geojson")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    assert "max-age" in response.headers["cache-control"]
    doc = response.json()
    codes = {f["properties"]["CVEGEO"] for f in doc["features"]}
    assert codes == {f"{i:02d}" for i in range(1, 33)}
    assert {"CVEGEO", "NOM_ENT"} == set(doc["features"][0]["properties"])
    assert len(response.content) < 250_000  # the source is over 700 kB unzipped


def test_a_states_municipalities_come_alone_and_an_unknown_state_is_404(
    client: WebClient,
) -> None:
    doc = client.get("/mapa/municipios/19.geojson").json()
    assert len(doc["features"]) == 51  # Nuevo León's 51 municipalities
    names = {f["properties"]["NOM_MUN"] for f in doc["features"]}
    assert {"Monterrey", "Apodaca", "San Pedro Garza García"} <= names
    assert all(f["properties"]["CVEGEO"].startswith("19") for f in doc["features"])
    assert client.get("/mapa/municipios/99.geojson").status_code == 404
    assert client.get("/mapa/municipios/1.geojson").status_code == 422
    assert client.get("/mapa/municipios/abc.geojson").status_code == 422


def test_place_names_carry_the_zoom_they_are_written_from(client: WebClient) -> None:
    labels = client.get("/mapa/lugares.json").json()["labels"]
    by_name = {(name, kind): zoom for name, _lat, _lon, zoom, kind in labels}
    assert by_name[("Nuevo León", "state")] == 5
    assert by_name[("Monterrey", "locality")] < by_name[("Linares", "locality")]
    local = client.get("/mapa/lugares/22.json").json()["labels"]
    assert {kind for *_, kind in local} == {"municipality", "locality"}
    assert any(name == "El Marqués" and kind == "municipality" for name, *_, kind in local)
    # every block locality of Querétaro (18 municipalities), down to hamlets, not only the towns
    assert len(local) > 900 and sum(zoom == 13 for *_, zoom, _kind in local) > 100
    assert client.get("/mapa/lugares/00.json").status_code == 404


@pytest.mark.parametrize(
    ("query", "first", "kind"),
    [
        ("apodaca", "Apodaca", "municipality"),
        ("MONTERREY", "Monterrey", "municipality"),
        ("queretaro", "Querétaro", "state"),
        ("san pedro garza", "San Pedro Garza García", "locality"),  # the city, then its
        # municipality: a town over 50,000 people ranks as a whole-name match
    ],
)
def test_the_search_finds_places_by_name_without_accents(
    client: WebClient, query: str, first: str, kind: str
) -> None:
    results = client.get("/mapa/buscar.json", params={"q": query}).json()["results"]
    assert (results[0]["name"], results[0]["kind"]) == (first, kind)
    assert results[0]["box"] is not None or results[0]["zoom"] >= 12  # the map fits it


def test_a_town_found_in_its_state_has_a_point_and_a_zoom(client: WebClient) -> None:
    results = client.get("/mapa/buscar.json", params={"q": "santiago de queretaro"}).json()
    (town,) = [r for r in results["results"] if r["kind"] == "locality"][:1]
    assert town["within"] == "Querétaro, Querétaro"
    assert 20.4 < town["lat"] < 20.8 and -100.6 < town["lon"] < -100.2
    assert town["zoom"] >= 12 and town["box"] is None


def test_the_search_text_is_bounded(client: WebClient) -> None:
    assert client.get("/mapa/buscar.json", params={"q": "x" * 81}).status_code == 422
    assert client.get("/mapa/buscar.json").status_code == 422
    assert client.get("/mapa/buscar.json", params={"q": "zzzzqqq"}).json()["results"] == []
