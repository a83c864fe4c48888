"""The nutrition and health store on SQLite and PostgreSQL: menus published only when they keep
the rules, allergy conflicts confirmed, the kitchen sheet's substitutions, measurements and their
flags, overdue vaccines, referrals, medication; scopes hold and health reads are audited."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from redceci.countries import country_pack
from redceci.countries.mx.vaccines import CNV_2023
from redceci.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from redceci.nutrition_health import sample
from redceci.nutrition_health.allergies import RestrictionKind
from redceci.nutrition_health.development import Answer, ReferralStatus, checklist
from redceci.nutrition_health.foods import Allergen
from redceci.store.db import Database
from redceci.store.nutrition_health import (
    catalogue,
    development,
    growth,
    kitchen,
    medication,
    menus,
    restrictions,
    vaccines,
)
from redceci.store.nutrition_health.menus import ItemData, MenuData
from redceci.store.platform.models import AuditEntry
from tests.store.nutrition_health.factories import Place, centre_with_children

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def place(db: Database) -> Place:
    return centre_with_children(db)


def _menu_data(items: list[ItemData] | None = None) -> MenuData:
    menu = sample.four_week_menu()
    return MenuData(
        name="Ciclo",
        weeks=4,
        starts_on=MONDAY,
        items=items
        or [
            ItemData(week=i.week, day=i.day, meal=i.meal, stage=i.stage, recipe=i.recipe)
            for i in menu.items
        ],
    )


def _audits(db: Database, action: str, entity: str) -> int:
    with db.reading() as s:
        return (
            s.scalar(
                sa.select(sa.func.count()).where(
                    AuditEntry.action == action, AuditEntry.entity == entity
                )
            )
            or 0
        )


def test_a_menu_with_a_sugared_dish_is_not_published_and_says_why(
    db: Database, place: Place
) -> None:
    catalogue.load_sample_recipes(db, place.nutritionist)
    catalogue.save_recipe(
        db,
        place.nutritionist,
        catalogue.RecipeData(
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
    data = _menu_data()
    items = [
        i
        if i.recipe != "agua" or i.stage != "preescolar_36_59" or i.week != 1 or i.day != 0
        else i.model_copy(update={"recipe": "agua_dulce"})
        for i in data.items
    ]
    made = menus.create_menu(db, place.nutritionist, data.model_copy(update={"items": items}))
    assert [(v["rule"], v["dish"], v["ingredient"]) for v in made["violations"]] == [
        ("added_sugar", "agua_dulce", "sugar")
    ]
    with pytest.raises(ConflictError, match="Agua de limón con azúcar"):
        menus.publish(db, place.nutritionist, made["id"], on=MONDAY)
    with db.reading() as s:
        assert s.get(menus.MenuRow, made["id"]).status == "draft"


def test_only_a_nutritionist_writes_menus(db: Database, place: Place) -> None:
    with pytest.raises(PermissionDeniedError):
        menus.create_menu(db, place.medical, _menu_data())


def test_publishing_a_peanut_dish_for_an_allergic_child_needs_confirmation(
    db: Database, place: Place
) -> None:
    restrictions.add_restriction(
        db,
        place.medical,
        place.children["Ana"],
        restrictions.RestrictionData(
            kind=RestrictionKind.ALLERGY, allergen=Allergen.PEANUT, document="dictamen-123.pdf"
        ),
    )
    catalogue.load_sample_recipes(db, place.nutritionist)
    made = menus.create_menu(db, place.nutritionist, _menu_data())
    found = menus.publication_check(db, place.nutritionist, made["id"], on=MONDAY)
    assert found["violations"] == []
    assert {c["dish"] for c in found["conflicts"]} == {"pollo_cacahuate"}
    assert {c["child"] for c in found["conflicts"]} == {"Ana"}
    with pytest.raises(ConflictError, match="alergia"):
        menus.publish(db, place.nutritionist, made["id"], on=MONDAY)
    published = menus.publish(db, place.nutritionist, made["id"], confirm=True, on=MONDAY)
    assert published["status"] == "published"


def test_the_kitchen_sheet_substitutes_the_peanut_dish_for_the_allergic_child(
    db: Database, place: Place
) -> None:
    restrictions.add_restriction(
        db,
        place.medical,
        place.children["Ana"],
        restrictions.RestrictionData(
            kind=RestrictionKind.ALLERGY, allergen=Allergen.PEANUT, document="dictamen-123.pdf"
        ),
    )
    catalogue.load_sample_recipes(db, place.nutritionist)
    made = menus.create_menu(db, place.nutritionist, _menu_data())
    menus.publish(db, place.nutritionist, made["id"], confirm=True, on=MONDAY)
    peanut_day = next(
        MONDAY + dt.timedelta(weeks=i.week - 1, days=i.day)
        for i in sample.four_week_menu().items
        if i.recipe == "pollo_cacahuate" and i.stage == "preescolar_36_59"
    )
    sheet = kitchen.kitchen_sheet(db, place.educator, place.centre_id, peanut_day)
    subs = sheet["substitutions"]
    assert [(s["child"], s["meal"], s["dish"]) for s in subs] == [
        ("Ana", "lunch", "pollo_cacahuate")
    ]
    assert subs[0]["substitute"] and subs[0]["ingredients"] == ["Cacahuate"]
    assert sheet["expected"]["preescolar_36_59"] == 1
    served = {(d["meal"], d["dish"]) for d in sheet["dishes"]}
    assert ("lunch", subs[0]["substitute"]) in served
    assert _audits(db, "read", "kitchen_sheet") == 1
    with pytest.raises(NotFoundError):
        kitchen.kitchen_sheet(db, place.educator, place.other_centre_id, peanut_day)


def test_a_measurement_gets_its_z_scores_and_flags(db: Database, place: Place) -> None:
    beto = place.children["Beto"]  # born 2023-10-15, a boy
    row = growth.add_measurement(
        db,
        place.medical,
        beto,
        growth.MeasurementData(
            measured_on=dt.date(2026, 1, 15), weight_kg=11.0, length_cm=80.0, position="H"
        ),
    )
    assert row["zlen"] is not None and row["zlen"] < -2
    assert "stunting" in row["flags"] or "severe_stunting" in row["flags"]
    seen = growth.child_growth(db, place.director, beto)
    assert seen["measurements"][0]["zlen"] == row["zlen"]
    assert set(seen["curves"]["weight"]) == {"-3", "-2", "0", "2", "3"}
    assert _audits(db, "read", "health_record") == 1


def test_an_implausible_measurement_is_refused_and_nothing_is_stored(
    db: Database, place: Place
) -> None:
    with pytest.raises(InputError, match="inverosímil"):
        growth.add_measurement(
            db,
            place.medical,
            place.children["Beto"],
            growth.MeasurementData(
                measured_on=dt.date(2026, 1, 15), weight_kg=40.0, length_cm=80.0
            ),
        )
    with db.reading() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(growth.Measurement)) == 0


def test_health_records_are_seen_by_guardians_medical_staff_and_director_only(
    db: Database, place: Place
) -> None:
    ana = place.children["Ana"]
    for reader in (place.parent, place.medical, place.director):
        assert vaccines.child_vaccines(db, reader, ana, CNV_2023, on=MONDAY)["child_id"] == ana
    with pytest.raises(PermissionDeniedError):
        vaccines.child_vaccines(db, place.educator, ana, CNV_2023)
    with pytest.raises(PermissionDeniedError):
        vaccines.child_vaccines(db, place.admin, ana, CNV_2023)
    with pytest.raises(NotFoundError):
        vaccines.child_vaccines(db, place.other_medical, ana, CNV_2023)
    with pytest.raises(NotFoundError):  # another family's child
        vaccines.child_vaccines(db, place.parent, place.children["Beto"], CNV_2023)
    assert _audits(db, "read", "health_record") == 3


def test_an_overdue_vaccine_shows_on_the_centres_list(db: Database, place: Place) -> None:
    caro = place.children["Caro"]  # born 2025-06-01
    for vaccine, number, day in (("bcg", 1, "2025-06-01"), ("hepb", 1, "2025-06-01")):
        vaccines.record_dose(
            db,
            place.medical,
            caro,
            vaccines.DoseData(
                vaccine=vaccine, dose_number=number, given_on=dt.date.fromisoformat(day)
            ),
            CNV_2023,
        )
    late = vaccines.overdue_list(
        db, place.medical, place.centre_id, CNV_2023, on=dt.date(2025, 9, 15)
    )
    caro_row = next(r for r in late if r["child_id"] == caro)
    assert {(d["vaccine"], d["dose_number"]) for d in caro_row["overdue"]} >= {
        ("hexavalente", 1),
        ("rotavirus", 1),
        ("neumococo", 1),
    }
    assert "Cartilla" in caro_row["reminder_es"] and caro_row["guardians"] == ["Madre de Caro"]
    with pytest.raises(InputError):
        vaccines.record_dose(
            db,
            place.medical,
            caro,
            vaccines.DoseData(
                vaccine="fiebre_amarilla", dose_number=1, given_on=dt.date(2025, 9, 1)
            ),
            CNV_2023,
        )


def test_a_country_without_a_vaccination_schedule_keeps_no_dose_and_lists_no_one(
    db: Database, place: Place
) -> None:
    """Guatemala's pack has no sourced schedule: no status, no overdue list, doses refused."""
    schedule = country_pack("gt").vaccines
    assert schedule is None
    caro = place.children["Caro"]
    found = vaccines.child_vaccines(db, place.medical, caro, schedule, on=dt.date(2025, 9, 15))
    assert found["schedule"] is None and found["doses"] == []
    assert vaccines.overdue_list(db, place.medical, place.centre_id, schedule) == []
    with pytest.raises(InputError, match="no vaccination schedule"):
        vaccines.record_dose(
            db,
            place.medical,
            caro,
            vaccines.DoseData(vaccine="bcg", dose_number=1, given_on=dt.date(2025, 6, 1)),
            schedule,
        )
    late = vaccines.overdue_list(
        db, place.medical, place.centre_id, CNV_2023, on=dt.date(2025, 9, 15)
    )
    assert any(r["child_id"] == caro for r in late)  # the same child is late by Mexico's


