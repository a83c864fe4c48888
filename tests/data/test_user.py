"""Files users bring (registered centres, proposed sites, travel-time tables): good ones load,
and every malformation is a DataError naming the file, the row and the column."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from redceci.data.user import read_registered_centres, read_travel_table, read_user_sites
from redceci.errors import DataError

CENTRES_HEADER = "id,name,lat,lon,places,status,scheme\n"
CENTRES_OK = (
    "C1,CECI Monterrey,25.6866,-100.3161,250,operating,CECI IMSS\n"
    "C2,Planta Apodaca,25.7810,-100.1880,110,planned,CECI Empresa\n"
)
SITES_HEADER = "id,name,lat,lon,scheme\n"
SITES_OK = "S1,Lote norte,25.75,-100.29,CECI Empresa\nS2,,21.88,-102.29,CECI IMSS\n"
TRAVEL_HEADER = "origin,destination,minutes\n"
TRAVEL_OK = "010010001,loc:010010001,0\n010010001,usuario:S1,12.5\n19039R,denue:42,30\n"


def write(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def point(props: dict[str, Any], lon: Any, lat: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": props,
    }


def collection(*features: dict[str, Any]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def centre(id_: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": id_,
        "name": f"Centro {id_}",
        "places": 110,
        "status": "operating",
        "scheme": "CECI IMSS",
        **extra,
    }


def assert_names(err: DataError, path: Path, row: int | None, column: str | None) -> None:
    assert (err.path, err.row, err.column) == (path, row, column)
    text = str(err)
    assert path.name in text
    if row is not None:
        assert f"row {row}" in text
    if column is not None:
        assert repr(column) in text


# --- good files load -------------------------------------------------------------------------


def test_registered_centres_csv_loads_with_typed_columns(tmp_path: Path) -> None:
    df = read_registered_centres(write(tmp_path, CENTRES_HEADER + CENTRES_OK, "c.csv"))
    assert list(df["id"]) == ["C1", "C2"]
    assert list(df["places"]) == [250, 110] and df["places"].dtype == np.int64
    assert df["lat"].iloc[0] == pytest.approx(25.6866)
    assert list(df["status"]) == ["operating", "planned"]


def test_registered_centres_geojson_takes_coordinates_from_the_geometry(tmp_path: Path) -> None:
    text = collection(point(centre("A"), -100.31, 25.67), point(centre("B"), -99.13, 19.43))
    df = read_registered_centres(write(tmp_path, text, "c.geojson"))
    assert list(df["id"]) == ["A", "B"]
    assert df["lat"].tolist() == pytest.approx([25.67, 19.43])
    assert df["lon"].tolist() == pytest.approx([-100.31, -99.13])
    assert list(df["places"]) == [110, 110]


def test_spreadsheet_export_with_bom_and_semicolons_loads(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    text = CENTRES_HEADER.replace(",", ";") + CENTRES_OK.replace(",", ";")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    df = read_registered_centres(path)
    assert list(df["id"]) == ["C1", "C2"]
    assert df["name"].iloc[1] == "Planta Apodaca"


def test_user_sites_load_and_name_may_be_blank_or_absent(tmp_path: Path) -> None:
    df = read_user_sites(write(tmp_path, SITES_HEADER + SITES_OK, "s.csv"))
    assert list(df["id"]) == ["S1", "S2"]
    assert df["name"].iloc[0] == "Lote norte" and df["name"].iloc[1] is None
    no_name = read_user_sites(
        write(tmp_path, "id,lat,lon,scheme\nS9,25.7,-100.3,CECI IMSS\n", "n.csv")
    )
    assert no_name["name"].iloc[0] is None
    gj = collection(point({"id": "P", "scheme": "CECI Empresa"}, -100.2, 25.8))
    assert read_user_sites(write(tmp_path, gj, "s.geojson"))["lat"].iloc[0] == pytest.approx(25.8)


def test_travel_table_csv_keeps_zero_padded_ids_as_text(tmp_path: Path) -> None:
    df = read_travel_table(write(tmp_path, TRAVEL_HEADER + TRAVEL_OK, "t.csv"))
    assert df["origin"].iloc[0] == "010010001"
    assert df["destination"].tolist() == ["loc:010010001", "usuario:S1", "denue:42"]
    assert df["minutes"].tolist() == [0.0, 12.5, 30.0]


def test_travel_table_parquet_loads(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    pd.DataFrame(
        {
            "origin": ["010010001", "19039R"],
            "destination": ["a", "b"],
            "minutes": [3, 7.5],
            "mode": ["car", "bus"],
        }
    ).to_parquet(path)
    df = read_travel_table(path)
    assert df["origin"].tolist() == ["010010001", "19039R"]
    assert df["minutes"].tolist() == [3.0, 7.5]
    assert list(df.columns) == ["origin", "destination", "minutes"]


# --- malformed CSV: file, row, column ----------------------------------------------------------

CENTRE_CASES = [
    # (second data row, row, column)
    ("C2,x,abc,-100.1,110,planned,CECI IMSS", 3, "lat"),
    ("C2,x,25.1,lejos,110,planned,CECI IMSS", 3, "lon"),
    ("C2,x,125.1,-100.1,110,planned,CECI IMSS", 3, "lat"),
    (",x,25.1,-100.1,110,planned,CECI IMSS", 3, "id"),
    ("C2,x,25.1,-100.1,-5,planned,CECI IMSS", 3, "places"),
    ("C2,x,25.1,-100.1,12.5,planned,CECI IMSS", 3, "places"),
    ("C2,x,25.1,-100.1,0,planned,CECI IMSS", 3, "places"),
    ("C2,x,25.1,-100.1,inf,planned,CECI IMSS", 3, "places"),
    ("C2,x,25.1,-100.1,110,abierto,CECI IMSS", 3, "status"),
    ("C2,x,25.1,-100.1,110,planned,Guardería", 3, "scheme"),
    ("C1,x,25.1,-100.1,110,planned,CECI IMSS", 3, "id"),
]


@pytest.mark.parametrize(("second", "row", "column"), CENTRE_CASES)
def test_malformed_centres_csv_names_file_row_and_column(
    tmp_path: Path, second: str, row: int, column: str
) -> None:
    first = "C1,a,25.0,-100.0,250,operating,CECI IMSS\n"
    path = write(tmp_path, CENTRES_HEADER + first + second + "\n", "centros.csv")
    with pytest.raises(DataError) as info:
        read_registered_centres(path)
    assert_names(info.value, path, row, column)


def test_missing_column_is_named_in_the_header_row(tmp_path: Path) -> None:
    path = write(tmp_path, "id,name,lat,lon,places,status\nC1,a,25,-100,110,planned\n", "c.csv")
    with pytest.raises(DataError) as info:
        read_registered_centres(path)
    assert_names(info.value, path, 1, "scheme")


@pytest.mark.parametrize(
    ("body", "row", "column"),
    [
        ("S1,a,25.1,-100.1,CECI IMSS\nS2,b,25.2,x,CECI IMSS\n", 3, "lon"),
        ("S1,a,25.1,-100.1,CECI IMSS\nS2,b,25.2,-100.2,\n", 3, "scheme"),
        ("S1,a,25.1,-100.1,CECI IMSS\nS1,b,25.2,-100.2,CECI IMSS\n", 3, "id"),
    ],
)
def test_malformed_sites_csv_names_file_row_and_column(
    tmp_path: Path, body: str, row: int, column: str
) -> None:
    path = write(tmp_path, SITES_HEADER + body, "sitios.csv")
    with pytest.raises(DataError) as info:
        read_user_sites(path)
    assert_names(info.value, path, row, column)


@pytest.mark.parametrize(
    ("body", "row", "column"),
    [
        ("a,b,1\na,c,x\n", 3, "minutes"),
        ("a,b,1\na,c,-2\n", 3, "minutes"),
        ("a,b,1\na,c,inf\n", 3, "minutes"),
        ("a,b,1\n,c,4\n", 3, "origin"),
        ("a,b,1\na,c,2\na,b,3\n", 4, "destination"),
    ],
)
def test_malformed_travel_csv_names_file_row_and_column(
    tmp_path: Path, body: str, row: int, column: str
) -> None:
    path = write(tmp_path, TRAVEL_HEADER + body, "od.csv")
    with pytest.raises(DataError) as info:
        read_travel_table(path)
    assert_names(info.value, path, row, column)


# --- malformed GeoJSON: rows are features ---------------------------------------------------


def test_geojson_bad_coordinate_names_the_feature(tmp_path: Path) -> None:
    text = collection(point(centre("A"), -100.3, 25.6), point(centre("B"), -100.3, "norte"))
    path = write(tmp_path, text, "c.geojson")
    with pytest.raises(DataError) as info:
        read_registered_centres(path)
    assert_names(info.value, path, 2, "lat")
    assert "feature 2" in str(info.value)


def test_geojson_value_error_names_the_feature_and_property(tmp_path: Path) -> None:
    bad = centre("B", status="cerrado")
    path = write(tmp_path, collection(point(centre("A"), -100, 25), point(bad, -100, 25)), "c.json")
    with pytest.raises(DataError) as info:
        read_registered_centres(path)
    assert_names(info.value, path, 2, "status")


def test_geojson_non_point_geometry_names_the_feature(tmp_path: Path) -> None:
    line = {
        "type": "Feature",
        "properties": {"id": "L", "scheme": "CECI IMSS"},
        "geometry": {"type": "LineString", "coordinates": [[-100, 25], [-101, 26]]},
    }
    path = write(
        tmp_path, collection(point({"id": "P", "scheme": "CECI IMSS"}, -100, 25), line), "s.geojson"
    )
    with pytest.raises(DataError) as info:
        read_user_sites(path)
    assert_names(info.value, path, 2, "geometry")


def test_geojson_property_missing_everywhere_names_the_column(tmp_path: Path) -> None:
    path = write(tmp_path, collection(point({"id": "P"}, -100, 25)), "s.geojson")
    with pytest.raises(DataError) as info:
        read_user_sites(path)
    assert_names(info.value, path, None, "scheme")


@pytest.mark.parametrize(
    "text",
    ['{"type": "FeatureCollection", "features": [', '{"type": "Feature"}', "[1, 2]", '"x"'],
)
def test_not_a_feature_collection_is_a_data_error(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text, "s.geojson")
    with pytest.raises(DataError, match=r"s\.geojson"):
        read_user_sites(path)


def test_geojson_feature_that_is_not_an_object_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, '{"type": "FeatureCollection", "features": [3]}', "s.geojson")
    with pytest.raises(DataError) as info:
        read_user_sites(path)
    assert info.value.row == 1


# --- malformed Parquet: rows are records ------------------------------------------------------


def parquet(tmp_path: Path, **columns: list[Any]) -> Path:
    path = tmp_path / "od.parquet"
    pd.DataFrame(columns).to_parquet(path)
    return path


def test_parquet_numeric_ids_are_refused_because_zeros_would_be_lost(tmp_path: Path) -> None:
    path = parquet(tmp_path, origin=[10010001], destination=["a"], minutes=[3.0])
    with pytest.raises(DataError) as info:
        read_travel_table(path)
    assert_names(info.value, path, None, "origin")
    assert "text" in str(info.value)


def test_parquet_missing_column_is_named(tmp_path: Path) -> None:
    path = parquet(tmp_path, origin=["a"], destination=["b"], minutos=[3.0])
    with pytest.raises(DataError) as info:
        read_travel_table(path)
    assert_names(info.value, path, None, "minutes")


@pytest.mark.parametrize(
    ("columns", "row", "column"),
    [
        (
            {"origin": ["a", "b", "c"], "destination": ["x"] * 3, "minutes": [1.0, 2.0, -1.0]},
            3,
            "minutes",
        ),
        (
            {"origin": ["a", None, "c"], "destination": ["x"] * 3, "minutes": [1.0, 2.0, 3.0]},
            2,
            "origin",
        ),
        (
            {"origin": ["a", "b", "c"], "destination": ["x"] * 3, "minutes": ["1", "2", "tres"]},
            3,
            "minutes",
        ),
        (
            {"origin": ["a", "b", "a"], "destination": ["x"] * 3, "minutes": [1.0, 2.0, 3.0]},
            3,
            "destination",
        ),
    ],
)
def test_malformed_parquet_names_file_record_and_column(
    tmp_path: Path, columns: dict[str, list[Any]], row: int, column: str
) -> None:
    path = parquet(tmp_path, **columns)
    with pytest.raises(DataError) as info:
        read_travel_table(path)
    assert_names(info.value, path, row, column)


def test_file_that_is_not_parquet_is_a_data_error(tmp_path: Path) -> None:
    path = write(tmp_path, TRAVEL_HEADER + TRAVEL_OK, "od.parquet")
    with pytest.raises(DataError, match=r"od\.parquet.*Parquet"):
        read_travel_table(path)


# --- files that are not there, empty or of the wrong kind -------------------------------------


@pytest.mark.parametrize(
    "reader",
    [read_registered_centres, read_user_sites, read_travel_table],
    ids=lambda f: f.__name__,
)
@pytest.mark.parametrize("name", ["nope.csv", "nope.geojson", "nope.parquet"])
def test_missing_user_file_says_so_without_pointing_at_the_data_folder(
    tmp_path: Path, reader: Any, name: str
) -> None:
    with pytest.raises(DataError) as info:
        reader(tmp_path / name)
    assert "not found" in str(info.value) and name in str(info.value)
    assert "REDCECI_DATA" not in str(info.value)


def test_header_only_files_are_refused(tmp_path: Path) -> None:
    for reader, header in [
        (read_registered_centres, CENTRES_HEADER),
        (read_user_sites, SITES_HEADER),
        (read_travel_table, TRAVEL_HEADER),
    ]:
        with pytest.raises(DataError, match="no records"):
            reader(write(tmp_path, header, "empty.csv"))


def test_unsupported_file_type_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"\.xlsx"):
        read_user_sites(write(tmp_path, "PK", "sitios.xlsx"))
    with pytest.raises(DataError, match=r"\.geojson"):
        read_travel_table(write(tmp_path, collection(), "od.geojson"))
