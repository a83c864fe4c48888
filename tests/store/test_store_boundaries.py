"""Layering of the platform: the store knows nothing of HTTP, the domain nothing of either,
and each package's public surface (``__all__``) is importable."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import redceci

PACKAGE = Path(redceci.__file__).parent


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("store", ("redceci.api", "fastapi", "starlette", "uvicorn", "procrastinate")),
        ("planning", ("redceci.store", "redceci.api", "alembic", "argon2")),
    ],
)
def test_inner_layers_do_not_import_outer_ones(package: str, forbidden: tuple[str, ...]) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in (PACKAGE / package).rglob("*.py")
        for name in imports_of(path)
        if name.startswith(forbidden)
    ]
    assert not offenders, offenders


@pytest.mark.parametrize("module", ["redceci.store", "redceci.api"])
def test_every_exported_name_exists(module: str) -> None:
    package = importlib.import_module(module)
    exported = package.__all__
    assert exported == sorted(exported, key=lambda n: (not n.isupper(), n))
    for name in exported:
        assert hasattr(package, name), f"{module}.{name}"
