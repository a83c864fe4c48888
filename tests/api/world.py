"""Shared pieces of the API tests: the callers, the fake planner, the two-state world."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from redceci.api.planning.runs import OUTPUT_FILES
from redceci.countries import country_pack
from redceci.planning.land import OwnerKind
from redceci.platform.access import Principal
from redceci.platform.vocabulary import ProposalStatus
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.planning import plots, proposals, scenarios
from redceci.store.planning.plots import PlotData, PlotDocument
from redceci.store.planning.proposals import ProposalData
from redceci.store.planning.scenarios import ScenarioParameters
from redceci.store.platform import centres
from redceci.store.platform.centres import CentreData, RoomData
from redceci.workflow import Progress

#: The deployment's pack: an approved centre's rooms and scheme are Mexico's.
PACK = country_pack("mx")


def fake_planner(
    settings: Settings,
    parameters: ScenarioParameters,
    registry: pd.DataFrame,
    out_dir: Path,
    progress: Progress,
) -> dict[str, Any]:
    """Stands in for the national plan: writes the three files, reports progress."""
    progress("planeando / planning", 0.5)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in OUTPUT_FILES:
        (out_dir / name).write_text(f"{name} {','.join(parameters.states)}", encoding="utf-8")
    return {"centres": parameters.centres, "registered": len(registry)}


def fake_analyser(
    settings: Settings, registry: pd.DataFrame, lat: float, lon: float, employees: int = 0
) -> dict[str, Any]:
    """Stands in for the engine's site report."""
    return {"lat": lat, "lon": lon, "eligible": 321.0, "recommended_size": 110}


ACTORS = (
    "admin",
    "planner",
    "coord_nl",
    "coord_jal",
    "partner_a",
    "partner_b",
    "director_a",
    "staff_b",
    "parent",
    "nutritionist",
    "medical_a",
)


def centre_data(code: str, state: str, **extra: Any) -> CentreData:
    lat, lon = (25.67, -100.31) if state == "19" else (20.67, -103.35)
    return CentreData(
        code=code,
        name=f"CECI {code}",
        scheme="CECI IMSS",
        operator="IMSS",
        state_code=state,
        lat=lat,
        lon=lon,
        status_since=dt.date(2025, 1, 1),
        rooms=[RoomData(name="Sala", age_group="maternales", capacity=50)],
        **extra,
    )


@dataclass
class World:
    """Two states' worth of data and one caller per role."""

    db: Database
    settings: Settings
    people: dict[str, Principal]
    headers: dict[str, dict[str, str]]
    org_a: int
    org_b: int
    centre_a: int  # Nuevo León, operated by organisation A, proposed
    centre_b: int  # Jalisco, operated by organisation B, operating
    scenario_nl: int  # finished, with files
    scenario_jal: int
    admin_token_id: int
    proposal_a: int  # organisation A's site in Nuevo León, submitted
    plot_a: int = 0  # organisation A's plot in Nuevo León, offered
    _serial: list[int] = field(default_factory=lambda: [0])

    def serial(self) -> int:
        self._serial[0] += 1
        return self._serial[0]

    def queued_scenario(self, state: str) -> int:
        """A new queued (never started) scenario of ``state``."""
        made = scenarios.create_scenario(
            self.db,
            self.people["planner"],
            name=f"Q-{self.serial()}",
            parameters=ScenarioParameters(states=[state]),
            per_user=1000,
        )
        return made.id

    def fresh_centre(self, state: str = "19") -> int:
        planner = self.people["planner"]
        return centres.create_centre(
            self.db, planner, centre_data(f"F-{state}-{self.serial()}", state)
        ).id

    def fresh_proposal(self, *, changes_requested: bool = False) -> int:
        """A new proposal of organisation A in Nuevo León (optionally sent back for changes)."""
        made = proposals.submit_proposal(self.db, self.people["partner_a"], proposal_data(self))
        if changes_requested:
            proposals.review_proposal(
                self.db,
                self.people["planner"],
                made.id,
                comment="falta el plano",
                to_status=ProposalStatus.CHANGES_REQUESTED,
                pack=PACK,
            )
        return made.id


def plot_data(w: World, **changes: Any) -> PlotData:
    """A plot of organisation A in Nuevo León (its name numbered)."""
    base = PlotData(
        name=f"Predio {w.serial()}",
        state_code="19",
        municipality="Apodaca",
        lat=25.78,
        lon=-100.19,
        area_m2=6000,
        owner_kind=OwnerKind.COMPANY,
        owner_name="Parque A",
        organisation_id=w.org_a,
        documents=[PlotDocument(name="escritura", reference="folio 123")],
    )
    return base.model_copy(update=changes)


def fresh_plot(w: World) -> int:
    """A new offered plot of organisation A in Nuevo León."""
    return plots.register_plot(w.db, w.people["partner_a"], plot_data(w)).id


def proposal_data(w: World, **changes: Any) -> ProposalData:
    base = ProposalData(
        organisation_id=w.org_a,
        site_name=f"Planta {w.serial()}",
        state_code="19",
        lat=25.78,
        lon=-100.19,
        plot_m2=1200,
        employees=2500,
        shifts=["matutino", "vespertino"],
    )
    return base.model_copy(update=changes)
