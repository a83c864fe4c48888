"""Accessibility checks in the browser: axe-core (vendored, ``tests/web/vendor/``) run on the
page under test for WCAG 2.0/2.1/2.2 A and AA rules; serious and critical violations fail."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

VENDOR = Path(__file__).parent / "vendor"
AXE = VENDOR / "axe.min.js"
AXE_VERSION = "4.14.1"
#: The rule sets checked (axe's tags).
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
#: Impacts that fail a page.
BLOCKING = ("serious", "critical")


@cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe's serious and critical WCAG violations on the page as it is now (the script is
    evaluated through the DevTools protocol, so the page's strict CSP does not block it)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        "async (tags) => await window.axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        list(WCAG_TAGS),
    )
    return [v for v in results["violations"] if v.get("impact") in BLOCKING]


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation: rule, impact and the first offending elements."""
    lines = []
    for v in violations:
        targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {targets}")
    return "\n".join(lines)


def assert_accessible(page: Any, where: str) -> None:
    """Fail with a readable list when axe finds serious or critical violations."""
    found = axe_violations(page)
    assert not found, f"{where}: {page.url}\n{describe(found)}"
