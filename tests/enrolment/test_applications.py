"""From families and centres to a round: insurance check, rooms by age, transfers, siblings."""

from __future__ import annotations

from datetime import date

import pytest

from redceci.countries.mx.rooms import ROOMS
from redceci.enrolment import (
    Application,
    Centre,
    Child,
    Coverage,
    Family,
    Guardian,
    InMemoryInsuranceRegistry,
    compile_round,
    deferred_acceptance,
)
from redceci.errors import InputError
from tests.enrolment.factories import make_curp, make_nss

START = date(2026, 9, 1)


def family(fid: str, nss_body: str, births: list[date], *, employer: str | None = None) -> Family:
    kids = tuple(
        Child(f"{fid}-{i}", make_curp(b, initials=f"G{'AEIOU'[i]}MA"), b)
        for i, b in enumerate(births)
    )
    return Family(fid, (Guardian("Madre", nss=make_nss(nss_body), employer=employer),), kids)


def test_a_small_round_places_twins_together_and_skips_uninsured_families() -> None:
    centres = [
        Centre("A", rooms=ROOMS, places=(2, 1)),
        Centre("B", rooms=ROOMS, places=(1, 3), sponsor="ACME", reserved=(0, 1)),
    ]
    twins = family("twins", "1111111111", [date(2026, 1, 10), date(2026, 1, 10)])
    solo = family("solo", "2222222222", [date(2024, 5, 5)], employer="ACME")
    nobody = family("nobody", "3333333333", [date(2025, 6, 1)])
    registry = InMemoryInsuranceRegistry(
        [
            Coverage(twins.insured_nss[0], insured=True),
            Coverage(solo.insured_nss[0], insured=False, coverage_end=date(2026, 8, 20)),
            Coverage(nobody.insured_nss[0], insured=False, coverage_end=date(2026, 1, 1)),
        ]
    )
    apps = [
        Application(twins, ("B", "A"), START),
        Application(solo, ("B",), START),
        Application(nobody, ("A",), START),
    ]
    rnd = compile_round(centres, apps, seed=2026, registry=registry)
    assert rnd.ineligible == ("nobody",)  # baja more than 4 weeks before the start
    assert rnd.family_ids == ("twins", "solo")
    a = deferred_acceptance(rnd.instance)
    labels = [rnd.seat_label(int(s)) for s in a.child_seat]
    # centre B has one lactantes place: the twins go together to A
    assert labels[:2] == [("A", "lactantes"), ("A", "lactantes")]
    assert labels[2] == ("B", "maternales")
    assert bool(a.child_reserved[2])  # the sponsor's employee took the reserved place


def test_a_transfer_keeps_the_current_centre_and_drops_lower_choices() -> None:
    kid_birth = date(2024, 1, 1)
    fam = family("f", "4444444444", [kid_birth])
    curp = fam.children[0].curp
    centres = [
        Centre("A", rooms=ROOMS, places=(0, 0)),
        Centre("B", rooms=ROOMS, places=(0, 1)),
        Centre("C", rooms=ROOMS, places=(0, 5)),
    ]
    app = Application(fam, ("A", "B", "C"), START, current_centre={curp: "B"})
    rnd = compile_round(centres, [app], seed=1)
    inst = rnd.instance
    assert [rnd.centre_ids[int(inst.seats.centre[s])] for s in inst.pair_seat] == ["A", "B"]
    assert inst.pair_current.tolist() == [False, True]
    a = deferred_acceptance(inst)
    assert rnd.seat_label(int(a.child_seat[0])) == ("B", "maternales")


def test_applications_are_checked() -> None:
    fam = family("f", "5555555555", [date(2025, 1, 1)])
    centres = [Centre("A", rooms=ROOMS, places=(1, 1))]
    with pytest.raises(InputError, match="unknown centre"):
        compile_round(centres, [Application(fam, ("Z",), START)], seed=1)
    with pytest.raises(InputError, match="more than 1"):
        compile_round(centres, [Application(fam, ("A", "A"), START)], seed=1, max_choices=1)
    with pytest.raises(InputError, match="twice"):
        compile_round(centres, [Application(fam, ("A", "A"), START)], seed=1)
    with pytest.raises(InputError, match="sponsor"):
        Centre("X", rooms=ROOMS, places=(1, 1), reserved=(1, 0))
