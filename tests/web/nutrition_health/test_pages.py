"""The nutrition and health pages: who opens which (the page matrix, with
``tests/web/test_access.py`` checking every page is in one), a refused dish with its reason, a
measurement that reaches the chart with its flag, the kitchen sheet's substitution, and the
centre's overdue vaccines."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest

from redceci.nutrition_health import sample
from redceci.store.db import Database
from redceci.store.nutrition_health import catalogue, menus
from redceci.store.nutrition_health.catalogue import RecipeData
from tests.store.nutrition_health.factories import Place, centre_with_children
from tests.web.world import WebClient, open_session


@dataclass(frozen=True)
class NH:
    place: Place
    menu_id: int
    starts_on: dt.date


@pytest.fixture
def nh(db: Database) -> NH:
    place = centre_with_children(db)
    catalogue.load_sample_recipes(db, place.nutritionist)
    catalogue.save_recipe(
        db,
        place.nutritionist,
        RecipeData(
            code="agua_dulce",
            name_es="Agua de limón con azúcar",
            course="drink",
            texture="family",
            yield_g=1000,
            lines=[
                {"ingredient": "water", "gross_g": 950, "net_g": 950},
                {"ingredient": "sugar", "gross_g": 40, "net_g": 40},
            ],
        ),
    )
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    made = menus.create_menu(db, place.nutritionist, menus.sample_menu_data("Ciclo", monday, None))
    return NH(place, made["id"], monday)


WHO = ("nutri", "med", "dir", "edu", "mama", "med2", "admin")


def _email(who: str) -> str:
    return f"{who}@col-nh.mx"


#: path builder, expected status per WHO
NH_CASES: dict[tuple[str, str], tuple[object, tuple[int, ...]]] = {
    ("GET", "/nutricion/menus"): (lambda o: "/nutricion/menus", (200,) * 7),
    ("GET", "/nutricion/menus/{menu_id}"): (lambda o: f"/nutricion/menus/{o.menu_id}", (200,) * 7),
    ("GET", "/nutricion/menus/{menu_id}/publicar"): (
        lambda o: f"/nutricion/menus/{o.menu_id}/publicar",
        (200, 403, 403, 403, 403, 403, 200),
    ),
    ("GET", "/salud"): (lambda o: "/salud", (403, 303, 303, 303, 403, 303, 200)),
    ("GET", "/salud/centros/{centre_id}"): (
        lambda o: f"/salud/centros/{o.place.centre_id}",
        (403, 200, 200, 200, 403, 404, 200),
    ),
    ("GET", "/nutricion/centros/{centre_id}/cocina"): (
        lambda o: f"/nutricion/centros/{o.place.centre_id}/cocina",
        (403, 200, 200, 200, 403, 404, 200),
    ),
    ("GET", "/desarrollo/ninos/{child_id}"): (
        lambda o: f"/desarrollo/ninos/{o.place.children['Ana']}",
        (403, 200, 200, 200, 403, 404, 200),
    ),
    ("GET", "/salud/familia"): (lambda o: "/salud/familia", (403, 403, 403, 403, 200, 403, 403)),
    ("GET", "/salud/red"): (lambda o: "/salud/red", (200, 403, 403, 403, 403, 403, 200)),
    ("GET", "/salud/ninos/{child_id}"): (
        lambda o: f"/salud/ninos/{o.place.children['Ana']}",
        (403, 200, 200, 403, 200, 404, 403),
    ),
}
NH_POSTS = {
    ("POST", "/nutricion/menus"),
    ("POST", "/nutricion/menus/{menu_id}/semana"),
    ("POST", "/nutricion/menus/{menu_id}/publicar"),
    ("POST", "/salud/ninos/{child_id}/mediciones"),
    ("POST", "/salud/ninos/{child_id}/vacunas"),
    ("POST", "/salud/ninos/{child_id}/alergias"),
    ("POST", "/desarrollo/ninos/{child_id}"),
    ("POST", "/salud/ninos/{child_id}/medicamentos"),
    ("POST", "/salud/ninos/{child_id}/medicamentos/{authorisation_id}/dosis"),
}


@pytest.mark.parametrize("key", list(NH_CASES), ids=[f"{m} {p}" for m, p in NH_CASES])
def test_each_role_opens_exactly_its_nutrition_and_health_pages(
    key: tuple[str, str], client: WebClient, nh: NH, db: Database
) -> None:
    path, expect = NH_CASES[key]
    for who, expected in zip(WHO, expect, strict=True):
        open_session(client, db, _email(who))
        response = client.get(path(nh), follow_redirects=False)  # type: ignore[operator]
        assert response.status_code == expected, (who, response.text[:300])
        if expected >= 400:
            assert "Ana" not in response.text


def selected_dishes(page: str) -> dict[str, str]:
    """The editor's chosen dish per slot (``d<day>_<meal>_<slot>``)."""
    out = {}
    for chunk in page.split('<select name="')[1:]:
        name = chunk.split('"', 1)[0]
        found = re.search(r'<option value="([a-z0-9_]+)" selected', chunk.split("</select>")[0])
        if found:
            out[name] = found.group(1)
    return out


