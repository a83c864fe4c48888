"""Weight of the national plan's page: bytes of HTML, bytes of its map data, tab stops, and how
long a browser takes to show the page and its map, for the code of one checkout.

The page is the scenario page of a national plan (1,000 centres, 500,000 places asked, every
state) computed once by the real engine (``--plan-dir`` keeps it, so the page of another
checkout can be measured on the same plan). Run it once per checkout with a label; both results
stay in ``bench/results/page_weight.json``::

    .venv/bin/python bench/page_weight.py --label after --plan-dir var/bench-plan
    git archive e51364a src | tar -x -C /tmp/before   # the code before the maps
    PYTHONPATH=/tmp/before/src .venv/bin/python bench/page_weight.py --label before \\
        --plan-dir var/bench-plan --code-commit e51364a

Tab stops are counted the way a keyboard user meets them: Tab pressed from the top of the page
until the focus comes back round (at most ``--max-tabs``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import redceci
from machine import describe_machine
from redceci.app import create_app
from redceci.platform.access import Grant
from redceci.platform.vocabulary import Role
from redceci.settings import get_settings
from redceci.store.planning import scenarios
from redceci.store.platform.reference import load_states
from redceci.store.testing import TEST_PASSWORD, add_user, temporary_database

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "page_weight.json"
sys.path.insert(0, str(HERE.parent))
from tests.web.browser import chromium, serving  # noqa: E402


def _plan(db: Any, settings: Any, plan_dir: Path, who: Any) -> int:
    """The national scenario, run by the real engine once; later runs reuse its files."""
    scenario = scenarios.create_scenario(
        db, who, name="Plan nacional", parameters=scenarios.ScenarioParameters()
    )
    out_dir = Path(settings.output) / "scenarios" / str(scenario.id)
    saved = plan_dir / "result.json"
    if not saved.is_file():
        from redceci.api.planning.runs import plan_with_workflow
        from redceci.store.planning.scenarios import registry_for_planning

        plan_dir.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        result = plan_with_workflow(
            settings,
            scenarios.ScenarioParameters(),
            registry_for_planning(db),
            plan_dir / "files",
            lambda message, fraction: None,
        )
        result["bench_seconds"] = round(time.perf_counter() - started, 1)
        saved.write_text(json.dumps(result), encoding="utf-8")
    shutil.copytree(plan_dir / "files", out_dir, dirs_exist_ok=True)
    scenarios.load_for_run(db, scenario.id)
    scenarios.finish(db, scenario.id, result=json.loads(saved.read_text(encoding="utf-8")))
    return scenario.id


def _tab_stops(page: Any, limit: int) -> int:
    """Tab presses from the top until the focus returns to an element already met."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        key = page.evaluate(
            "() => { const e = document.activeElement; if (!e || e === document.body) return '';"
            " if (!e.dataset.benchTab) e.dataset.benchTab = String(Math.random());"
            " return e.dataset.benchTab; }"
        )
        if not key or key in seen:
            break
        seen.append(key)
    return len(seen)


def measure(label: str, plan_dir: Path, max_tabs: int) -> dict[str, Any]:
    settings = get_settings()
    folder = Path(tempfile.mkdtemp(prefix="page-weight-"))
    settings = settings.model_copy(update={"output": folder / "out"})
    with temporary_database("sqlite", folder) as db:
        load_states(db, settings.data)
        who = add_user(db, "planner@x.mx", Grant(Role.NATIONAL_PLANNER), name="Planeación")
        scenario_id = _plan(db, settings, plan_dir, who)
        app = create_app(settings, database=db, migrate=False)
        with serving(app) as url, chromium() as browser:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.goto(f"{url}/entrar")
            page.fill("input[name=email]", "planner@x.mx")
            page.fill("input[name=password]", TEST_PASSWORD)
            page.click("form[action='/entrar'] button[type=submit]")
            page.wait_for_url(f"{url}/")
            html = page.request.get(
                f"{url}/escenarios/{scenario_id}", timeout=600_000
            )  # the world: warm it
            started = time.perf_counter()
            html = page.request.get(f"{url}/escenarios/{scenario_id}", timeout=600_000)
            server_seconds = time.perf_counter() - started
            body = html.body()
            data_url = f"{url}/escenarios/{scenario_id}/mapa.json"
            data = page.request.get(data_url, timeout=600_000)  # the world: warm it
            started = time.perf_counter()
            data = page.request.get(data_url, timeout=600_000)
            data_seconds = time.perf_counter() - started
            data_body = data.body() if data.ok else b""
            started = time.perf_counter()
            page.goto(
                f"{url}/escenarios/{scenario_id}", wait_until="domcontentloaded", timeout=600_000
            )
            shown = time.perf_counter() - started
            map_ready = None
            if page.locator("#result-map").count():
                page.wait_for_selector("#result-map.map-ready", timeout=120_000)
                map_ready = round(time.perf_counter() - started, 2)
            else:
                page.wait_for_load_state("load")
            tabs = _tab_stops(page, max_tabs)
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "label": label,
        "code": str(Path(redceci.__file__).parent),
        "page_bytes": len(body),
        "page_bytes_gzip": len(gzip.compress(body)),
        "map_data_bytes": len(data_body),
        "map_data_bytes_gzip": len(gzip.compress(data_body)) if data_body else 0,
        "tab_stops": tabs,
        "tab_stops_capped_at": max_tabs,
        "server_seconds_warm": round(server_seconds, 2),
        "map_data_seconds_warm": round(data_seconds, 2) if data_body else None,
        "browser_dom_seconds": round(shown, 2),
        "browser_map_ready_seconds": map_ready,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label", required=True, help="before / after")
    parser.add_argument("--plan-dir", type=Path, default=Path("var/bench-plan"))
    parser.add_argument("--max-tabs", type=int, default=3000)
    parser.add_argument(
        "--code-commit", default="", help="the commit of the code measured (PYTHONPATH's)"
    )
    args = parser.parse_args()
    machine = describe_machine(HERE.parent)
    figures = measure(args.label, args.plan_dir.resolve(), args.max_tabs)
    figures["machine"] = asdict(machine)
    figures["code_commit"] = args.code_commit or machine.commit
    figures["load_at_end"] = Path("/proc/loadavg").read_text(encoding="utf-8").split()[:3]
    doc = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    doc[args.label] = figures
    RESULTS.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in figures.items() if k != "machine"}, indent=2))


if __name__ == "__main__":
    main()
