"""The commands with ``--country gt``, as a new user in Guatemala runs them: the data check,
a plan end to end (report in Spanish with the departamentos' map and the estimates), real
counts replacing estimates, a SYNTHETIC enrolment demo, and the errors of bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import Result
from typer.testing import CliRunner

from redceci.cli import app
from redceci.countries import activate
from redceci.countries.gt.money import GTQ_PER_MXN, planning_money
from redceci.planning.parameters import MONEY_KEYS, SitingParameters
from tests.countries.folders import data_dir_of


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    """The command, with Guatemala's data folder when it runs for Guatemala."""
    folder = {"REDCECI_DATA": str(data_dir_of("gt"))} if "gt" in args else {}
    runner = CliRunner(env={"COLUMNS": "240", **folder, **(env or {})})
    return runner.invoke(app, list(args))


#: Names of Mexico's pack that a Guatemalan user must never read (its institution, documents,
#: census office and currency).
MEXICAN = re.compile(r"\b(IMSS|CURP|NSS|INEGI|CECI|pesos|MXN|MDP)\b")


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_data_check_reads_guatemala_s_files() -> None:
    result = run("data", "check", "--country", "gt")
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "Datos (Guatemala)" in out and "6 archivos correctos" in out
    assert "census/gt_censo2018_municipios.csv 340 filas" in out


