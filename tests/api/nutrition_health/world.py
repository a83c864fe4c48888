"""Nutrition and health data for the API's authorisation matrix: a child of another family
(not the matrix parent's) enrolled at centre A, the sample recipes, draft and compliant menus,
restrictions, screenings with referrals and medication authorisations made fresh per case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from redceci.nutrition_health import sample
from redceci.nutrition_health.development import Answer, checklist
from redceci.store.enrolment import families
from redceci.store.enrolment.models import Child, Enrolment, Family
from redceci.store.nutrition_health import catalogue, development, medication, menus, restrictions
from redceci.store.nutrition_health.models import (
    DietRestriction,
    Measurement,
    MedicationAuthorisation,
    MedicationDose,
    MenuItemRow,
    MenuRow,
    MilestoneScreening,
    RecipeRow,
    Referral,
    Vaccination,
)
from tests.api.enrolment.world import family_data, matrix_bits
from tests.api.world import ACTORS

#: Tables whose counts the matrix checks after every refused request.
NUTRITION_HEALTH_TABLES = (
    RecipeRow,
    MenuRow,
    MenuItemRow,
    DietRestriction,
    Measurement,
    Vaccination,
    MilestoneScreening,
    Referral,
    MedicationAuthorisation,
    MedicationDose,
)
MONDAY = dt.date(2026, 3, 2)
MENU_READERS = (
    "admin",
    "planner",
    "coord_nl",
    "coord_jal",
    "director_a",
    "staff_b",
    "parent",
    "nutritionist",
    "medical_a",
)
WRITERS = ("admin", "nutritionist")


def health_bits(w: Any) -> dict[str, int]:
    """Once per world: the health child at centre A, the recipes, one draft menu."""
    cached: dict[str, int] | None = getattr(w, "health_bits", None)
    if cached is not None:
        return cached
    bits = matrix_bits(w)
    admin = w.people["admin"]
    families.register_family(w.db, admin, "FAM-H", family_data(900))
    with w.db.transaction() as session:
        child = session.scalar(sa.select(Child.id).join(Family).where(Family.ref == "FAM-H"))
        assert child is not None
        session.add(Enrolment(child_id=child, room_id=bits["maternales"], since=MONDAY))
    catalogue.load_sample_recipes(w.db, w.people["nutritionist"])
    draft = menus.create_menu(w.db, w.people["nutritionist"], tiny_menu())
    w.health_bits = {"child": child, "menu": draft["id"]}
    return w.health_bits


def tiny_menu() -> menus.MenuData:
    return menus.MenuData(
        name="Borrador",
        weeks=1,
        starts_on=MONDAY,
        items=[
            menus.ItemData(
                week=1, day=0, meal="lunch", stage="preescolar_36_59", recipe="sopa_verduras"
            )
        ],
    )


def full_menu() -> menus.MenuData:
    return menus.MenuData(
        name="Ciclo",
        weeks=4,
        starts_on=MONDAY,
        items=[
            menus.ItemData(week=i.week, day=i.day, meal=i.meal, stage=i.stage, recipe=i.recipe)
            for i in sample.four_week_menu().items
        ],
    )


def fresh_draft(w: Any, *, full: bool = False) -> int:
    health_bits(w)
    made = menus.create_menu(w.db, w.people["nutritionist"], full_menu() if full else tiny_menu())
    return int(made["id"])


def fresh_restriction(w: Any) -> int:
    child = health_bits(w)["child"]
    made = restrictions.add_restriction(
        w.db,
        w.people["medical_a"],
        child,
        restrictions.RestrictionData(kind="allergy", allergen="sesame", document="dictamen.pdf"),
    )
    return int(made["id"])


def fresh_referral(w: Any) -> int:
    child = health_bits(w)["child"]
    items = checklist(12)
    answers = {m.code: Answer.YES for m in items}
    answers[items[0].code] = Answer.NOT_YET
    development.record_screening(
        w.db,
        w.people["medical_a"],
        child,
        development.ScreeningData(checkpoint_months=12, screened_on=MONDAY, answers=answers),
    )
    with w.db.reading() as session:
        return int(session.scalar(sa.select(sa.func.max(Referral.id))) or 0)


def fresh_authorisation(w: Any) -> int:
    child = health_bits(w)["child"]
    made = medication.authorise(
        w.db,
        w.people["medical_a"],
        child,
        medication.AuthorisationData(
            medicine="Paracetamol",
            dose="2.5 mL",
            times=[dt.time(10)],
            starts_on=MONDAY,
            ends_on=MONDAY + dt.timedelta(days=30),
            guardian="Madre 900",
            document="aut.pdf",
        ),
    )
    return int(made["id"])


def _child(w: Any, suffix: str) -> str:
    return f"/api/child-health/children/{health_bits(w)['child']}{suffix}"


def nutrition_health_cases(Case: Any, only: Any) -> dict[str, Any]:
    """The matrix's cases for the nutrition and health routes (``Case`` and ``only`` are the
    matrix's own, passed in so this module does not import the test module)."""
    health_read = only({"director_a": 200, "medical_a": 200}, parent=404)
    medical = only({"medical_a": 201})
    centre_a = only({"admin": 200, "director_a": 200, "medical_a": 200}, staff_b=404)

    def menu_path(suffix: str = "") -> Any:
        return lambda w, who: f"/api/nutrition/menus/{health_bits(w)['menu']}{suffix}"

    def centre(route: str, expect: dict[str, int], prefix: str = "/api/nutrition") -> Any:
        return Case(
            "GET",
            f"{prefix}/centres/{{centre_id}}/{route}",
            lambda w, who: (
                health_bits(w),
                f"{prefix}/centres/{w.centre_a}/{route}?on={MONDAY.isoformat()}",
            )[1],
            expect,
        )

    readers = only(dict.fromkeys(MENU_READERS, 200))
    return {
        "nh-ingredients": Case(
            "GET",
            "/api/nutrition/ingredients",
            lambda w, who: "/api/nutrition/ingredients",
            readers,
        ),
        "nh-recipes": Case(
            "GET",
            "/api/nutrition/recipes",
            lambda w, who: (health_bits(w), "/api/nutrition/recipes")[1],
            readers,
        ),
        "nh-save-recipe": Case(
            "PUT",
            "/api/nutrition/recipes/{code}",
            lambda w, who: "/api/nutrition/recipes/agua_limon",
            only(dict.fromkeys(WRITERS, 200)),
            body=lambda w, who: {
                "code": "agua_limon",
                "name_es": "Agua de limón",
                "course": "drink",
                "texture": "family",
                "yield_g": 1000,
                "lines": [
                    {"ingredient": "water", "gross_g": 980, "net_g": 980},
                    {"ingredient": "lime", "gross_g": 20, "net_g": 20},
                ],
            },
        ),
        "nh-menus": Case(
            "GET",
            "/api/nutrition/menus",
            lambda w, who: (health_bits(w), "/api/nutrition/menus")[1],
            readers,
        ),
        "nh-create-menu": Case(
            "POST",
            "/api/nutrition/menus",
            lambda w, who: (health_bits(w), "/api/nutrition/menus")[1],
            only(dict.fromkeys(WRITERS, 201)),
            body=lambda w, who: tiny_menu().model_dump(mode="json"),
        ),
        "nh-get-menu": Case("GET", "/api/nutrition/menus/{menu_id}", menu_path(), readers),
        "nh-update-menu": Case(
            "PUT",
            "/api/nutrition/menus/{menu_id}",
            lambda w, who: f"/api/nutrition/menus/{fresh_draft(w)}",
            only(dict.fromkeys(WRITERS, 200)),
            body=lambda w, who: tiny_menu().model_dump(mode="json"),
        ),
        "nh-publication": Case(
            "GET",
            "/api/nutrition/menus/{menu_id}/publication",
            menu_path("/publication"),
            only(dict.fromkeys(WRITERS, 200)),
        ),
        "nh-publish": Case(
            "POST",
            "/api/nutrition/menus/{menu_id}/publish",
            lambda w, who: (
                f"/api/nutrition/menus/{fresh_draft(w, full=True)}/publish?on={MONDAY.isoformat()}"
            ),
            only(dict.fromkeys(WRITERS, 200)),
        ),
        "nh-network": Case(
            "GET",
            "/api/nutrition/network",
            lambda w, who: (health_bits(w), "/api/nutrition/network")[1],
            only(dict.fromkeys(("admin", "planner", "coord_nl", "coord_jal", "nutritionist"), 200)),
        ),
        "nh-kitchen": centre("kitchen", centre_a),
        "nh-allergy-alerts": centre("allergy-alerts", centre_a),
        "nh-purchases": centre("purchases", centre_a),
        "nh-overdue": centre(
            "overdue-vaccines",
            only({"director_a": 200, "medical_a": 200}, parent=404, staff_b=403),
            prefix="/api/child-health",
        ),
        "nh-restrictions": Case(
            "GET",
            "/api/child-health/children/{child_id}/restrictions",
            lambda w, who: _child(w, "/restrictions"),
            health_read,
        ),
        "nh-add-restriction": Case(
            "POST",
            "/api/child-health/children/{child_id}/restrictions",
            lambda w, who: _child(w, "/restrictions"),
            medical,
            body=lambda w, who: {
                "kind": "allergy",
                "allergen": "sesame",
                "document": "dictamen.pdf",
            },
        ),
        "nh-end-restriction": Case(
            "POST",
            "/api/child-health/restrictions/{restriction_id}/end",
            lambda w, who: f"/api/child-health/restrictions/{fresh_restriction(w)}/end",
            only({"medical_a": 200}),
        ),
        "nh-growth": Case(
            "GET",
            "/api/child-health/children/{child_id}/growth",
            lambda w, who: _child(w, "/growth"),
            health_read,
        ),
        "nh-measure": Case(
            "POST",
            "/api/child-health/children/{child_id}/measurements",
            lambda w, who: _child(w, "/measurements"),
            medical,
            body=lambda w, who: {
                "measured_on": "2026-03-02",
                "weight_kg": 12.5,
                "length_cm": 90.0,
                "position": "H",
            },
        ),
        "nh-vaccines": Case(
            "GET",
            "/api/child-health/children/{child_id}/vaccines",
            lambda w, who: _child(w, "/vaccines"),
            health_read,
        ),
        "nh-vaccinate": Case(
            "POST",
            "/api/child-health/children/{child_id}/vaccinations",
            lambda w, who: _child(w, "/vaccinations"),
            medical,
            body=lambda w, who: {"vaccine": "bcg", "dose_number": 1, "given_on": "2024-03-01"},
        ),
        "nh-checklist": Case(
            "GET",
            "/api/child-health/checklists/{months}",
            lambda w, who: "/api/child-health/checklists/12",
            dict.fromkeys(ACTORS, 200),
        ),
        "nh-screening": Case(
            "POST",
            "/api/child-health/children/{child_id}/screenings",
            lambda w, who: _child(w, "/screenings"),
            only({"admin": 201, "director_a": 201, "medical_a": 201}, staff_b=404),
            body=lambda w, who: {
                "checkpoint_months": 12,
                "screened_on": "2026-03-02",
                "answers": {m.code: "yes" for m in checklist(12)},
            },
        ),
        "nh-development": Case(
            "GET",
            "/api/child-health/children/{child_id}/development",
            lambda w, who: _child(w, "/development"),
            health_read,
        ),
        "nh-referral": Case(
            "POST",
            "/api/child-health/referrals/{referral_id}",
            lambda w, who: f"/api/child-health/referrals/{fresh_referral(w)}",
            only({"medical_a": 200}),
            body=lambda w, who: {"status": "referred"},
        ),
        "nh-medication": Case(
            "GET",
            "/api/child-health/children/{child_id}/medication",
            lambda w, who: _child(w, "/medication"),
            health_read,
        ),
        "nh-authorise": Case(
            "POST",
            "/api/child-health/children/{child_id}/medication",
            lambda w, who: _child(w, "/medication"),
            medical,
            body=lambda w, who: {
                "medicine": "Paracetamol",
                "dose": "2.5 mL",
                "times": ["10:00"],
                "starts_on": "2026-03-02",
                "ends_on": "2026-03-06",
                "guardian": "Madre 900",
                "document": "aut.pdf",
            },
        ),
        "nh-give": Case(
            "POST",
            "/api/child-health/medication/{authorisation_id}/doses",
            lambda w, who: f"/api/child-health/medication/{fresh_authorisation(w)}/doses",
            only({"medical_a": 201}),
            body=lambda w, who: {"given_at": "2026-03-03T10:05:00+00:00", "dose": "2.5 mL"},
        ),
    }
