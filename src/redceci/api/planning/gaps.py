"""Land gaps for planners: which sites of a finished scenario still lack land (no open plot of
the registry nearby) and which offered plots lie in care deserts. Shared by the API and pages."""

from __future__ import annotations

from typing import Any

import pandas as pd

from redceci.api.planning.jobs import scenario_dir
from redceci.errors import NotFoundError
from redceci.planning.land import OPEN_STATUSES, nearest_plots
from redceci.platform.access import Permission, Principal
from redceci.platform.vocabulary import ScenarioStatus
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.planning import plots, scenarios
from redceci.store.planning.models import Plot


def _scenario_id(db: Database, principal: Principal, scenario_id: int | None) -> int | None:
    """The scenario asked for (if visible), else the latest finished one the caller sees."""
    if scenario_id is not None:
        scenarios.get_scenario(db, principal, scenario_id)
        return scenario_id
    if not principal.can(Permission.SCENARIOS_READ):
        return None  # a partner sees plots, not plans
    items, _ = scenarios.list_scenarios(db, principal, limit=200)
    done = [s.id for s in items if s.status == ScenarioStatus.SUCCEEDED]
    return done[0] if done else None


#: Columns a scenario's plan.csv needs for its sites to be matched to plots.
SITE_COLUMNS = ("site_id", "lat", "lon")


def _sites(settings: Settings, scenario_id: int) -> pd.DataFrame:
    """The chosen sites of a finished scenario (none if its files hold no site table)."""
    path = scenario_dir(settings, scenario_id) / "plan.csv"
    if not path.is_file():
        raise NotFoundError(f"scenario {scenario_id} has no plan file")
    try:
        sites = pd.read_csv(path, dtype={"CVE_ENT": str, "MUN_CVEGEO": str, "site_id": str})
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError):
        return pd.DataFrame(columns=list(SITE_COLUMNS))
    if not set(SITE_COLUMNS) <= set(sites.columns):
        return pd.DataFrame(columns=list(SITE_COLUMNS))
    return sites


def land_gaps(
    db: Database, settings: Settings, principal: Principal, scenario_id: int | None = None
) -> dict[str, Any]:
    """The planned sites without a plot within ``plot_match_km`` and the open plots in care
    deserts (from their site reports), among what the caller may see."""
    match_km = settings.model.land.plot_match_km
    visible = plots.list_plots(db, principal)
    open_plots = [p for p in visible if p.status in OPEN_STATUSES]
    in_deserts = [p for p in open_plots if _in_desert(p)]
    chosen = _scenario_id(db, principal, scenario_id)
    without: list[dict[str, Any]] = []
    with_land = 0
    if chosen is not None:
        sites = _sites(settings, chosen)
        frame = pd.DataFrame(
            {"id": [p.id for p in open_plots], "lat": [p.lat for p in open_plots]}
            | {"lon": [p.lon for p in open_plots]}
        )
        near = nearest_plots(sites, frame, within_km=match_km)
        for (_, site), (_, hit) in zip(sites.iterrows(), near.iterrows(), strict=True):
            has = bool(pd.notna(hit["plot_id"]))
            with_land += int(has)
            if not has:
                without.append(
                    {
                        "site_id": str(site["site_id"]),
                        "name": str(site.get("name", "")),
                        "state_code": str(site.get("CVE_ENT", "")),
                        "lat": float(site["lat"]),
                        "lon": float(site["lon"]),
                        "centres": int(site.get("centres", 1)),
                        "nearest_plot_id": None,
                        "nearest_plot_km": None,
                        "has_land": False,
                    }
                )
    return {
        "scenario_id": chosen,
        "match_km": match_km,
        "sites_without_land": without,
        "sites_with_land": with_land,
        "plots_in_deserts": in_deserts,
    }


def _in_desert(plot: Plot) -> bool:
    land = (plot.site_report or {}).get("land") or {}
    return bool(land.get("in_desert"))
