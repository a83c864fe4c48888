"""End to end on the real data: a planner queues a small state plan through the API and the
platform runs the real planning engine (``redceci.workflow``) in the background."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from redceci.api.planning.jobs import InProcessRunner, analyse_proposal
from redceci.app import create_app
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.settings import Settings
from redceci.store.db import Database
from redceci.store.planning.proposals import ProposalData, get_proposal, submit_proposal
from redceci.store.platform.accounts import create_organisation, issue_token
from redceci.store.platform.reference import load_states
from redceci.store.testing import add_user, temporary_database


@pytest.mark.slow
def test_a_real_state_plan_runs_in_the_background(settings: Settings, tmp_path: Path) -> None:
    with temporary_database("sqlite", tmp_path) as db:
        load_states(db, settings.data)
        planner = add_user(db, "p@x.mx", Grant(Role.NATIONAL_PLANNER))
        headers = {"Authorization": f"Bearer {issue_token(db, planner, name='t').secret}"}
        app = create_app(
            settings.model_copy(update={"output": tmp_path / "out"}), database=db, migrate=False
        )
        with TestClient(app, base_url="https://testserver") as client:
            created = client.post(
                "/api/scenarios",
                json={"name": "Aguascalientes", "parameters": {"states": ["01"], "centres": 10}},
                headers=headers,
            )
            assert created.status_code == 202
            runner = app.state.runner
            assert isinstance(runner, InProcessRunner)
            runner.wait(timeout=300)
            scenario = client.get(f"/api/scenarios/{created.json()['id']}", headers=headers)
            body = scenario.json()
            assert body["status"] == "succeeded", body["error"]
            result = body["result"]
            assert 1 <= result["centres"] <= 10
            assert result["places"] > 0 and 0 <= result["gap"] < 1
            assert result["currency"] == "MXN" and result["cost"] > 0  # no cost_mxn any more
            geojson = client.get(f"/api/scenarios/{body['id']}/files/plan.geojson", headers=headers)
            features = json.loads(geojson.text)["features"]
            assert len(features) == result["sites"]
            assert all(f["properties"]["CVE_ENT"] == "01" for f in features)
            assert_real_site_analysis(db, tmp_path, settings)


def assert_real_site_analysis(db: Database, tmp_path: Path, settings: Settings) -> None:
    """A partner's site in Apodaca, Nuevo León, analysed by the engine's site report."""
    org = create_organisation(db, None, name="Parque Real").id
    partner = add_user(db, "socio@x.mx", Grant(Role.PARTNER, organisation_id=org))
    proposal = submit_proposal(
        db,
        partner,
        ProposalData(
            organisation_id=org,
            site_name="Planta Apodaca",
            state_code="19",
            lat=25.7818,
            lon=-100.1883,
            plot_m2=1500,
            employees=3000,
            shifts=["matutino"],
        ),
    )
    analyse_proposal(db, settings, proposal.id)
    analysis = get_proposal(db, partner, proposal.id).needs_analysis
    assert analysis is not None and "error" not in analysis, analysis
    assert analysis["eligible"] > 0 and analysis["recommended_size"] in (0, 110, 250)
    # the company's 3,000 employees' children are counted and added to the demand
    assert analysis["employees"] == 3000 and analysis["employees_children"] > 0
    assert analysis["demand"] == pytest.approx(analysis["unmet"] + analysis["employees_demand"])


@pytest.mark.slow
def test_a_scenario_sets_its_own_catchment_and_sizes(settings: Settings, tmp_path: Path) -> None:
    """A 10-minute catchment and a single 150-place size: every centre has 150 places, and
    the shorter catchment leaves more children without a reachable place than the default."""
    with temporary_database("sqlite", tmp_path) as db:
        load_states(db, settings.data)
        planner = add_user(db, "p@x.mx", Grant(Role.NATIONAL_PLANNER))
        headers = {"Authorization": f"Bearer {issue_token(db, planner, name='t').secret}"}
        app = create_app(
            settings.model_copy(update={"output": tmp_path / "out"}), database=db, migrate=False
        )
        base = {"states": ["01"], "centres": 5}
        own = base | {"catchment_minutes": 10, "sizes": [150], "costs": [25e6]}
        with TestClient(app, base_url="https://testserver") as client:
            bad = client.post(
                "/api/scenarios",
                json={"name": "x", "parameters": base | {"sizes": [150]}},
                headers=headers,
            )
            assert bad.status_code == 422  # sizes without costs
            ids = [
                client.post(
                    "/api/scenarios", json={"name": n, "parameters": p}, headers=headers
                ).json()["id"]
                for n, p in (("default", base), ("own", own))
            ]
            app.state.runner.wait(timeout=300)
            default, mine = (client.get(f"/api/scenarios/{i}", headers=headers).json() for i in ids)
            assert mine["status"] == "succeeded", mine["error"]
            text = client.get(f"/api/scenarios/{ids[1]}/files/plan.csv", headers=headers).text
            rows = list(csv.DictReader(io.StringIO(text)))
            assert rows
            assert all(int(float(r["places"])) == 150 * int(float(r["centres"])) for r in rows)
            assert mine["result"]["places"] == 150 * mine["result"]["centres"]
            assert default["result"]["places"] != mine["result"]["places"]


@pytest.mark.slow
def test_a_real_programme_runs_with_a_registered_plot_and_its_site_report(
    settings: Settings, tmp_path: Path
) -> None:
    """A coordinator registers a donated plot in Aguascalientes; its site report comes from
    the real engine; a phased scenario opens a centre on it first and shows the years."""
    import datetime as dt

    from redceci.api.planning.jobs import analyse_plot
    from redceci.planning.land import OwnerKind, PlotStatus
    from redceci.store.planning import plots

    with temporary_database("sqlite", tmp_path) as db:
        load_states(db, settings.data)
        planner = add_user(db, "p@x.mx", Grant(Role.NATIONAL_PLANNER))
        coord = add_user(db, "c@x.mx", Grant(Role.STATE_COORDINATOR, state_code="01"))
        plot = plots.register_plot(
            db,
            coord,
            plots.PlotData(
                name="Predio Oriente",
                state_code="01",
                lat=21.8823,
                lon=-102.2600,
                area_m2=6000,
                owner_kind=OwnerKind.MUNICIPALITY,
                owner_name="Municipio de Aguascalientes",
                offered_on=dt.date(2026, 1, 5),
            ),
        )
        analyse_plot(db, settings, plot.id)
        report = plots.get_plot(db, coord, plot.id).site_report
        assert report is not None and "error" not in report, report
        assert report["land"]["best_size"] in (110, 250, None)
        assert report["land"]["area_enough"] in (True, None)  # 6,000 m² hold either size
        for status, day in (("validated", "2026-01-20"), ("donated", "2026-02-01")):
            plots.change_status(
                db,
                planner,
                plot.id,
                to_status=PlotStatus(status),
                comment=status,
                effective_on=dt.date.fromisoformat(day),
            )
        headers = {"Authorization": f"Bearer {issue_token(db, planner, name='t').secret}"}
        app = create_app(
            settings.model_copy(update={"output": tmp_path / "out"}), database=db, migrate=False
        )
        with TestClient(app, base_url="https://testserver") as client:
            params = {"states": ["01"], "centres": 10, "programme": True}
            params["must_keep"] = {f"plot:R{plot.id}": 250}
            created = client.post(
                "/api/scenarios", json={"name": "Programa", "parameters": params}, headers=headers
            )
            assert created.status_code == 202, created.text
            runner = app.state.runner
            assert isinstance(runner, InProcessRunner)
            runner.wait(timeout=600)
            body = client.get(f"/api/scenarios/{created.json()['id']}", headers=headers).json()
            assert body["status"] == "succeeded", body["error"]
            programme = body["result"]["programme"]
            years = [r["year"] for r in programme["by_year"]]
            assert years == [2026, 2027, 2028, 2029, 2030]
            # The donated plot (built by December 2026) is the only site that opens in 2026.
            assert programme["by_year"][0]["centres_opened"] == 1
            assert programme["by_year"][-1]["centres_open"] == body["result"]["centres"]
            assert 0 <= programme["gap"] < 1
            rows = client.get(
                f"/api/scenarios/{body['id']}/files/programme.csv", headers=headers
            ).text
            schedule = list(csv.DictReader(io.StringIO(rows)))
            first = [r for r in schedule if r["year"] == "2026"]
            assert [r["site_id"] for r in first] == [f"plot:R{plot.id}"]
            assert first[0]["land"] == "plot"