def test_a_plan_of_guatemala_runs_end_to_end_and_says_what_it_estimated(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    result = run(
        "plan", "--country", "gt", "--centres", "12", "--places", "3000", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    text = flat(result.output)
    assert not MEXICAN.findall(text), "Mexico's names in Guatemala's command output"
    assert "Instancia: 340 unidades de demanda, 340 sitios candidatos" in text
    assert "brecha certificada" in text
    for name in ("children_0_4", "employed_women", "insured", "care_places"):
        assert f"Estimado, no leído: {name}" in text
    plan = pd.read_csv(out / "plan.csv")
    assert plan["centres"].sum() == 12
    # Priced in quetzales: the CECI model's pesos at the pack's stated rate.
    sizes, costs = SitingParameters().sizes, planning_money()["siting.costs"].value
    quetzales = sum(plan[f"centres_{s}"].sum() * c for s, c in zip(sizes, costs, strict=True))
    assert plan["cost"].sum() == pytest.approx(quetzales)
    assert set(plan["currency"]) == {"GTQ"}  # the file says which currency its amounts are in
    assert quetzales == pytest.approx(12 * 36.1e6 * GTQ_PER_MXN, rel=0.4)
    printed = re.search(r"costo ([\d,]+) millones de Q", text)
    assert printed and int(printed[1].replace(",", "")) == round(quetzales / 1e6)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Plan nacional de CADI — Guatemala" in html and "Departamentos" in html
    assert html.count("ESTIMATE:") == 4 and "Resolución de la demanda" not in html
    assert "CADI SOSEP" in html
    priced = ", ".join(f"{c / 1e6:.1f}" for c in costs)
    assert f"con costo de {priced} millones de Q" in html
    assert "Los importes de la tabla están en quetzales (GTQ)." in html
    assert html.count("CECI model costs converted at") == len(MONEY_KEYS)  # the table's sources


def test_real_counts_replace_the_estimates_and_bad_ones_stop_the_command(tmp_path: Path) -> None:
    counts = tmp_path / "conteos.csv"
    counts.write_text("cod_muni,children_0_4,insured\n101,90000,300000\n", encoding="utf-8")
    result = run(
        "needs", "--country", "gt", "--counts-file", str(counts), "--out", str(tmp_path / "n.csv")
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(tmp_path / "n.csv", dtype={"CVE_ENT": str}).set_index("CVE_ENT")
    assert len(table) == 22 and "Guatemala" in set(table["name"])
    bad = tmp_path / "malos.csv"
    bad.write_text("cod_muni,insured\n9999,5\n", encoding="utf-8")
    refused = run("plan", "--country", "gt", "--counts-file", str(bad), "--out", str(tmp_path))
    assert refused.exit_code == 2 and "unknown municipio code(s) 9999" in flat(refused.output)
    mexico = run("needs", "--counts-file", str(counts))
    assert mexico.exit_code == 2 and "Mexico's pack reads every count" in flat(mexico.output)
    unknown = run("needs", "--country", "xx")
    assert unknown.exit_code == 2 and "unknown country 'xx'; known: mx, gt" in flat(unknown.output)


def test_the_enrolment_demo_draws_synthetic_guatemalan_families(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDCECI_DATABASE_URL", f"sqlite:///{tmp_path / 'gt.sqlite3'}")
    try:
        result = run("enrolment", "demo", "--country", "gt", "--families", "60", "--centres", "3")
    finally:
        activate(None)
    assert result.exit_code == 0, result.output
    text = flat(result.output)
    assert not MEXICAN.findall(text)
    assert "Guatemala, departamento / department 09:" in text
    assert (
        "familias SINTÉTICAS / SYNTHETIC families" in text
        and "a / to 3 centros / centres (3 sintéticos / synthetic)" in text
    )


def test_serve_starts_guatemala_s_platform_with_its_demo_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REDCECI_DATABASE_URL", f"sqlite:///{tmp_path / 'gt.sqlite3'}")
    served: list[object] = []
    monkeypatch.setattr("uvicorn.run", lambda application, **kw: served.append(application))
    try:
        first = run("serve", "--country", "gt", "--demo-families", "40")
        again = run("serve", "--country", "gt", "--demo-families", "40")
    finally:
        activate(None)
    assert first.exit_code == 0, first.output
    text = flat(first.output)
    assert not MEXICAN.findall(text)
    assert "admin@demo.redceci.gt" in text and "coordinacion.01@demo.redceci.gt" in text
    assert "CADI — Guatemala" in text and "(22 departamentos / departments)" in text
    assert "familias SINTÉTICAS / SYNTHETIC families" in text and "(departamento 09)" in text
    assert again.exit_code == 0 and "SINTÉTICAS" not in again.output  # loaded once
    assert len(served) == 2
    from fastapi.testclient import TestClient

    page = TestClient(served[0]).get("/servicio")  # type: ignore[arg-type]
    assert page.status_code == 200
    # SOSEP's admission documents are not in the data: the family is told the centre will say
    assert "El centro le dirá qué documentos llevar" in page.text
    assert "CURP" not in page.text and "Cartilla" not in page.text
    # its demo centre is registered under SOSEP's employer scheme with its one room group
    import sqlalchemy as sa

    from redceci.store.db import Database
    from redceci.store.platform.models import Centre

    db = Database(f"sqlite:///{tmp_path / 'gt.sqlite3'}")
    try:
        with db.reading() as session:
            centre = session.scalars(sa.select(Centre).where(Centre.code == "DEMO-01-001")).one()
            assert centre.scheme == "CADI Empresa"
            assert [(r.name, r.age_group, r.capacity) for r in centre.rooms] == [
                ("Multiedad A", "multiedad", 180)
            ]
        # no page a Guatemalan user opens names Mexico's institution, documents or currency
        from tests.web.world import open_session

        client = TestClient(served[0], base_url="https://testserver")  # type: ignore[arg-type]
        leaks = {}
        for email, paths in (
            (None, ("/entrar", "/registrarse", "/servicio")),
            ("admin@demo.redceci.gt", ("/", "/centros", f"/centros/{centre.id}", "/auditoria")),
            ("planeacion@demo.redceci.gt", ("/escenarios", "/propuestas", "/predios")),
            ("direccion@demo.redceci.gt", ("/operaciones", "/salud", "/inscripcion/centros")),
            ("nutricion@demo.redceci.gt", ("/nutricion/menus", "/salud/red")),
            ("familia@demo.redceci.gt", ("/familia", "/salud/familia", "/operaciones/familia")),
        ):
            if email is not None:
                client.cookies.clear()
                open_session(client, db, email)
            for path in paths:
                answer = client.get(path)
                assert answer.status_code == 200, (email, path, answer.status_code)
                found = sorted(set(MEXICAN.findall(answer.text)))
                if found:
                    leaks[path] = [
                        answer.text[max(m.start() - 100, 0) : m.end() + 40]
                        for m in MEXICAN.finditer(answer.text)
                    ]
        assert not leaks, leaks
    finally:
        db.dispose()


def test_the_health_demo_of_guatemala_makes_cuis_in_sosep_s_rooms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlalchemy as sa

    from redceci.countries import activate
    from redceci.countries.gt.identity import validate_cui, validate_igss_number
    from redceci.store.db import Database
    from redceci.store.enrolment.models import Child, EnrolmentRoom, Guardian
    from redceci.store.nutrition_health.models import Vaccination

    url = f"sqlite:///{tmp_path / 'gt.sqlite3'}"
    monkeypatch.setenv("REDCECI_DATABASE_URL", url)
    try:
        result = run(
            "health", "demo", "--country", "gt", "--children", "12", "--weeks", "1", "--seed", "2"
        )
    finally:
        activate(None)
    assert result.exit_code == 0, result.output
    assert "SINTÉTICO / SYNTHETIC: 12 niñas y niños en DEMO-01-001" in flat(result.output)
    db = Database(url)
    try:
        with db.reading() as session:
            cuis = session.scalars(sa.select(Child.curp)).all()
            numbers = session.scalars(sa.select(Guardian.nss).where(Guardian.nss.is_not(None)))
            rooms = session.scalars(sa.select(EnrolmentRoom.name)).all()
            assert len(cuis) == 12 and all(validate_cui(c) == c for c in cuis)
            assert all(validate_igss_number(n) == n for n in numbers)
            assert rooms == ["multiedad"]
            # no Guatemalan schedule in the data: no card is drawn by Mexico's
            assert session.scalar(sa.select(sa.func.count()).select_from(Vaccination)) == 0
    finally:
        db.dispose()
