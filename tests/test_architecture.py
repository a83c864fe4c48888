"""Dependencies point inward: domain packages import no adapter, web, SQL or file reader."""

from __future__ import annotations

import ast
from pathlib import Path

import redceci

PACKAGE = Path(redceci.__file__).parent
DOMAIN = ("planning", "enrolment")
FORBIDDEN = (
    "redceci.data",
    "redceci.report",
    "redceci.cli",
    "redceci.workflow",
    "redceci.settings",
    "redceci.store",
    "redceci.api",
    "redceci.web",
    "fastapi",
    "sqlalchemy",
    "typer",
    "rich",
    "jinja2",
)


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_code_imports_no_adapter() -> None:
    offenders = []
    for package in DOMAIN:
        for path in (PACKAGE / package).rglob("*.py"):
            for name in imports_of(path):
                if name.startswith(FORBIDDEN):
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not offenders, offenders


def test_every_module_opens_with_a_docstring() -> None:
    missing = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if p.name != "__init__.py"
        and ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None
    ]
    assert not missing, missing
