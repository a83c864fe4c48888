"""The synthetic generator: seeded, families drawn where the children are, made-up identities
that pass the domain's checks, and national round arrays the engine takes."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from redceci.countries import country_pack
from redceci.countries.mx.identity import made_up_curp
from redceci.countries.mx.rooms import FINE_ROOMS
from redceci.enrolment import build_round, capacity_violations, deferred_acceptance
from redceci.enrolment.synthetic import (
    SyntheticParameters,
    centre_sites,
    draw_families,
    round_arrays,
    synthetic_applications,
)
from redceci.errors import InputError

START = dt.date(2026, 9, 1)


def units() -> pd.DataFrame:
    """Three towns of Colima and Querétaro; the third has nine times the children of the first."""
    return pd.DataFrame(
        {
            "LAT": [19.24, 19.26, 20.59],
            "LON": [-103.72, -103.74, -100.39],
            "MUN_CVEGEO": ["06002", "06010", "22014"],
            "eligible": [100.0, 0.0, 900.0],
        }
    )


def test_the_same_seed_gives_the_same_families_and_another_seed_others() -> None:
    sites = centre_sites(units(), 2, seed=1)
    a = draw_families(units(), sites, seed=5, n_families=50)
    b = draw_families(units(), sites, seed=5, n_families=50)
    c = draw_families(units(), sites, seed=6, n_families=50)
    assert np.array_equal(a.child_age_days, b.child_age_days) and a.municipality == b.municipality
    assert not np.array_equal(a.child_age_days, c.child_age_days)


def test_homes_follow_the_eligible_children_and_rank_the_nearest_centre_first_mostly() -> None:
    sites = centre_sites(units(), 2, seed=1)
    assert {s.municipality for s in sites} == {"06002", "22014"}  # never a unit without children
    draw = draw_families(units(), sites, seed=2, n_families=2000)
    share = draw.municipality.count("22014") / draw.n_families
    assert 0.87 < share < 0.93  # 900 of 1,000 eligible children
    near = [0 if s.municipality == "22014" else 1 for s in sites]
    in_qro = np.array([m == "22014" for m in draw.municipality])
    first = draw.ranked[:, 0]
    assert (first[in_qro] == sites.index(sites[near.index(0)])).mean() > 0.95


def test_children_count_and_ages_are_as_asked() -> None:
    sites = centre_sites(units(), 2, seed=1)
    draw = draw_families(units(), sites, seed=3, n_children=1000)
    assert int(draw.kids.sum()) == 1000 and len(draw.child_family) == 1000
    assert draw.child_age_days.min() >= 43 and draw.child_age_days.max() < 1461
    assert 0.1 < (draw.kids > 1).mean() < 0.22  # 17 % of families have siblings
    with pytest.raises(InputError, match="children or of families"):
        draw_families(units(), sites, seed=3)


def test_made_up_identities_pass_the_domain_checks_and_never_repeat() -> None:
    sites = centre_sites(units(), 2, seed=1)
    apps = synthetic_applications(
        draw_families(units(), sites, seed=4, n_families=300),
        start=START,
        serial=7_000_000,
        identity=country_pack("mx").identity,
    )
    curps = [c.curp for a in apps for c in a.family.children]  # Child() checked each one
    assert len(set(curps)) == len(curps)
    qro = next(a for a in apps if a.municipality == "22014")
    assert all(c.curp[11:13] == "QT" for c in qro.family.children)  # born in Querétaro
    assert all(
        START - c.birth_date >= dt.timedelta(days=43) for a in apps for c in a.family.children
    )
    assert {a.together for a in apps} == {True, False}
    assert made_up_curp(1, dt.date(2024, 3, 1)) != made_up_curp(87_881, dt.date(2024, 3, 1))


def test_round_arrays_make_a_round_the_engine_assigns_within_capacity() -> None:
    arrays, counts = round_arrays(
        units(),
        n_children=400,
        n_centres=2,
        seed=9,
        rooms=FINE_ROOMS,
        params=SyntheticParameters(places=(40, 80)),
    )
    seats = arrays.pop("seats")
    inst = build_round(seats, **arrays)
    a = deferred_acceptance(inst)
    assert counts["children"] == inst.n_children == 400 and counts["centres"] == 2
    assert 80 <= counts["places"] <= 160 and len(capacity_violations(inst, a)) == 0
    assert a.n_placed <= counts["places"]
