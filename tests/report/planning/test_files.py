"""Plan CSV and GeoJSON: strict JSON, one feature per site, a CSV that round-trips."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from redceci.planning.parameters import ModelParameters
from redceci.planning.plan import Plan
from redceci.report.planning.files import SITE_COLUMNS_HEAD, write_plan_csv, write_plan_geojson


def _sites() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "site_id": ["loc:190390001", "parque:19039:0", "usuario:A-7", "polo:03"],
            "name": ["Monterrey", "Parque Ñandú", None, "Polo Seybaplaya"],
            "kind": ["locality", "industrial_park", "user", "polo"],
            "scheme": ["CECI IMSS", "CECI Empresa", "CECI Empresa", "CECI Empresa"],
            "MUN_CVEGEO": ["19039", "19039", "19026", "04012"],
            "CVE_ENT": ["19", "19", "19", "04"],
            "lat": [25.6714321987, 25.70, 25.75, 19.639197],
            "lon": [-100.3089876543, -100.25, -100.19, -90.688301],
            "centres": [3, 1, 1, 1],
            "places": [610, 250, 110, 110],
            "served": [600.0, 200.0, 55.0, 60.0],
            "mothers_enabled": [60.0, 21.0, np.nan, 6.0],
            "cost": [94.27e6, 36.1e6, 22.07e6, 22.07e6],
            "centres_110": [1, 0, 1, 1],
            "centres_250": [2, 1, 0, 0],
            "occupancy": [600 / 610, 0.8, 0.5, np.inf],
            "eligible_in_catchment": [5000.0, 900.0, 120.0, 300.0],
            "must_keep": [False, False, True, False],
        }
    )


def make_plan(sites: pd.DataFrame | None = None) -> Plan:
    empty = pd.DataFrame()
    return Plan(
        sites=_sites() if sites is None else sites,
        by_state=empty,
        by_scheme=empty,
        units=empty,
        result=None,
        params=ModelParameters(),
    )


def _strict(token: str) -> Any:
    raise AssertionError(f"non-JSON number {token} in GeoJSON")


def test_geojson_is_strict_json_with_one_point_per_site(tmp_path: Path) -> None:
    path = write_plan_geojson(make_plan(), tmp_path / "out" / "plan.geojson")
    assert path == tmp_path / "out" / "plan.geojson"
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text and "Infinity" not in text
    doc = json.loads(text, parse_constant=_strict)
    assert doc["type"] == "FeatureCollection"
    feats = doc["features"]
    assert [f["properties"]["site_id"] for f in feats] == list(_sites()["site_id"])
    assert all(f["type"] == "Feature" and f["geometry"]["type"] == "Point" for f in feats)
    assert feats[0]["geometry"]["coordinates"] == [-100.308988, 25.671432]
    props = feats[2]["properties"]
    assert props["mothers_enabled"] is None  # NaN -> null
    assert props["name"] is None  # missing -> null
    assert props["must_keep"] is True
    assert feats[3]["properties"]["occupancy"] is None  # inf -> null
    assert feats[0]["properties"]["places"] == 610
    assert feats[1]["properties"]["name"] == "Parque Ñandú"
    assert "lat" not in feats[0]["properties"] and "lon" not in feats[0]["properties"]


def test_geojson_of_empty_plan_is_an_empty_collection(tmp_path: Path) -> None:
    path = write_plan_geojson(make_plan(_sites().iloc[:0]), tmp_path / "plan.geojson")
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "type": "FeatureCollection",
        "features": [],
    }


def test_csv_round_trips_site_ids_and_places(tmp_path: Path) -> None:
    path = write_plan_csv(make_plan(), tmp_path / "plan.csv")
    back = pd.read_csv(path, dtype={"MUN_CVEGEO": str, "CVE_ENT": str}, encoding="utf-8")
    sites = _sites()
    assert list(back["site_id"]) == list(sites["site_id"])
    assert list(back["places"]) == list(sites["places"])
    assert list(back["MUN_CVEGEO"]) == list(sites["MUN_CVEGEO"])
    assert back.loc[1, "name"] == "Parque Ñandú"
    assert back["lat"].to_numpy() == pytest.approx(sites["lat"].to_numpy())


def test_csv_column_order_is_stable(tmp_path: Path) -> None:
    sites = _sites()
    shuffled = sites.assign(extra="x")[["extra", *reversed(sites.columns)]]
    a = write_plan_csv(make_plan(sites), tmp_path / "a.csv")
    b = write_plan_csv(make_plan(shuffled), tmp_path / "b.csv")
    header_a = a.read_text(encoding="utf-8").splitlines()[0].split(",")
    header_b = b.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header_a[: len(SITE_COLUMNS_HEAD)] == list(SITE_COLUMNS_HEAD)
    assert header_b == [*header_a, "extra"]
    assert header_a[len(SITE_COLUMNS_HEAD) : len(SITE_COLUMNS_HEAD) + 2] == [
        "centres_110",
        "centres_250",
    ]


@pytest.mark.parametrize("currency", ["MXN", "GTQ"])
def test_the_files_name_the_currency_of_their_amounts_once_per_site(
    tmp_path: Path, currency: str
) -> None:
    plan = dataclasses.replace(make_plan(), params=ModelParameters(currency=currency))
    header = write_plan_csv(plan, tmp_path / "plan.csv").read_text(encoding="utf-8")
    columns = header.splitlines()[0].split(",")
    assert columns[columns.index("cost") + 1] == "currency"
    assert not [c for c in columns if c.endswith("_mxn")]
    back = pd.read_csv(tmp_path / "plan.csv")
    assert set(back["currency"]) == {currency}
    doc = json.loads(write_plan_geojson(plan, tmp_path / "plan.geojson").read_text("utf-8"))
    assert {f["properties"]["currency"] for f in doc["features"]} == {currency}
