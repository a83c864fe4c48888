"""Phasing: the yearly greedy on marginal gains, the exact value of each year, and the certified
bound, checked against every schedule of small instances enumerated by brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from redceci.errors import InputError
from redceci.planning.phasing import (
    UNSCHEDULED,
    YearPace,
    assignment_value,
    pace_from,
    phase,
    schedule,
)
from redceci.planning.siting import SitingProblem


def problem(
    demand: list[float],
    weight: list[float],
    pairs: list[tuple[int, int, float]],
    n_sites: int,
    *,
    sizes: tuple[int, ...] = (10,),
    costs: tuple[float, ...] = (1.0,),
    max_centres: int | None = None,
) -> SitingProblem:
    unit, site, minutes = zip(*pairs, strict=True)
    return SitingProblem(
        demand=np.array(demand, dtype=float),
        weight=np.array(weight, dtype=float),
        pair_unit=np.array(unit, dtype=np.int32),
        pair_site=np.array(site, dtype=np.int32),
        pair_minutes=np.array(minutes, dtype=np.float32),
        n_sites=n_sites,
        site_state=np.ones(n_sites, dtype=np.int32),
        site_max_centres=np.full(n_sites, 2, dtype=np.int32),
        sizes=sizes,
        costs=costs,
        max_centres=max_centres,
    )


# Unit 0: 10 children worth 3 each, near sites 0 and 1; unit 1: 10 worth 1, near sites 1, 2;
# unit 2: 6 worth 2, near site 2 only.
HAND = problem(
    [10, 10, 6],
    [3, 1, 2],
    [(0, 0, 5), (0, 1, 9), (1, 1, 5), (1, 2, 7), (2, 2, 3)],
    3,
)


def value_of(p: SitingProblem, centres: list[tuple[int, int]]) -> float:
    cap = np.zeros(p.n_sites)
    for j, k in centres:
        cap[j] += p.sizes[k]
    return assignment_value(p, cap)[0]


def test_assignment_value_by_hand() -> None:
    # Sites 1 and 2 open (10 places each): unit 0 takes site 1 (30), site 2 serves unit 2
    # (12) and 4 of unit 1 (4): 46.
    value, served, duals = assignment_value(HAND, np.array([0.0, 10.0, 10.0]))
    assert value == pytest.approx(46.0)
    np.testing.assert_allclose(served, [10, 4, 6])
    assert (duals >= 0).all() and (duals <= np.array([3, 1, 2])).all()
    assert assignment_value(HAND, np.zeros(3))[0] == 0.0


def test_the_greedy_opens_the_largest_gain_first_and_respects_the_pace() -> None:
    centres = [(0, 0), (1, 0), (2, 0)]
    pace = [YearPace(2026, 1, None), YearPace(2027, 1, None), YearPace(2028, None, None)]
    years = schedule(HAND, centres, [2026, 2026, 2026], pace)
    # Gains at first: site 0 -> 30, site 1 -> 30 (unit 0 first), site 2 -> 12 + 4 = 16;
    # ties go to the lower index; then site 1 can only take unit 1 (10) < site 2 (16).
    assert list(years) == [2026, 2028, 2027]


def test_earliest_years_fixed_centres_and_capital_are_respected() -> None:
    p = problem(
        [10, 10, 6],
        [3, 1, 2],
        [(0, 0, 5), (0, 1, 9), (1, 1, 5), (1, 2, 7), (2, 2, 3)],
        3,
        sizes=(10, 20),
        costs=(1.0, 5.0),
    )
    centres = [(0, 1), (1, 0), (2, 0)]
    pace = [YearPace(2026, 2, 2.0), YearPace(2027, 1, None), YearPace(2028, None, None)]
    years = schedule(p, centres, [2026, 2027, 2026], pace, fixed=[False, False, True])
    # Site 2 is fixed in 2026; site 0's big centre costs 5 > 2 - 1 left: deferred to 2027,
    # where it beats site 1 (available from 2027); site 1 opens in the last year.
    assert list(years) == [2027, 2028, 2026]
    late = schedule(p, centres, [2026, 2029, 2026], pace)
    assert late[1] == UNSCHEDULED


def test_bad_lengths_are_an_input_error() -> None:
    with pytest.raises(InputError):
        schedule(HAND, [(0, 0)], [2026, 2027], [YearPace(2026, None, None)])


def all_schedules(n: int, pace: list[YearPace], earliest: list[int]) -> list[tuple[int, ...]]:
    years = [p.year for p in pace]
    out = []
    for choice in itertools.product([*years, UNSCHEDULED], repeat=n):
        if any(y != UNSCHEDULED and y < e for y, e in zip(choice, earliest, strict=True)):
            continue
        if any(p.centres is not None and choice.count(p.year) > p.centres for p in pace):
            continue
        out.append(choice)
    return out


@pytest.mark.parametrize("seed", range(6))
def test_bound_is_above_every_schedule_and_value_is_exact(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_units, n_sites = 7, 5
    pairs = [
        (i, j, float(rng.uniform(1, 20)))
        for i in range(n_units)
        for j in range(n_sites)
        if rng.random() < 0.5
    ]
    p = problem(
        list(rng.integers(2, 15, n_units).astype(float)),
        list(rng.uniform(0.2, 2.0, n_units)),
        pairs,
        n_sites,
        sizes=(6, 12),
        costs=(1.0, 1.5),
        max_centres=4,
    )
    centres = [(0, 0), (1, 1), (2, 0), (3, 1)]
    earliest = [2026, 2027, 2026, 2026]
    pace = pace_from([2026, 2027, 2028], {2026: 1, 2027: 2}, {})
    site_year = [2026, 2027, 2026, 2026, 2026]
    result = phase(
        p, centres, earliest, pace, site_year=site_year, last_year_bound=None, bound_seconds=2
    )
    # Each year's value is the exact value of the centres open by then.
    for yv in result.by_year:
        open_ = [c for c, y in zip(centres, result.years, strict=True) if y and y <= yv.year]
        assert yv.value == pytest.approx(value_of(p, open_), abs=1e-7)
        assert yv.open_centres == len(open_)
    # The bound holds for every schedule of the plan's centres, and also for any set of
    # centres at available sites (here: every pair of the centres' sites and sizes).
    best = max(
        sum(
            value_of(p, [c for c, y in zip(centres, s, strict=True) if y and y <= yr.year])
            for yr in pace
        )
        for s in all_schedules(len(centres), pace, earliest)
    )
    assert result.value <= best + 1e-7
    assert result.bound >= best - 1e-6
    assert result.gap == pytest.approx(max(0.0, 1 - result.value / result.bound))
    # Any single centre anywhere available in the first year is under the first bound.
    first = result.by_year[0]
    for j in range(n_sites):
        for k in range(2):
            if site_year[j] <= 2026:
                assert value_of(p, [(j, k)]) <= first.bound + 1e-6
