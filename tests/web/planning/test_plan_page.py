"""The plan's pages explain its figures: places out of reach and why, the certified gap in one
sentence (and why a state plan's can be large), the outcome in words, no method's name."""

from __future__ import annotations

from fastapi import FastAPI

from redceci.web.i18n import translator
from redceci.web.planning.explain import gap_text
from redceci.web.planning.scenarios import programme_view
from tests.web.test_pages import wait_for_jobs
from tests.web.world import People, WebClient


def run(client: WebClient, app: FastAPI, **fields: str) -> str:
    csrf = client.login("planner@x.mx")
    response = client.post(
        "/escenarios",
        data={"csrf_token": csrf, "name": "Plan", **fields},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]
    wait_for_jobs(app)
    return client.get(response.headers["location"]).text


def warnings(page: str) -> str:
    return page.split('data-testid="plan-warnings"')[1].split("</section>")[0]


def test_the_form_warns_that_a_thousand_centres_cannot_hold_half_a_million_places(
    client: WebClient, people: People
) -> None:
    client.login("planner@x.mx")
    page = client.get("/escenarios").text  # the form's defaults: 1,000 centres, 500,000 places
    warning = page.split('data-testid="plan-warnings"')[1].split("</div>")[0]
    assert "500,000" in warning and "1,000 × 250 = 250,000" in warning


def test_a_state_plan_explains_its_shortfall_gap_and_outcome_without_the_method(
    client: WebClient, app: FastAPI, people: People
) -> None:
    page = run(client, app, centres="5", places="500000", states="01")
    assert "5 × 250 = 1,250" in warnings(page)
    sentence = page.split('data-testid="gap-sentence"')[1].split("</p>")[0]
    assert "1.01 %" in sentence  # a 1 % gap: the best plan serves at most 1/0.99 - 1 more
    assert "pocos estados" in sentence  # a one-state plan: why its gap can be large
    outcome = page.split('data-testid="result-outcome">')[1].split("<")[0]
    assert outcome == "Plan factible, con brecha certificada"
    assert "fake" not in page and "Método" not in page  # the fake engine's method name


def test_a_plan_short_of_places_with_no_cap_to_blame_names_the_demand(
    client: WebClient, app: FastAPI, people: People
) -> None:
    page = run(client, app, centres="10", places="2000", budget="")
    text = warnings(page)
    assert "610 de los 2,000" in text and "ocupación mínima" in text
    assert "×" not in text  # 10 centres of 250 places could hold them
    assert "pocos estados" not in page  # a national plan


def test_a_budget_too_small_says_how_many_centres_it_pays(
    client: WebClient, app: FastAPI, people: People
) -> None:
    client.login("planner@x.mx")
    page = run(client, app, centres="1000", places="250000", budget="361000000")
    text = warnings(page)
    assert "10 centros de 250 lugares" in text and "2,500 lugares" in text


def test_the_report_opens_in_the_browser_in_the_readers_language(
    client: WebClient, app: FastAPI, people: People
) -> None:
    page = run(client, app, centres="5", states="01")
    scenario_id = page.split('href="/escenarios/')[1].split("/informe")[0]
    assert f'href="/escenarios/{scenario_id}/informe"' in page
    report = client.get(f"/escenarios/{scenario_id}/informe")
    assert report.status_code == 200 and report.text == "{}"  # the fake engine's report.html
    assert report.headers["content-disposition"] == "inline"  # shown, not downloaded
    assert report.headers["content-security-policy"].startswith("sandbox")
    assert report.headers["content-language"] == "es"
    # An English reader of a run with only the Spanish report gets that one, said so.
    english = client.get(f"/escenarios/{scenario_id}/informe?lang=en")
    assert english.status_code == 200 and english.headers["content-language"] == "es"
    assert client.get("/escenarios/999/informe").status_code == 404


def test_the_state_plan_sentence_comes_only_with_a_large_gap() -> None:
    t = translator("es")
    assert len(gap_text(0.0001, t, states=1)) == 1  # as good as proven: one sentence
    assert len(gap_text(0.05, t, states=1)) == 2
    assert len(gap_text(0.05, t, states=0)) == 1  # a national plan
    assert gap_text(None, t, states=1) == []
    assert "5.26 %" in gap_text(0.05, t, states=0)[0]  # 0.05 / 0.95


def test_a_phased_plan_explains_its_gap_too() -> None:
    row = {"year": 2026, "centres_open": 10, "capital": 3.6e8, "operating": 1e8}
    view = programme_view({"by_year": [row], "gap": 0.2}, "es")
    assert view is not None
    assert "25.00 %" in view["gap_sentence"]  # 0.2 / 0.8: the best timetable's headroom
    assert "beneficio acumulado" in view["gap_sentence"]
    english = programme_view({"by_year": [row], "gap": 0.2}, "en")
    assert english is not None and "cumulative benefit" in english["gap_sentence"]
