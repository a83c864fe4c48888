"""The planning, enrolment and platform suites' main behaviours, run on every country pack:
a plan with its certified gap, needs adding up by region, a site report; SYNTHETIC families
drawn from the pack's census with its identity documents, matched stably within capacity;
the platform serving the pack's regions and words and validating its documents."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from redceci.app import create_app
from redceci.countries import country_pack
from redceci.enrolment import (
    blocking_bids,
    build_round,
    capacity_violations,
    deferred_acceptance,
)
from redceci.enrolment.family import Child
from redceci.enrolment.identity import use_identity
from redceci.enrolment.synthetic import (
    centre_sites,
    draw_families,
    round_arrays,
    synthetic_applications,
)
from redceci.errors import InputError
from redceci.platform.access import Grant
from redceci.platform.country import CountryPack
from redceci.platform.vocabulary import Role
from redceci.report.svg import boundary_box
from redceci.settings import Settings
from redceci.store.enrolment.demo import census_units
from redceci.store.enrolment.models import Family
from redceci.store.platform.accounts import issue_token
from redceci.store.platform.demo import ensure_demo_accounts
from redceci.store.platform.models import Centre
from redceci.store.platform.reference import list_states, load_regions
from redceci.store.testing import add_user, temporary_database
from redceci.workflow import needs_table, plan, site_report
from tests.web.world import open_session

START = dt.date.today() + dt.timedelta(days=60)


def test_a_plan_of_one_region_has_its_centres_and_a_certified_gap(
    pack: CountryPack, pack_world: Any
) -> None:
    siting = pack_world.params.siting.model_copy(
        update={"max_centres": 5, "bound_time_limit_s": 5.0, "restart_time_limit_s": 2.0}
    )
    world = dataclasses.replace(
        pack_world, params=pack_world.params.model_copy(update={"siting": siting})
    )
    result = plan(world, states=[pack.demo_region])
    r = result.result
    assert 1 <= r.n_centres <= 5 and r.places == result.sites["places"].sum()
    assert set(result.sites["CVE_ENT"]) == {pack.demo_region}
    assert r.bound >= r.objective - 1e-6 and r.gap <= 0.05
    eligible = world.units.loc[world.units["CVE_ENT"] == pack.demo_region, "eligible"].sum()
    assert 0 < r.served <= eligible + 1e-6


def test_needs_by_region_add_up_to_the_demand_units(pack: CountryPack, pack_world: Any) -> None:
    table = needs_table(pack_world)
    assert table["eligible"].sum() == pytest.approx(pack_world.units["eligible"].sum())
    assert pack.demo_region in table.index
    assert set(table.index) == set(pack_world.units["CVE_ENT"])


def test_a_site_report_at_the_largest_unit_finds_its_children(
    pack: CountryPack, pack_world: Any
) -> None:
    biggest = pack_world.units.loc[pack_world.units["eligible"].idxmax()]
    report = site_report(pack_world, float(biggest["LAT"]), float(biggest["LON"]))
    assert report.as_dict()["eligible"] >= biggest["eligible"] - 1e-6


def test_synthetic_families_carry_the_pack_s_documents_and_match_stably(
    pack: CountryPack, pack_settings: Settings
) -> None:
    use_identity(pack.identity)
    units = census_units(pack_settings, pack.demo_region)
    sites = centre_sites(units, 4, seed=3)
    draw = draw_families(units, sites, seed=3, n_families=200)
    apps = synthetic_applications(draw, start=START, identity=pack.identity)
    children = [c for a in apps for c in a.family.children]
    assert len(apps) == 200 and len({c.curp for c in children}) == len(children)
    assert all(pack.identity.validate_person_id(c.curp) == c.curp for c in children)
    other = country_pack("gt" if pack.code == "mx" else "mx")
    foreign = other.identity.made_up_person_id(1, dt.date(2025, 1, 2), "01", True)
    with pytest.raises(InputError):
        Child(name="Otra", curp=foreign, birth_date=dt.date(2025, 1, 2))
    arrays, counts = round_arrays(units, n_children=300, n_centres=3, seed=9, rooms=pack.rooms)
    inst = build_round(arrays.pop("seats"), **arrays)
    assignment = deferred_acceptance(inst)
    assert counts["children"] == 300 and len(capacity_violations(inst, assignment)) == 0
    blocking = blocking_bids(
        inst,
        agent_bid=assignment.agent_bid,
        child_seat=assignment.child_seat,
        child_reserved=assignment.child_reserved,
    )
    assert len(blocking) == 0
    assert 0 < assignment.n_placed <= counts["places"]
    assert np.isfinite(units["eligible"]).all()


def test_the_platform_serves_the_pack_s_regions_words_and_documents(
    pack: CountryPack, pack_settings: Settings, tmp_path: Path
) -> None:
    with temporary_database("sqlite", tmp_path) as db:
        regions = pack.data.read_regions(pack_settings.data)
        assert load_regions(db, regions) == len(list_states(db)) == len(regions)
        demo = ensure_demo_accounts(db, pack, password="demo password long enough")
        assert {a.email.split("@")[1] for a in demo} == {pack.words.demo_domain}
        with db.reading() as session:
            centre = session.scalars(
                sa.select(Centre).where(Centre.code == pack.demo_site.centre_code)
            ).one()
            assert centre.state_code == pack.demo_site.region_code in set(regions["code"])
        add_user(db, "parent@demo", Grant(Role.PARENT, family_id="F-1"), name="Familia")
        app = create_app(pack_settings.model_copy(update={"output": tmp_path}), database=db)
        with TestClient(app, base_url="https://testserver") as client:
            csrf = open_session(client, db, "parent@demo")
            place, within = ("Cobán", "Alta Verapaz") if pack.code == "gt" else ("Apodaca", "Nuevo")
            found = client.get("/mapa/buscar.json", params={"q": place})
            assert found.status_code == 200 and within in found.text, found.text[:300]
            notice = client.get("/aviso-de-privacidad").text
            assert ("PLANTILLA" if pack.code == "mx" else "PENDIENTE") in notice
            assert pack.words.institution in notice
            page = client.get("/familias/F-1/registro")
            assert page.status_code == 200
            words = pack.messages
            app_name = words["app"][0] if "app" in words else "Red CECI"
            assert "<title>" in page.text and app_name in page.text
            hint = f"{pack.phone.national_digits} dígitos, por ejemplo {pack.phone.example}"
            assert hint in client.get("/registrarse").text  # the pack's phone rule
            label = words.get("person_id_label", ("CURP",))[0]
            assert f"{label} <input" in page.text
            birth = START - dt.timedelta(days=400)
            form = {
                "csrf_token": csrf,
                "g0_name": "Ana",
                "g0_nss": pack.identity.made_up_insurance_id(11),
                "g0_works": "on",
                "g0_phone": pack.phone.example,  # the pack's phone rule
                "c0_name": "Luis",
                "c0_birth": birth.isoformat(),
            }
            other = country_pack("gt" if pack.code == "mx" else "mx")
            wrong = other.identity.made_up_person_id(5, birth, pack.demo_region, False)
            refused = client.post("/familias/F-1/registro", data={**form, "c0_curp": wrong})
            assert refused.status_code == 422
            assert re.search(rf"\b{pack.words.person_id}\b", refused.text)
            short = "1" * (pack.phone.national_digits - 1)  # one digit short of the pack's
            child = pack.identity.made_up_person_id(6, birth, pack.demo_region, False)
            no_phone = client.post(
                "/familias/F-1/registro", data={**form, "c0_curp": child, "g0_phone": short}
            )
            assert no_phone.status_code == 422
            assert f"teléfono de {pack.phone.national_digits} dígitos" in no_phone.text
            right = pack.identity.made_up_person_id(5, birth, pack.demo_region, False)
            saved = client.post(
                "/familias/F-1/registro",
                data={**form, "c0_curp": right},
                follow_redirects=False,
            )
            assert saved.status_code == 303, saved.text
        with db.reading() as session:
            family = session.scalars(sa.select(Family).where(Family.ref == "F-1")).one()
            assert [c.curp for c in family.children] == [right]


@pytest.mark.slow
def test_a_planner_runs_a_scenario_of_a_region_on_the_platform(
    pack: CountryPack, pack_settings: Settings, tmp_path: Path
) -> None:
    with temporary_database("sqlite", tmp_path) as db:
        load_regions(db, pack.data.read_regions(pack_settings.data))
        planner = add_user(db, "p@demo", Grant(Role.NATIONAL_PLANNER))
        headers = {"Authorization": f"Bearer {issue_token(db, planner, name='t').secret}"}
        app = create_app(pack_settings.model_copy(update={"output": tmp_path / "out"}), database=db)
        with TestClient(app, base_url="https://testserver") as client:
            created = client.post(
                "/api/scenarios",
                json={"name": "demo", "parameters": {"states": [pack.demo_region], "centres": 6}},
                headers=headers,
            )
            assert created.status_code == 202, created.text
            app.state.runner.wait(timeout=600)
            body = client.get(f"/api/scenarios/{created.json()['id']}", headers=headers).json()
            assert body["status"] == "succeeded", body["error"]
            assert 1 <= body["result"]["centres"] <= 6 and 0 <= body["result"]["gap"] < 0.05
            report = client.get(f"/api/scenarios/{body['id']}/files/report.html", headers=headers)
            assert f"Plan nacional de {pack.words.programme}" in report.text
            assert ("ESTIMATE:" in report.text) == (pack.code == "gt")
            open_session(client, db, "p@demo")
            page = client.get(f"/escenarios/{body['id']}")
            assert page.status_code == 200 and f"/escenarios/{body['id']}" in page.text
            layers = client.get(f"/escenarios/{body['id']}/mapa.json").json()
            sites = next(x for x in layers["layers"] if x["id"] == "sites")
            assert sites["total"] == body["result"]["sites"]
            (south, west), (north, east) = layers["bounds"]
            box = boundary_box(pack.data.read_boundaries(pack_settings.data, "estados"))
            assert box is not None
            lon_min, lat_min, lon_max, lat_max = box
            assert lat_min - 1 <= south < north <= lat_max + 1  # the pack's own country
            assert lon_min - 1 <= west < east <= lon_max + 1
            dashboard = client.get("/tablero")
            assert dashboard.status_code == 200