def test_a_sugared_drink_is_refused_in_the_editor_with_its_reason(
    client: WebClient, nh: NH, db: Database
) -> None:
    csrf = open_session(client, db, _email("nutri"))
    page = client.get(f"/nutricion/menus/{nh.menu_id}?etapa=preescolar_36_59&semana=1").text
    chosen = selected_dishes(page)
    slot = next(k for k, v in chosen.items() if k.startswith("d0_lunch_") and v == "agua")
    form = {
        "csrf_token": csrf,
        "stage": "preescolar_36_59",
        "week": "1",
        **chosen,
        slot: "agua_dulce",
    }
    refused = client.post(f"/nutricion/menus/{nh.menu_id}/semana", data=form)
    assert refused.status_code == 422
    assert "«Agua de limón con azúcar» lleva azúcar añadida (Azúcar)" in refused.text
    with db.reading() as s:
        assert "agua_dulce" not in {i.recipe_code for i in s.get(menus.MenuRow, nh.menu_id).items}
    form[slot] = "agua_pepino"
    saved = client.post(f"/nutricion/menus/{nh.menu_id}/semana", data=form)
    assert saved.status_code == 200 and 'data-testid="saved"' in saved.text


def test_a_measurement_reaches_the_chart_with_its_flag(
    client: WebClient, nh: NH, db: Database
) -> None:
    csrf = open_session(client, db, _email("med"))
    beto = nh.place.children["Beto"]
    page = client.post(
        f"/salud/ninos/{beto}/mediciones",
        data={
            "csrf_token": csrf,
            "measured_on": "2026-01-15",
            "weight_kg": "11,0",
            "length_cm": "80",
            "position": "H",
        },
    )
    assert page.status_code == 200
    assert page.text.count('data-testid="point"') == 2  # weight and length charts
    assert "talla baja" in page.text.split('data-testid="latest"')[1].split("</p>")[0]
    bad = client.post(
        f"/salud/ninos/{beto}/mediciones",
        data={
            "csrf_token": csrf,
            "measured_on": "2026-01-15",
            "weight_kg": "40",
            "length_cm": "80",
        },
    )
    assert bad.status_code == 422 and "inverosímil" in bad.text


def test_the_kitchen_sheet_names_the_peanut_substitution(
    client: WebClient, nh: NH, db: Database
) -> None:
    csrf = open_session(client, db, _email("med"))
    ana = nh.place.children["Ana"]
    client.post(
        f"/salud/ninos/{ana}/alergias",
        data={
            "csrf_token": csrf,
            "kind": "allergy",
            "allergen": "peanut",
            "document": "dictamen.pdf",
        },
    )
    menus.publish(db, nh.place.nutritionist, nh.menu_id, confirm=True)
    item = next(
        i
        for i in sample.four_week_menu().items
        if i.recipe == "pollo_cacahuate" and i.stage == "preescolar_36_59"
    )
    day = nh.starts_on + dt.timedelta(weeks=item.week - 1, days=item.day)
    open_session(client, db, _email("edu"))
    sheet = client.get(f"/nutricion/centros/{nh.place.centre_id}/cocina?fecha={day}").text
    rows = sheet.split('data-testid="substitutions"')[1].split("</table>")[0]
    assert "Ana" in rows and "Pollo encacahuatado" in rows and "Cacahuate" in rows
    alerts = client.get(f"/salud/centros/{nh.place.centre_id}?fecha={day}").text
    assert "Ana" in alerts.split('data-testid="alerts"')[1].split("</section>")[0]


