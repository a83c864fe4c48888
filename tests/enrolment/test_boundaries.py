"""The enrolment package stays pure and its public surface is honest."""

from __future__ import annotations

import ast
from pathlib import Path

import redceci.enrolment as enrolment

PACKAGE = Path(enrolment.__file__).parent
FORBIDDEN = (
    "redceci.data",
    "redceci.report",
    "redceci.store",
    "redceci.api",
    "redceci.web",
    "redceci.cli",
    "redceci.workflow",
    "redceci.settings",
    "fastapi",
    "sqlalchemy",
    "pathlib",
    "typer",
)


def test_enrolment_imports_no_adapter_web_sql_or_file_code() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.startswith(FORBIDDEN)]
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "open":
                offenders.append(f"{path.name}: open()")
    assert not offenders, offenders


def test_every_exported_name_exists_and_is_listed_once() -> None:
    exported = enrolment.__all__
    assert len(exported) == len(set(exported))
    assert all(hasattr(enrolment, name) for name in exported)
    public = {n for n in vars(enrolment) if not n.startswith("_")}
    modules = {n for n in public if type(getattr(enrolment, n)).__name__ == "module"}
    assert public - modules == set(exported)
