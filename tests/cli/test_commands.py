"""The command line on the real data: what each command prints and writes, and bad input.

Most commands run on the session's national ``world`` (``load_world`` is swapped for it, the
user files still going through the real readers); one plan runs end to end with user files.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from click.testing import Result
from typer.testing import CliRunner

import redceci.workflow as workflow
from redceci.cli import app
from redceci.data.catalogue import CATALOGUE, POLOS, STATES
from redceci.data.census import read_municipalities
from redceci.planning.travel import haversine_km
from redceci.settings import Settings

ANSI = re.compile(r"\x1b\[[0-9;]*m")
BOX = re.compile(r"[│╭╮╰╯─┃━]")


def run(*args: str, columns: int = 200, env: dict[str, str] | None = None) -> Result:
    runner = CliRunner(env={"COLUMNS": str(columns), **(env or {})})
    return runner.invoke(app, list(args))


def flat(text: str) -> str:
    """Output as one line: colours, box borders and wrapping removed."""
    return " ".join(BOX.sub(" ", ANSI.sub("", text)).split())


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch, world: workflow.World, settings: Settings) -> None:
    """``load_world`` returns the session's world (with the command's parameters); user files
    are still read by the real readers, so their errors surface as they would."""

    def load(
        cli_settings: Settings,
        *,
        centres_file: Path | None = None,
        sites_file: Path | None = None,
        travel_file: Path | None = None,
        plots: pd.DataFrame | None = None,
        progress: Callable[[str, float], None] | None = None,
    ) -> workflow.World:
        assert cli_settings.data == settings.data
        if centres_file is not None:
            workflow.read_registered_centres(centres_file)
        if sites_file is not None:
            workflow.read_user_sites(sites_file)
        if travel_file is not None:
            workflow.read_travel_table(travel_file)
        if progress is not None:
            progress("listo", 1.0)
        return dataclasses.replace(world, params=cli_settings.model, plots=plots)

    monkeypatch.setattr(workflow, "load_world", load)


# --- data check and sources -------------------------------------------------------------------


def test_data_check_reports_every_file_its_rows_and_full_checksum(data_dir: Path) -> None:
    result = run("data", "check")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    for dataset in CATALOGUE:
        path = dataset.path(data_dir)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        [line] = [ln for ln in lines if f" {dataset.filename} " in ln]
        assert line.startswith("ok")
        assert f"{dataset.expected_rows:,}" in line
        assert f"sha256 {digest}" in result.stdout
    assert "ERROR" not in result.output


def mirror(data_dir: Path, target: Path) -> Path:
    """A data folder of links to the real files (which are never touched)."""
    target.mkdir()
    for dataset in CATALOGUE:
        (target / dataset.filename).symlink_to(dataset.path(data_dir))
    return target


def truncate_polos(data_dir: Path, folder: Path) -> tuple[str, str]:
    name = POLOS.filename
    (folder / name).unlink()
    lines = POLOS.path(data_dir).read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / name).write_text("".join(lines[:17]), encoding="utf-8")
    return name, "expected 32 rows"


def corrupt_states(data_dir: Path, folder: Path) -> tuple[str, str]:
    """Same row count, one census count no longer a number (row 3 = Baja California)."""
    name = STATES.filename
    (folder / name).unlink()
    text = STATES.path(data_dir).read_text(encoding="utf-8")
    assert ",Baja California,3769020," in text
    (folder / name).write_text(
        text.replace(",Baja California,3769020,", ",Baja California,37x9020,")
    )
    return name, "row 3, column 'POBTOT'"


def cut_gzip(data_dir: Path, folder: Path) -> tuple[str, str]:
    name = CATALOGUE[0].filename  # the municipal census table, gzipped
    (folder / name).unlink()
    raw = CATALOGUE[0].path(data_dir).read_bytes()
    (folder / name).write_bytes(raw[: len(raw) // 2])
    return name, "unreadable"


@pytest.mark.parametrize("damage", [truncate_polos, corrupt_states, cut_gzip])
def test_data_check_fails_and_names_the_damaged_file(
    data_dir: Path, tmp_path: Path, damage: Callable[[Path, Path], tuple[str, str]]
) -> None:
    folder = mirror(data_dir, tmp_path / "datos")
    name, why = damage(data_dir, folder)
    result = run("data", "check", env={"REDCECI_DATA": str(folder)})
    assert result.exit_code != 0
    out = result.output
    [line] = [ln for ln in out.splitlines() if f" {name} " in ln]
    assert line.startswith("ERROR")
    assert why in out
    assert f"con problemas: {name}" in flat(result.stderr)
    assert sum(ln.startswith("ok") for ln in out.splitlines()) == len(CATALOGUE) - 1


def test_data_check_with_missing_folder_names_every_file_missing(tmp_path: Path) -> None:
    result = run("data", "check", "--data", str(tmp_path / "nada"))
    assert result.exit_code != 0
    assert [ln.strip() for ln in result.stdout.splitlines()].count("missing") == len(CATALOGUE)
    assert "REDCECI_DATA" in flat(result.output)


def test_data_sources_lists_each_file_with_its_official_address() -> None:
    result = run("data", "sources", columns=80)
    assert result.exit_code == 0
    for dataset in CATALOGUE:
        assert dataset.filename in result.stdout
        assert dataset.official_source in result.stdout  # whole, even on 80 columns
        assert re.match(r"https?://", dataset.official_source)
    for host in ("https://www.inegi.org.mx/", "http://datos.imss.gob.mx/"):
        assert host in result.stdout


# --- needs ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("fast")
def test_needs_for_nuevo_leon_keeps_census_municipal_totals(tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "nl.csv"
    result = run("needs", "--state", "19", "--out", str(out), columns=80)
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, dtype={"MUN_CVEGEO": str}).set_index("MUN_CVEGEO")
    census = read_municipalities(data_dir)
    census = census[census["CVE_ENT"] == "19"]
    assert sorted(table.index) == sorted(census.index)  # all 51 municipalities
    assert np.allclose(table["POBTOT"], census.loc[table.index, "POBTOT"], rtol=1e-9)
    assert (table["eligible"] <= table["children"] + 1e-9).all()
    assert (table["unmet"] <= table["eligible"] + 1e-9).all()
    # the printed table: sorted by unmet demand, numbers whole even on 80 columns
    monterrey = table.loc["19039"]
    [line] = [ln for ln in result.stdout.splitlines() if ln.startswith("19039")]
    assert "Monterrey" in line
    assert f"{monterrey['children']:,.0f}" in line and f"{monterrey['unmet']:,.0f}" in line
    first = next(ln for ln in result.stdout.splitlines() if ln[:5].isdigit())
    assert first.startswith(str(table["unmet"].idxmax()))
    assert "11 filas más" in result.stdout  # 51 rows, 40 shown


@pytest.mark.usefixtures("fast")
def test_needs_by_municipality_lists_its_localities(tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "mty.csv"
    result = run("needs", "--municipality", "19039", "--out", str(out))
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, dtype={"unit_id": str}).set_index("unit_id")
    assert table.index.str.startswith("19039").all() and len(table) >= 2
    census = read_municipalities(data_dir)
    assert table["POBTOT"].sum() == pytest.approx(census.loc["19039", "POBTOT"], rel=1e-9)
    assert "Monterrey" in result.stdout


@pytest.mark.usefixtures("fast")
def test_needs_by_polo_gives_one_row_with_its_figures(
    tmp_path: Path, world: workflow.World
) -> None:
    out = tmp_path / "polo.csv"
    result = run("needs", "--polo", "celaya", "--out", str(out))
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, index_col=0)
    assert list(table.index) == ["Celaya"]
    row = table.loc["Celaya"]
    [line] = [ln for ln in result.stdout.splitlines() if ln.startswith("Celaya")]
    assert f"{row['children']:,.0f}" in line and f"{row['places']:,.0f}" in line
    assert 0 < row["eligible"] <= row["children"]


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--state", "99"], "unknown state '99'"),
        (["--municipality", "99999"], "unknown municipality '99999'"),
        (["--polo", "Atlantis"], "no polo matches 'Atlantis'"),
        (["--state", "19", "--polo", "Celaya"], "elija una de --state, --municipality o --polo"),
    ],
)
def test_needs_with_bad_area_exits_2_naming_it(args: list[str], message: str) -> None:
    result = run("needs", *args)
    assert result.exit_code == 2
    assert message in flat(result.output)


# --- site-report ------------------------------------------------------------------------------

# North of Monterrey (General Escobedo): unmet demand in reach. Downtown Monterrey, at AGEB
# resolution, has every eligible child within reach of an existing place.
MONTERREY = ("--lat", "25.75", "--lon", "-100.30")


@pytest.mark.usefixtures("fast")
def test_site_report_json_is_consistent(world: workflow.World) -> None:
    result = run("site-report", *MONTERREY, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)  # nothing but JSON on standard output
    assert report["eligible_under_3"] > 0 and report["eligible_3_plus"] > 0
    assert report["eligible_under_3"] + report["eligible_3_plus"] == pytest.approx(
        report["eligible"]
    )
    assert report["eligible"] <= report["children_age_eligible"]
    assert 0 <= report["unmet"] <= report["eligible"]
    # existing places: providers within the catchment, recomputed here from the travel rule
    t, sup = world.params.travel, world.supply
    lat, lon = float(MONTERREY[1]), float(MONTERREY[3])
    km = haversine_km(lat, lon, sup["lat"].to_numpy(), sup["lon"].to_numpy())
    near = km * t.detour_factor / t.speed_urban_kmh * 60 <= t.catchment_minutes
    assert report["providers"] == int(near.sum()) > 0
    assert report["existing_places"] == pytest.approx(sup["places"].to_numpy()[near].sum())
    # size: from the menu, at least half full, the largest when demand exceeds it
    sizes, floor = world.params.siting.sizes, world.params.siting.min_occupancy
    size = report["recommended_size"]
    assert size in sizes and report["unmet"] >= floor * size
    if report["unmet"] >= max(sizes):
        assert size == max(sizes) and report["expected_occupancy"] == 1.0
    assert report["expected_occupancy"] == pytest.approx(min(1.0, report["unmet"] / size))
    low, central, high = (report[f"mothers_enabled_{s}"] for s in ("low", "central", "high"))
    assert 0 <= low <= central <= high


@pytest.mark.usefixtures("fast")
def test_site_report_table_shows_the_same_figures() -> None:
    table = run("site-report", *MONTERREY, columns=120)
    report = json.loads(run("site-report", *MONTERREY, "--json").stdout)
    assert table.exit_code == 0, table.output
    rows = {ln.split("│")[1].strip(): ln.split("│")[2].strip()
            for ln in table.stdout.splitlines() if ln.count("│") == 3}  # fmt: skip
    assert rows["recommended_size"] == str(report["recommended_size"])
    assert rows["eligible"] == f"{report['eligible']:,.0f}"
    assert rows["existing_places"] == f"{report['existing_places']:,.0f}"
    assert rows["lat"] == "25.75000" and rows["lon"] == "-100.30000"


@pytest.mark.usefixtures("fast")
def test_a_companys_employees_children_are_counted_from_its_municipalitys_census(
    world: workflow.World,
) -> None:
    alone = json.loads(run("site-report", *MONTERREY, "--json").stdout)
    company = json.loads(run("site-report", *MONTERREY, "--employees", "3000", "--json").stdout)
    assert alone["employees_children"] == 0 and alone["demand"] == alone["unmet"]
    assert company["unmet"] == alone["unmet"]  # the catchment's own demand does not change
    # the municipality of the nearest demand unit, its census counts read here directly
    lat, lon = float(MONTERREY[1]), float(MONTERREY[3])
    units = world.units
    nearest = np.argmin(haversine_km(lat, lon, units["LAT"].to_numpy(), units["LON"].to_numpy()))
    mun = read_municipalities(Settings().data).loc[units["MUN_CVEGEO"].iloc[nearest]]
    d = world.params.demand
    age = d.age_max_days - d.age_min_days
    share_0a2 = (3 * 365.25 - d.age_min_days) / (3 * 365.25)  # 43 days to 3 years of 0-2
    share_3a5 = (age - (3 * 365.25 - d.age_min_days)) / (3 * 365.25)  # the rest, of 3-5
    per_worker = (mun["P_0A2"] * share_0a2 + mun["P_3A5"] * share_3a5) / mun["POCUPADA"]
    assert company["children_per_worker"] == pytest.approx(per_worker, rel=1e-9)
    assert company["employees_children"] == pytest.approx(3000 * per_worker)
    added = 3000 * per_worker * d.take_up_rate * (1 - d.employees_living_nearby)
    assert company["employees_demand"] == pytest.approx(added)
    assert company["demand"] == pytest.approx(alone["unmet"] + added)
    size = company["recommended_size"]
    assert company["expected_occupancy"] == pytest.approx(min(1.0, company["demand"] / size))


@pytest.mark.parametrize(
    ("lat", "lon", "option"),
    [("95", "-100.31", "--lat"), ("-91", "-100.31", "--lat"), ("25.67", "-181", "--lon")],
)
def test_site_report_out_of_range_coordinates_exit_2(lat: str, lon: str, option: str) -> None:
    result = run("site-report", "--lat", lat, "--lon", lon)
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in flat(result.output)


# --- plan -------------------------------------------------------------------------------------

AGUASCALIENTES = {"lat": (21.6, 22.5), "lon": (-102.9, -101.8)}


@pytest.mark.usefixtures("fast")
def test_plan_for_a_small_state_writes_csv_geojson_and_a_self_contained_report(
    tmp_path: Path, world: workflow.World
) -> None:
    out = tmp_path / "plan-ags"
    result = run("plan", "--state", "01", "--centres", "10", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert f"Informe: {out / 'report.html'}" in text
    ags = world.units["CVE_ENT"] == "01"
    assert f"Instancia: {int(ags.sum()):,} unidades de demanda" in text
    assert "Report:" not in text and " / " not in text  # one language at a time

    sizes = world.params.siting.sizes
    csv = pd.read_csv(out / "plan.csv", dtype={"CVE_ENT": str, "MUN_CVEGEO": str})
    assert csv["centres"].sum() == 10
    assert (csv["CVE_ENT"] == "01").all()
    assert (csv["places"] == sum(csv[f"centres_{s}"] * s for s in sizes)).all()

    doc = json.loads((out / "plan.geojson").read_text(encoding="utf-8"), parse_constant=_no_nan)
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == len(csv)
    for feature in doc["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert AGUASCALIENTES["lat"][0] < lat < AGUASCALIENTES["lat"][1]
        assert AGUASCALIENTES["lon"][0] < lon < AGUASCALIENTES["lon"][1]
    assert sum(f["properties"]["centres"] for f in doc["features"]) == 10
    assert {f["properties"]["site_id"] for f in doc["features"]} == set(csv["site_id"])

    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<svg" in html
    external = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    external += re.findall(r"""@import|url\(\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not external


def _no_nan(token: str) -> Any:
    raise AssertionError(f"GeoJSON must be strict JSON, found {token}")


def bad_csv(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.usefixtures("fast")
@pytest.mark.parametrize(
    ("option", "name", "text", "where"),
    [
        (
            "--sites-file",
            "sitios.csv",
            "id,name,lat,lon,scheme\nS1,a,21.9,-102.3,CECI IMSS\nS2,b,norte,-102.3,CECI IMSS\n",
            "row 3, column 'lat'",
        ),
        (
            "--centres-file",
            "centros.csv",
            "id,name,lat,lon,places,status\nC1,a,21.9,-102.3,110,operating\n",
            "row 1, column 'scheme'",
        ),
        (
            "--travel-table",
            "od.csv",
            "origin,destination,minutes\n010010001,x,5\n010010001,y,cinco\n",
            "row 3, column 'minutes'",
        ),
    ],
)
def test_plan_with_malformed_user_file_exits_2_naming_file_row_and_column(
    tmp_path: Path, option: str, name: str, text: str, where: str
) -> None:
    path = bad_csv(tmp_path, name, text)
    result = run("plan", "--state", "01", option, str(path), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert f"{path}, {where}" in flat(result.output)
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--centres", "-1"], "Invalid value for '--centres'"),
        (["--places", "-5"], "Invalid value for '--places'"),
        (["--budget", "-1e6"], "Invalid value for '--budget'"),
        (["--keep", "loc:010010001"], "--keep: must look like KEY=NUMBER"),
        (["--state-min", "01=muchos"], "--state-min: must look like KEY=NUMBER"),
        (["--params", "no-such-params.toml"], "no-such-params.toml"),
        (["--sites-file", "no-such-sites.csv"], "no-such-sites.csv"),
    ],
)
def test_plan_bad_options_exit_2_before_loading_anything(
    monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("the world was loaded before the options were checked")

    monkeypatch.setattr(workflow, "load_world", refuse)
    result = run("plan", "--state", "01", *args)
    assert result.exit_code == 2
    assert message in flat(result.output)


@pytest.mark.usefixtures("fast")
def test_plan_unknown_state_and_bad_params_file_exit_2(tmp_path: Path) -> None:
    result = run("plan", "--state", "99", "--out", str(tmp_path / "o"))
    assert result.exit_code == 2 and "unknown state code(s): 99" in flat(result.output)
    params = bad_csv(tmp_path, "p.toml", "[siting]\nsizes = [110, 250\n")
    result = run("plan", "--state", "01", "--params", str(params))
    assert result.exit_code == 2 and "p.toml: not valid TOML" in flat(result.output)
    params = bad_csv(tmp_path, "q.toml", "[siting]\nmin_occupancy = 2.0\n")
    result = run("plan", "--state", "01", "--params", str(params))
    assert result.exit_code == 2 and "min_occupancy" in flat(result.output)


def test_plan_with_user_files_runs_end_to_end(tmp_path: Path, world: workflow.World) -> None:
    """The real ``load_world``: a planned centre is kept, and with a travel table only the
    pairs it lists are reachable, so every centre opens at a site the table names."""
    ags = world.units[world.units["CVE_ENT"] == "01"].nlargest(5, "unmet")
    centres = bad_csv(
        tmp_path,
        "centros.csv",
        "id,name,lat,lon,places,status,scheme\n"
        "P1,Nuevo CECI,21.90,-102.30,250,planned,CECI IMSS\n"
        "C1,CECI existente,21.88,-102.29,110,operating,CECI IMSS\n",
    )
    sites = bad_csv(
        tmp_path, "sitios.csv", "id,name,lat,lon,scheme\nS1,Planta,21.92,-102.28,CECI Empresa\n"
    )
    od = pd.DataFrame(
        [(u, d, 10.0) for u in ags["unit_id"] for d in ("usuario:P1", "usuario:S1")],
        columns=["origin", "destination", "minutes"],
    )
    od.to_parquet(tmp_path / "od.parquet")
    out = tmp_path / "plan"
    result = run(
        "plan", "--state", "01", "--centres", "3", "--out", str(out),
        "--centres-file", str(centres), "--sites-file", str(sites),
        "--travel-table", str(tmp_path / "od.parquet"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    plan = pd.read_csv(out / "plan.csv")
    assert set(plan["site_id"]) <= {"usuario:P1", "usuario:S1"}
    assert "usuario:P1" in set(plan["site_id"])
    assert plan["centres"].sum() <= 3
    assert math.isfinite(plan["served"].sum()) and plan["served"].sum() > 0


# --- programme ----------------------------------------------------------------------------------


@pytest.mark.usefixtures("fast")
def test_programme_writes_one_row_per_centre_with_its_year_in_english(
    tmp_path: Path, world: workflow.World
) -> None:
    out = tmp_path / "prog"
    result = run(
        "programme", "--state", "01", "--centres", "12", "--no-sensitivity", "--lang", "en",
        "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "Programme by year" in text and "certified bound" in text and "gap" in text
    assert "Programa" not in text and "Informe" not in text
    rows = pd.read_csv(out / "programme.csv", dtype={"CVE_ENT": str})
    assert len(rows) == 12 and rows["year"].between(2026, 2030).all()
    assert {"educator", "assistant", "cook", "operating_cost", "land"} <= set(rows.columns)
    assert set(rows["currency"]) == {"MXN"} and not rows.filter(like="_mxn").columns.any()
    assert rows["centre"].is_unique
    plan_csv = pd.read_csv(out / "plan.csv")
    assert plan_csv["centres"].sum() == 12
    html = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Programme by year" in html
    assert "Staff and running cost" in html and "Programa por año" not in html


@pytest.mark.usefixtures("fast")
def test_programme_speaks_spanish_by_default(tmp_path: Path) -> None:
    out = tmp_path / "prog"
    result = run(
        "programme", "--state", "01", "--centres", "5", "--no-sensitivity", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "Programa por año" in text and "brecha" in text and "Report:" not in text
    html = (out / "report.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in html and "Personal y costo de operación" in html


def test_programme_with_a_bad_plots_file_exits_2_naming_row_and_column(tmp_path: Path) -> None:
    path = bad_csv(
        tmp_path,
        "predios.csv",
        "id,name,lat,lon,area_m2,status,status_date\n"
        "p1,Uno,21.9,-102.3,5000,donated,2026-02-01\n"
        "p2,Dos,21.8,-102.2,4000,given,2026-02-01\n",
    )
    result = run(
        "programme", "--state", "01", "--plots-file", str(path), "--out", str(tmp_path / "o")
    )
    assert result.exit_code == 2
    message = flat(result.output)
    assert "predios.csv" in message and "row 3" in message and "status" in message
    assert not (tmp_path / "o").exists()
