"""The growth chart: a child's measurements over the WHO curves (-3, -2, 0, +2, +3 SD), as SVG
coordinates for the template."""

from __future__ import annotations

from typing import Any

WIDTH, HEIGHT, PAD = 640.0, 360.0, 40.0


def growth_chart(growth: dict[str, Any], measure: str) -> dict[str, Any]:
    """Lines and points of one chart (``measure``: ``"weight"`` or ``"length"``), x = age in
    days, y = kg or cm, scaled to the child's age range plus a margin."""
    curves = growth["curves"]
    days: list[int] = curves["days"]
    points = [
        (m["age_days"], m["weight_kg" if measure == "weight" else "length_cm"], m)
        for m in growth["measurements"]
    ]
    points = [(a, v, m) for a, v, m in points if v is not None]
    last_age = max([a for a, _, _ in points], default=365)
    x_max = min(max(last_age + 180, 365), days[-1])
    keep = [i for i, d in enumerate(days) if d <= x_max]
    lines = {k: [curves[measure][k][i] for i in keep] for k in curves[measure]}
    values = [v for series in lines.values() for v in series] + [v for _, v, _ in points]
    y_min, y_max = min(values) * 0.95, max(values) * 1.05

    def x(day: float) -> float:
        return round(PAD + (day / x_max) * (WIDTH - 2 * PAD), 1)

    def y(value: float) -> float:
        return round(
            float(HEIGHT - PAD - (value - y_min) / (y_max - y_min) * (HEIGHT - 2 * PAD)), 1
        )

    paths = {
        k: " ".join(f"{x(days[i])},{y(v)}" for i, v in zip(keep, series, strict=True))
        for k, series in lines.items()
    }
    ticks_x = list(range(0, int(x_max) + 1, 365 if x_max > 730 else 91))
    step = 2 if measure == "weight" else 10
    first = int(y_min // step + 1) * step
    ticks_y = list(range(first, int(y_max) + 1, step))
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "pad": PAD,
        "lines": paths,
        "points": [
            {"x": x(a), "y": y(v), "value": v, "on": m["measured_on"], "flags": m["flags"]}
            for a, v, m in points
        ],
        "ticks_x": [{"x": x(d), "label": f"{d / 30.4375:.0f}"} for d in ticks_x],
        "ticks_y": [{"y": y(v), "label": str(v)} for v in ticks_y],
    }
