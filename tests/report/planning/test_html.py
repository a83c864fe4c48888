"""The HTML report: self-contained, honest about solver status, complete tables, small enough."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from redceci.data.boundaries import read_boundaries
from redceci.planning.parameters import ModelParameters, assumptions_table
from redceci.planning.plan import Plan
from redceci.report.planning import maps as report_maps
from redceci.report.planning.html import write_report


@dataclass(frozen=True)
class FakeResult:
    """Stand-in for ``SitingResult`` with the attributes the report reads."""

    objective: float = 1234.5
    bound: float = 1250.0
    gap: float = 0.0123
    status: str = "feasible"
    method: str = "greedy + local search"
    seconds: float = 4.2
    n_centres: int = 4
    places: int = 830
    cost: float = 116.34e6
    served: float = 700.0
    centres: tuple[Any, ...] = field(default_factory=tuple)
    bound_source: str = "lagrangian"
    limits_hit: tuple[str, ...] = ()


SITE_NAMES = ("San Quintín", "Parque <Norte> & Cía", "Polo Monterrey")


def _sites() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "site_id": ["loc:020010001", "parque:19039:0", "polo:3"],
            "name": list(SITE_NAMES),
            "kind": ["locality", "industrial_park", "polo"],
            "scheme": ["CECI IMSS", "CECI Empresa", "CECI Empresa"],
            "MUN_CVEGEO": ["02001", "19039", "19039"],
            "CVE_ENT": ["02", "19", "19"],
            "lat": [30.55, 25.70, 25.67],
            "lon": [-115.93, -100.25, -100.31],
            "centres": [2, 1, 1],
            "places": [360, 250, 220],
            "served": [300.0, 200.0, 200.0],
            "mothers_enabled": [30.0, 21.0, 19.5],
            "cost": [58.17e6, 36.1e6, 44.14e6],
            "centres_110": [1, 0, 2],
            "centres_250": [1, 1, 0],
            "occupancy": [300 / 360, 0.8, 200 / 220],
            "eligible_in_catchment": [1500.0, 900.0, 800.0],
            "must_keep": [False, True, False],
        }
    )


def _by_state(sites: pd.DataFrame) -> pd.DataFrame:
    idx = pd.Index(["02", "19"], name="CVE_ENT")
    bs = pd.DataFrame(
        {
            "name": ["Baja California", "Nuevo León"],
            "POBTOT": [3_769_020.0, 5_784_442.0],
            "children": [200_000.0, 300_000.0],
            "need": [80_000.0, 120_000.0],
            "eligible": [40_000.0, 70_000.0],
            "unmet": [30_000.0, 50_000.0],
            "desert_children": [20_000.0, 10_000.0],
            "units": [1200, 2100],
            "places": [9_000.0, 15_000.0],
        },
        index=idx,
    )
    bs["children_per_place"] = bs["children"] / bs["places"]
    bs["places_per_100"] = 100 * bs["places"] / bs["children"]
    bs["desert_share"] = bs["desert_children"] / bs["children"]
    new = sites.groupby("CVE_ENT")["places"].sum().reindex(idx).fillna(0.0)
    bs["new_places"] = new
    bs["places_per_100_before"] = bs["places_per_100"]
    bs["places_per_100_after"] = 100 * (bs["places"] + new) / bs["children"]
    bs["mothers_enabled_low"] = [10.0, 15.0]
    bs["mothers_enabled_central"] = [30.0, 40.5]
    bs["mothers_enabled_high"] = [50.0, 66.0]
    bs["centres"] = sites.groupby("CVE_ENT")["centres"].sum().reindex(idx).fillna(0).astype(int)
    bs["new_served"] = [300.0, 400.0]
    bs["unmet_after"] = bs["unmet"] - bs["new_served"]
    return bs


def _units() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": ["u1", "u2", "u3", "u4"],
            "MUN_CVEGEO": ["02001", "02001", "19039", "19039"],
            "CVE_ENT": ["02", "02", "19", "19"],
            "NOM_LOC": ["Ensenada", "Ejido Papalote", "Monterrey", "Apodaca"],
            "LAT": [31.86, 30.9, 25.67, 25.78],
            "LON": [-116.6, -116.0, -100.31, -100.19],
            "URBAN": [True, False, True, True],
            "POBTOT": [5000.0, 800.0, 90000.0, 40000.0],
            "children": [300.0, 60.0, 5000.0, 2000.0],
            "eligible": [100.0, 10.0, 1500.0, 700.0],
            "unmet": [80.0, 10.0, 900.0, 400.0],
            "desert": [True, True, False, True],
            "desert_children": [300.0, 60.0, 0.0, 2000.0],
            "places_reachable": [20.0, 0.0, 3000.0, 100.0],
            "children_per_place": [15.0, np.inf, 1.7, 20.0],
            "access_2sfca": [0.1, 0.0, 0.5, 0.05],
            "new_served": [50.0, 0.0, 400.0, 250.0],
            "unmet_after": [30.0, 10.0, 500.0, 150.0],
        }
    )


def make_plan(
    status: str = "feasible", gap: float = 0.0123, params: ModelParameters | None = None
) -> Plan:
    sites = _sites()
    by_scheme = sites.groupby("scheme").agg(
        sites=("site_id", "size"),
        centres=("centres", "sum"),
        places=("places", "sum"),
        served=("served", "sum"),
        cost=("cost", "sum"),
        mothers_enabled=("mothers_enabled", "sum"),
    )
    return Plan(
        sites=sites,
        by_state=_by_state(sites),
        by_scheme=by_scheme,
        units=_units(),
        result=FakeResult(status=status, gap=gap),
        params=params or ModelParameters(),
    )


def _square(lon: float, lat: float, size: float = 2.0) -> list[list[float]]:
    return [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]


BOUNDARIES: dict[str, Any] = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"CVEGEO": "02", "NOM_ENT": "Baja California"},
            "geometry": {"type": "Polygon", "coordinates": [_square(-117.0, 29.0, 3.0)]},
        },
        {
            "type": "Feature",
            "properties": {"CVEGEO": "19", "NOM_ENT": "Nuevo León"},
            "geometry": {
                "type": "MultiPolygon",
                "coordinates": [[_square(-101.0, 24.5)], [_square(-98.0, 27.0, 0.5)]],
            },
        },
    ],
}

SUPPLY = pd.DataFrame(
    {
        "provider_id": ["denue:1", "denue:2"],
        "name": ["Guardería pública", "Guardería privada"],
        "lat": [25.7, 31.8],
        "lon": [-100.3, -116.6],
        "places": [84.0, 44.0],
    }
)
POLOS = pd.DataFrame(
    {"programa": ["PODECOBI"], "polo": ["Nuevo Laredo"], "lat": [27.47], "lon": [-99.52]}
)


def render(tmp_path: Path, plan: Plan | None = None, **kw: Any) -> str:
    path = write_report(
        tmp_path / "report.html",
        plan or make_plan(),
        boundaries=kw.pop("boundaries", BOUNDARIES),
        supply=kw.pop("supply", SUPPLY),
        polos=kw.pop("polos", POLOS),
        **kw,
    )
    assert path == tmp_path / "report.html"
    return path.read_text(encoding="utf-8")


def test_report_is_self_contained(tmp_path: Path) -> None:
    text = render(tmp_path)
    lower = text.lower()
    assert "<svg" in lower
    assert "<script src" not in lower
    assert "<link" not in lower
    assert "@import" not in lower
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", lower)
    assert "url(" not in lower
    assert "http://" not in lower and "https://" not in lower


def test_every_chosen_site_is_named_escaped(tmp_path: Path) -> None:
    text = render(tmp_path)
    for name in SITE_NAMES:
        assert html.escape(name, quote=False) in text, name
    assert "<Norte>" not in text  # autoescaped


def test_headline_figures_and_thousands_separators(tmp_path: Path) -> None:
    text = render(tmp_path)
    assert ">4</div>" in text  # centres
    assert ">830</div>" in text  # places
    assert "138 <small>MDP</small>" in text  # 58.17 + 36.1 + 44.14 = 138.41 MDP
    assert "5,784,442" in text  # a by_state population
    assert "9,553,462" in text  # national total row
    assert ">70</div>" in text  # mothers, central: 30 + 40.5 (round half to even)
    assert "bajo 25, alto 116" in text


def test_gap_method_and_bound_are_shown(tmp_path: Path) -> None:
    text = render(tmp_path)
    assert '<dd id="gap">1.23 %</dd>' in text
    assert "greedy + local search" in text
    assert "1,250.0" in text and "1,234.5" in text


def test_the_bound_names_where_it_comes_from_and_any_safety_net_hit(tmp_path: Path) -> None:
    text = render(tmp_path, lang="en")
    assert '<dd id="solver-bound-source">Lagrangian relaxation</dd>' in text
    plan = make_plan()
    hit = FakeResult(bound_source="coverable", limits_hit=("bound",))
    text = render(tmp_path, Plan(**{**plan.__dict__, "result": hit}))
    assert "toda la demanda alcanzable" in text
    assert "límite de tiempo de seguridad en: bound" in text


@pytest.mark.parametrize("status", ["feasible", "time_limit"])
def test_not_optimal_is_never_called_optimal(tmp_path: Path, status: str) -> None:
    text = render(tmp_path, make_plan(status=status)).lower()
    assert "óptimo" not in text
    assert "óptima" not in text
    before_assumptions = text.split('id="assumptions"')[0]
    assert "optimal" not in before_assumptions


def test_optimal_is_called_optimal(tmp_path: Path) -> None:
    text = render(tmp_path, make_plan(status="optimal", gap=0.0))
    assert "óptimo" in text
    assert "optimal" in text
    assert '<dd id="gap">0.00 %</dd>' in text


def test_assumptions_table_lists_every_parameter(tmp_path: Path) -> None:
    params = ModelParameters()
    text = render(tmp_path, make_plan(params=params))
    section = text.split('id="assumptions"')[1]
    rows = assumptions_table(params)
    assert len(rows) > 10
    for row in rows:
        assert f"<code>{row['name']}</code>" in section, row["name"]
    assert section.count("<tr><td>") == len(rows)


def test_places_goal_unreachable_with_size_menu_is_said_plainly(tmp_path: Path) -> None:
    text = render(tmp_path, lang="en")
    # Defaults: at most 1,000 centres of at most 250 places = 250,000 < 500,000.
    assert "250,000 &lt; 500,000" in text
    assert "cannot be reached with the size menu" in text
    # Unmet demand (1,390 children) is below the places goal: said too.
    assert "1,390" in text


def test_goal_reachable_menu_gives_no_menu_note(tmp_path: Path) -> None:
    params = ModelParameters.model_validate({"siting": {"max_centres": 3000}})
    text = render(tmp_path, make_plan(params=params), lang="en")
    assert "cannot be reached with the size menu" not in text
    assert "Unmet demand runs out" in text  # 4 of 3,000 centres used


def test_map_layers_and_toggles(tmp_path: Path) -> None:
    text = render(tmp_path)
    for layer in ("layer-states", "layer-deserts", "layer-supply", "layer-polos", "layer-sites"):
        assert f'id="{layer}"' in text
        assert f'data-layer="{layer}"' in text
    assert "Polo Nuevo Laredo" in text
    deserts = text.split('id="layer-deserts"')[1].split("</g>")[0]
    assert deserts.count("<circle") == 3  # units u1, u2, u4 are deserts
    assert "Monterrey:" not in deserts  # u3 is not a desert
    sites = text.split('id="layer-sites"')[1].split("</g>")[0]
    assert sites.count("<circle") == 3
    assert "Ocupación: 83 %" in sites
    states = text.split('id="layer-states"')[1].split("</g>")[0]
    assert states.count('<path d="M') == 2  # one outline per state, rings joined
    assert states.count("Z") == 3  # three rings


def test_desert_points_are_capped_to_those_with_most_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_maps, "MAX_DESERT_POINTS", 2)
    text = render(tmp_path)
    deserts = text.split('id="layer-deserts"')[1].split("</g>")[0]
    assert deserts.count("<circle") == 2
    assert "Apodaca" in deserts and "Ensenada" in deserts
    assert "Ejido Papalote" not in deserts


def test_report_without_optional_layers_or_boundaries(tmp_path: Path) -> None:
    text = render(tmp_path, supply=None, polos=None, boundaries={"features": []}, title="Plan NL")
    assert "<title>Plan NL</title>" in text
    assert 'id="layer-supply"' not in text and 'id="layer-polos"' not in text
    assert text.count("<circle") >= 6


def test_national_scale_report_stays_small(tmp_path: Path, data_dir: Path) -> None:
    rng = np.random.default_rng(3)
    boundaries = read_boundaries(data_dir, "estados")
    n_units, n_sites, n_supply = 40_000, 900, 12_000
    units = pd.DataFrame(
        {
            "unit_id": [f"u{i}" for i in range(n_units)],
            "CVE_ENT": "09",
            "NOM_LOC": [f"Localidad número {i}" for i in range(n_units)],
            "LAT": rng.uniform(15, 32, n_units),
            "LON": rng.uniform(-117, -87, n_units),
            "children": rng.uniform(50, 5000, n_units),
            "unmet": rng.uniform(0, 1000, n_units),
            "unmet_after": rng.uniform(0, 500, n_units),
            "desert": rng.random(n_units) < 0.5,
        }
    )
    sites = pd.DataFrame(
        {
            "site_id": [f"loc:{i}" for i in range(n_sites)],
            "name": [f"Sitio {i}" for i in range(n_sites)],
            "kind": "locality",
            "scheme": np.where(rng.random(n_sites) < 0.7, "CECI IMSS", "CECI Empresa"),
            "MUN_CVEGEO": "09001",
            "CVE_ENT": "09",
            "lat": rng.uniform(15, 32, n_sites),
            "lon": rng.uniform(-117, -87, n_sites),
            "centres": 1,
            "places": 250,
            "served": 200.0,
            "mothers_enabled": 20.0,
            "cost": 36.1e6,
            "occupancy": 0.8,
        }
    )
    supply = pd.DataFrame(
        {"lat": rng.uniform(15, 32, n_supply), "lon": rng.uniform(-117, -87, n_supply)}
    )
    supply["places"] = 44.0
    base = make_plan()
    plan = Plan(
        sites=sites,
        by_state=base.by_state,
        by_scheme=base.by_scheme,
        units=units,
        result=base.result,
        params=base.params,
    )
    text = render(tmp_path, plan, boundaries=boundaries, supply=supply, polos=POLOS)
    size = len(text.encode("utf-8"))
    assert size < 3_000_000, size
    deserts = text.split('id="layer-deserts"')[1].split("</g>")[0]
    assert deserts.count("<circle") == report_maps.MAX_DESERT_POINTS
    states = text.split('id="layer-states"')[1].split("</g>")[0]
    assert states.count('<path d="M') == 32


def test_shortfall_at_time_limit_is_not_blamed_on_demand(tmp_path: Path) -> None:
    text = render(tmp_path, make_plan(status="time_limit"), lang="en")
    assert "stopped at its time limit short of the goals" in text
    assert "Unmet demand runs out" not in text


def test_places_goal_reached_is_said(tmp_path: Path) -> None:
    params = ModelParameters.model_validate({"siting": {"max_places": 800}})
    text = render(tmp_path, make_plan(params=params), lang="en")
    assert "The places goal is reached with 4 centres" in text
    assert "cannot be reached" not in text


def test_plan_without_sites_still_renders(tmp_path: Path) -> None:
    base = make_plan()
    empty = Plan(
        sites=base.sites.iloc[:0],
        by_state=base.by_state.assign(new_places=0.0, centres=0),
        by_scheme=base.by_scheme.iloc[:0],
        units=base.units,
        result=base.result,
        params=base.params,
    )
    text = render(tmp_path, empty, lang="en")
    sites = text.split('id="layer-sites"')[1].split("</g>")[0]
    assert "<circle" not in sites
    assert "Unmet demand runs out" in text


def test_the_report_speaks_one_language_at_a_time(tmp_path: Path) -> None:
    spanish = render(tmp_path)
    english = render(tmp_path, lang="en")
    assert '<html lang="es">' in spanish and '<html lang="en">' in english
    assert "Cifras principales" in spanish and "Headline figures" not in spanish
    assert "Headline figures" in english and "Cifras principales" not in english
    assert "Occupancy: 83 %" in english and "Ocupación" not in english
    assert 'class="en"' not in spanish + english
    # The solver's figures carry ids, whatever the language (the bench reads them).
    for text in (spanish, english):
        for name in ("solver-method", "solver-objective", "solver-bound", "gap"):
            assert f'id="{name}"' in text
    with pytest.raises(ValueError, match="language"):
        render(tmp_path, lang="fr")


def test_amounts_are_in_the_country_pack_s_currency(tmp_path: Path) -> None:
    """Mexico's report says MDP and pesos; a pack with another currency (Guatemala's
    quetzales) has its own words in every money header, and never MDP."""
    from redceci.countries import country_pack
    from redceci.report.planning.html import report_words

    mexico = render(tmp_path)
    assert "138 <small>MDP</small>" in mexico and "millones de pesos" in mexico
    guatemala = render(tmp_path, words=report_words(country_pack("gt").words))
    assert "138 <small>millones de Q</small>" in guatemala
    assert "Costo de construcción (millones de quetzales)" in guatemala
    assert "Costo millones de Q" in guatemala  # the sites table
    # Only the assumptions table still names pesos: the CECI model's costs, with their source,
    # until a user gives the country's own (--params).
    said = [line for line in guatemala.splitlines() if "MDP" in line or "pesos" in line]
    assert said and all("<td><code>" in line for line in said), said
    # The assumptions table names its currency, the plan's (the pack's ISO code).
    assert "Los importes de la tabla están en pesos (MXN)." in mexico
    in_quetzales = make_plan(params=ModelParameters(currency="GTQ"))
    gt_words = report_words(country_pack("gt").words)
    english = render(tmp_path, in_quetzales, words=gt_words, lang="en")
    assert "Amounts in the table are in quetzales (GTQ)." in english
