"""Vaccination status, developmental checklists and referrals, medication authorisations and the
small-cell suppression of network aggregates."""

from __future__ import annotations

import datetime as dt

import pytest

from redceci.countries.mx.vaccines import CNV_2023
from redceci.errors import ConflictError, InputError
from redceci.nutrition_health import development as dev
from redceci.nutrition_health.medication import Authorisation, check_administration
from redceci.nutrition_health.privacy import MIN_CELL, cell, suppress
from redceci.nutrition_health.vaccination import DoseStatus, overdue, status

BIRTH = dt.date(2025, 1, 10)


def test_a_dose_not_given_a_month_after_its_age_is_overdue() -> None:
    given = [("bcg", 1, BIRTH), ("hepb", 1, BIRTH)]
    states = status(CNV_2023, BIRTH, given, on=dt.date(2025, 4, 15))  # ~3 months
    by = {(s.dose.vaccine, s.dose.number): s for s in states}
    assert by[("bcg", 1)].status is DoseStatus.GIVEN
    assert by[("hexavalente", 1)].status is DoseStatus.OVERDUE  # due at 2 months + 30 days
    assert by[("hexavalente", 2)].status is DoseStatus.UPCOMING
    assert {(s.dose.vaccine, s.dose.number) for s in overdue(states)} == {
        ("hexavalente", 1),
        ("rotavirus", 1),
        ("neumococo", 1),
    }


def test_a_dose_within_its_grace_month_is_due_not_overdue() -> None:
    states = status(CNV_2023, BIRTH, [], on=BIRTH + dt.timedelta(days=61 + 10))
    hexa = next(s for s in states if s.dose.vaccine == "hexavalente" and s.dose.number == 1)
    assert hexa.status is DoseStatus.DUE and hexa.due == dt.date(2025, 3, 12)


def test_a_dose_given_before_birth_is_refused() -> None:
    with pytest.raises(InputError):
        status(CNV_2023, BIRTH, [("bcg", 1, BIRTH - dt.timedelta(days=1))], on=BIRTH)


def test_every_dose_of_the_mexican_schedule_is_marked_unverified() -> None:
    assert CNV_2023.doses and not any(d.verified for d in CNV_2023.doses)
    assert "[U]" in CNV_2023.source


def test_a_not_yet_milestone_flags_its_domain() -> None:
    items = dev.checklist(12)
    answers = {m.code: dev.Answer.YES for m in items}
    language = next(m for m in items if m.domain is dev.Domain.LANGUAGE)
    answers[language.code] = dev.Answer.NOT_YET
    assert dev.flagged_domains(12, answers) == (dev.Domain.LANGUAGE,)
    answers[language.code] = dev.Answer.UNSURE
    assert dev.flagged_domains(12, answers) == ()


def test_a_checklist_must_be_answered_whole() -> None:
    items = dev.checklist(24)
    with pytest.raises(InputError, match="not answered"):
        dev.flagged_domains(24, {items[0].code: dev.Answer.YES})


def test_checkpoints_follow_the_cdc_ages_and_every_domain_is_covered() -> None:
    assert dev.checkpoint_for(1) is None and dev.checkpoint_for(13.5) == 12
    for months in dev.CHECKPOINTS:
        assert {m.domain for m in dev.checklist(months)} == set(dev.Domain)


def test_a_referral_moves_only_along_its_transitions() -> None:
    s = dev.advance(dev.ReferralStatus.FLAGGED, dev.ReferralStatus.REFERRED)
    s = dev.advance(s, dev.ReferralStatus.EVALUATED)
    with pytest.raises(ConflictError):
        dev.advance(s, dev.ReferralStatus.REFERRED)


AUTH = Authorisation(
    1,
    "Paracetamol",
    "2.5 mL",
    (dt.time(10, 0), dt.time(14, 0)),
    dt.date(2026, 3, 2),
    dt.date(2026, 3, 4),
    "Ana López",
    "autorizacion.pdf",
)


def test_medication_is_given_only_at_an_authorised_time_and_dose() -> None:
    at = dt.datetime(2026, 3, 3, 10, 20)
    assert check_administration(AUTH, at, "2.5 mL") == dt.time(10, 0)
    with pytest.raises(ConflictError, match="horario"):
        check_administration(AUTH, dt.datetime(2026, 3, 3, 12, 0), "2.5 mL")
    with pytest.raises(ConflictError, match="dosis"):
        check_administration(AUTH, at, "5 mL")
    with pytest.raises(ConflictError, match="ya se dio"):
        check_administration(AUTH, at, "2.5 mL", given=[dt.datetime(2026, 3, 3, 9, 55)])
    with pytest.raises(ConflictError, match="autorización"):
        check_administration(AUTH, dt.datetime(2026, 3, 5, 10, 0), "2.5 mL")


def test_an_authorisation_needs_the_guardians_signed_document() -> None:
    with pytest.raises(InputError):
        Authorisation(
            1,
            "Paracetamol",
            "2.5 mL",
            (dt.time(10),),
            dt.date(2026, 3, 2),
            dt.date(2026, 3, 4),
            "Ana López",
            " ",
        )


def test_cells_under_the_minimum_size_are_suppressed() -> None:
    cells = suppress({"a": (MIN_CELL - 1, 2), "b": (40, 6)})
    assert cells["a"].suppressed and cells["a"].rate is None and cells["a"].cases is None
    assert cells["b"].rate == pytest.approx(0.15)
    assert cell(5, 1, min_cell=5).n == 5
