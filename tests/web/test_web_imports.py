"""The pages are thin views over the same services as the API: they share its dependencies
(``redceci.api.deps``, ``redceci.api.sessions``), never a route module's."""

from __future__ import annotations

import ast
from pathlib import Path

import redceci.web

WEB = Path(redceci.web.__file__).parent


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_pages_import_no_api_route_module() -> None:
    pages = sorted(WEB.glob("*.py"))
    offenders = [
        f"{path.name} imports {name}"
        for path in pages
        for name in _imports(path)
        if name.startswith("redceci.api.routes")
    ]
    assert pages
    assert not offenders, offenders