def test_a_flagged_milestone_opens_a_referral_the_medical_staff_follow(
    db: Database, place: Place
) -> None:
    items = checklist(24)
    answers = {m["code"]: Answer.YES for m in development.checklist(24)}
    answers[items[1].code] = Answer.NOT_YET
    made = development.record_screening(
        db,
        place.educator,
        place.children["Beto"],
        development.ScreeningData(
            checkpoint_months=24, screened_on=dt.date(2026, 1, 5), answers=answers
        ),
    )
    assert made["flagged"] == [str(items[1].domain)]
    record = development.child_development(db, place.medical, place.children["Beto"])
    referral = record["referrals"][0]
    assert referral["status"] == "flagged"
    moved = development.update_referral(
        db,
        place.medical,
        referral["id"],
        development.ReferralUpdate(status=ReferralStatus.REFERRED, notes="UMF 12"),
    )
    assert moved["status"] == "referred"
    with pytest.raises(ConflictError):
        development.update_referral(
            db,
            place.medical,
            referral["id"],
            development.ReferralUpdate(status=ReferralStatus.FLAGGED),
        )


def test_medication_needs_an_authorisation_and_is_logged_per_dose(
    db: Database, place: Place
) -> None:
    ana = place.children["Ana"]
    auth = medication.authorise(
        db,
        place.medical,
        ana,
        medication.AuthorisationData(
            medicine="Amoxicilina",
            dose="5 mL",
            times=[dt.time(10), dt.time(15)],
            starts_on=dt.date(2026, 3, 2),
            ends_on=dt.date(2026, 3, 6),
            guardian="Madre de Ana",
            document="autorizacion-ana.pdf",
        ),
    )
    at = dt.datetime(2026, 3, 3, 10, 10, tzinfo=dt.UTC)
    given = medication.give(
        db, place.medical, auth["id"], medication.DoseGiven(given_at=at, dose="5 mL")
    )
    assert given["slot"] == "10:00"
    with pytest.raises(ConflictError, match="ya se dio"):
        medication.give(
            db,
            place.medical,
            auth["id"],
            medication.DoseGiven(given_at=at + dt.timedelta(minutes=5), dose="5 mL"),
        )
    listed = medication.child_medication(db, place.parent, ana)
    assert listed[0]["doses"][0]["slot"] == "10:00"


def test_a_child_notified_absent_is_not_cooked_for(db: Database, place: Place) -> None:
    catalogue.load_sample_recipes(db, place.nutritionist)
    made = menus.create_menu(db, place.nutritionist, _menu_data())
    menus.publish(db, place.nutritionist, made["id"], on=MONDAY)
    present = kitchen.kitchen_sheet(db, place.educator, place.centre_id, MONDAY)
    away = kitchen.kitchen_sheet(
        db, place.educator, place.centre_id, MONDAY, absent={place.children["Ana"]}
    )
    assert present["expected"]["preescolar_36_59"] == 1
    assert away["expected"]["preescolar_36_59"] == 0
    assert away["absent"] == {"preescolar_36_59": 1}
    cooked = {d["dish"]: d["cooked_g"] for d in present["dishes"]}
    assert sum(cooked.values()) > sum(d["cooked_g"] for d in away["dishes"])