def test_overdue_vaccines_show_on_the_centres_page(client: WebClient, nh: NH, db: Database) -> None:
    open_session(client, db, _email("dir"))
    page = client.get(f"/salud/centros/{nh.place.centre_id}").text
    overdue = page.split('data-testid="overdue"')[1].split("</section>")[0]
    assert "Caro" in overdue and "Hexavalente 1" in overdue
    open_session(client, db, _email("edu"))
    assert 'data-testid="overdue"' not in client.get(f"/salud/centros/{nh.place.centre_id}").text


def test_the_pages_switch_to_english(client: WebClient, nh: NH, db: Database) -> None:
    open_session(client, db, _email("nutri"))
    page = client.get(f"/nutricion/menus/{nh.menu_id}?lang=en").text
    assert "Save week" in page and "Guardar semana" not in page


def test_an_educator_records_a_checklist_and_a_not_yet_flags_its_domain(
    client: WebClient, nh: NH, db: Database
) -> None:
    csrf = open_session(client, db, _email("edu"))
    beto = nh.place.children["Beto"]
    page = client.get(f"/desarrollo/ninos/{beto}?meses=24").text
    codes = re.findall(r'name="(m24-\d\d)" value="yes"', page)
    assert len(codes) >= 4
    answers = dict.fromkeys(codes, "yes") | {codes[0]: "not_yet"}
    done = client.post(
        f"/desarrollo/ninos/{beto}", data={"csrf_token": csrf, "checkpoint_months": "24", **answers}
    )
    assert done.status_code == 200 and "social" in done.text.split('data-testid="screened"')[1]
    partial = client.post(
        f"/desarrollo/ninos/{beto}",
        data={"csrf_token": csrf, "checkpoint_months": "24", codes[0]: "yes"},
    )
    assert partial.status_code == 422


def test_a_guardian_finds_their_child_and_medication_is_given_only_as_authorised(
    client: WebClient, nh: NH, db: Database
) -> None:
    open_session(client, db, _email("mama"))
    listed = client.get("/salud/familia").text.split('data-testid="my-children"')[1]
    assert "Ana" in listed and "Beto" not in listed
    csrf = open_session(client, db, _email("med"))
    ana = nh.place.children["Ana"]
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC)
    page = client.post(
        f"/salud/ninos/{ana}/medicamentos",
        data={
            "csrf_token": csrf,
            "medicine": "Paracetamol",
            "dose": "2.5 mL",
            "times": now.strftime("%H:%M"),
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
            "guardian": "Madre de Ana",
            "document": "aut.pdf",
        },
    )
    assert page.status_code == 200
    found = re.search(r"/salud/ninos/\d+/medicamentos/(\d+)/dosis", page.text)
    assert found
    given = client.post(found.group(0), data={"csrf_token": csrf, "dose": "2.5 mL"})
    assert given.status_code == 200 and "dosis dadas: 1" in given.text
    again = client.post(found.group(0), data={"csrf_token": csrf, "dose": "2.5 mL"})
    assert again.status_code == 422 and "ya se dio" in again.text


def test_the_network_page_hides_the_allergy_meals_of_fewer_than_ten_children(
    client: WebClient, nh: NH, db: Database
) -> None:
    open_session(client, db, _email("nutri"))
    page = client.get("/salud/red").text
    served = page.split('data-testid="served-safely"')[1].split("</p>")[0]
    assert "Comidas a niñas y niños con alergia servidas sin reacción" in served
    assert "&lt;10" in served  # no child with an allergy on record here
    assert "Meals served to children with allergies" in client.get("/salud/red?lang=en").text
