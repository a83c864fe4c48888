"""The shape of the house, checked: layers point inward, capabilities use only what they may,
no module imports itself round a cycle, and a folder (never a name prefix) says the capability.

The rules (``docs/architecture.md`` explains them):

* **Layers.** Domain packages (one per capability) import no adapter, composition root or I/O
  framework. Adapters import inward only: ``data`` nothing above it; ``store`` no ``api``,
  ``web`` or ``cli``; ``api`` no ``web`` or ``cli``; ``web`` no ``cli``; ``report`` no
  ``store``, ``api`` or ``web``. Pages import no API route module.
* **Capabilities.** ``CAN_USE`` says which capability may use which, in every layer. A shared
  module of an adapter layer (``store/db.py``, ``api/deps.py``, ``web/pages.py`` ...) may use
  only the shared core, ``platform``. The composition modules in ``COMPOSITION`` put the
  capabilities together and may use them all. ``data`` is sliced by source (it is the country's
  data pack), not by capability, and may feed any domain package.
* **Cycles.** No module imports itself through others (imports inside functions and under
  ``TYPE_CHECKING`` count too).
* **Names and sizes.** No module name repeats its folder's name or a capability as a prefix;
  every adapter layer has one sub-package per capability; no module is over ``MAX_LINES``
  unless its docstring says it is one cohesive algorithm.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

import redceci

PACKAGE = Path(redceci.__file__).parent
TESTS = Path(__file__).parent

#: The capabilities, and which others each may use (in the domain and in every adapter).
CAN_USE: dict[str, frozenset[str]] = {
    "platform": frozenset(),
    "planning": frozenset({"platform"}),
    "enrolment": frozenset({"platform", "planning"}),
    "operations": frozenset({"platform", "enrolment"}),
    "nutrition_health": frozenset({"platform", "enrolment", "operations"}),
}
CAPABILITIES = tuple(CAN_USE)
#: Adapter layers, innermost first; each may import only the layers listed for it.
ADAPTERS: dict[str, frozenset[str]] = {
    "data": frozenset(),
    "report": frozenset({"data"}),
    "store": frozenset({"data"}),
    "api": frozenset({"data", "report", "store"}),
    "web": frozenset({"data", "report", "store", "api"}),
    "cli": frozenset({"data", "report", "store", "api", "web"}),
}
#: Adapter layers with one sub-package (``cli``: one module) per capability.
SLICED = ("store", "api", "web", "cli")
#: Modules whose job is to put the capabilities together (the composition roots).
COMPOSITION = frozenset(
    {
        "redceci.app",
        "redceci.cli",
        "redceci.store.tables",
        "redceci.store.testing",
        "redceci.store.migrations.env",
        "redceci.api.routers",
        "redceci.api.worker",
        "redceci.web",
        "redceci.web.home",
    }
)
#: What domain code may never import.
DOMAIN_FORBIDDEN = (
    *(f"redceci.{layer}" for layer in ADAPTERS),
    "redceci.app",
    "redceci.workflow",
    "redceci.settings",
    "redceci.countries",  # the core reads a pack's interface (platform/country.py), given to it
    "fastapi",
    "starlette",
    "sqlalchemy",
    "alembic",
    "typer",
    "rich",
    "jinja2",
    "uvicorn",
    "procrastinate",
    "argon2",
)
MAX_LINES = 600
#: Top-level modules every layer may import: the error tree and the settings.
KERNEL = frozenset({"redceci", "redceci.errors", "redceci.settings"})
#: Top-level modules that belong to one capability: ``workflow`` composes planning's data.
ROOT_CAPABILITY = {"redceci.workflow": "planning"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@cache
def imports(name: str) -> frozenset[str]:
    """Every module ``name`` imports, anywhere in it; ``from pkg import mod`` names ``pkg.mod``."""
    known = modules()
    out: set[str] = set()
    for node in ast.walk(ast.parse(known[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                out.add(sub if sub in known else node.module)
    return frozenset(out)


def internal_imports(name: str) -> Iterator[str]:
    yield from (i for i in imports(name) if i.startswith("redceci.") or i == "redceci")


def place(name: str) -> tuple[str, str | None]:
    """(layer, capability) of a module: layer ``domain``, an adapter, or ``root`` (top-level
    modules); capability None for a layer's shared modules."""
    parts = name.split(".")[1:]
    if not parts or name in ROOT_CAPABILITY:
        return "root", ROOT_CAPABILITY.get(name)
    if parts[0] in CAN_USE:
        return "domain", parts[0]
    if parts[0] in ADAPTERS:
        cap = parts[1] if len(parts) > 1 and parts[1] in CAN_USE else None
        if parts[0] == "cli" and len(parts) > 1 and parts[1] in CAN_USE:
            cap = parts[1]
        return parts[0], cap
    return "root", None


def test_the_modules_are_found() -> None:
    assert {"redceci.store.db", "redceci.api.deps", "redceci.web.pages"} <= set(modules())
    assert imports("redceci.store.platform.accounts") >= {"redceci.store.platform.audit"}


def test_domain_code_imports_no_adapter_framework_or_file_io() -> None:
    offenders = []
    for name, path in modules().items():
        if place(name)[0] != "domain":
            continue
        offenders += [
            f"{name} imports {i}" for i in imports(name) if i.startswith(DOMAIN_FORBIDDEN)
        ]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "open":
                offenders.append(f"{name} calls open()")
    assert not offenders, offenders


def test_adapters_import_only_inner_layers() -> None:
    offenders = []
    for name in modules():
        layer, _ = place(name)
        if layer not in ADAPTERS or name in COMPOSITION:
            continue
        for target in internal_imports(name):
            other, _ = place(target)
            if other in ADAPTERS and other != layer and other not in ADAPTERS[layer]:
                offenders.append(f"{name} ({layer}) imports {target} ({other})")
            if layer != "cli" and target in {"redceci.app", "redceci.cli"}:
                offenders.append(f"{name} imports the composition root {target}")
    assert not offenders, offenders


def test_capabilities_use_only_what_they_may() -> None:
    offenders = []
    for name in modules():
        layer, cap = place(name)
        if name in COMPOSITION or layer in {"root", "data"}:
            continue
        allowed = (
            {"platform"} if cap is None else {cap, *CAN_USE[cap]}
        )  # a layer's shared modules use only the shared core
        for target in internal_imports(name):
            if target in KERNEL:
                continue
            if target in COMPOSITION and layer != "cli":  # the command line starts them
                offenders.append(f"{name} imports the composition module {target}")
                continue
            _, other = place(target)
            if other is not None and other not in allowed:
                offenders.append(f"{name} ({cap or 'shared'}) imports {target} ({other})")
    assert not offenders, offenders


def test_planning_never_uses_enrolment() -> None:
    assert "enrolment" not in CAN_USE["planning"]
    assert "platform" in CAN_USE["enrolment"] and "enrolment" in CAN_USE["operations"]


def _route_modules() -> set[str]:
    """API modules defining a ``router``."""
    out = set()
    for name, path in modules().items():
        if place(name)[0] != "api":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "router" for t in node.targets
            ):
                out.add(name)
    return out


def test_pages_import_no_api_route_module() -> None:
    routes = _route_modules()
    assert "redceci.api.enrolment.families" in routes
    offenders = [
        f"{name} imports {target}"
        for name in modules()
        if place(name)[0] == "web"
        for target in internal_imports(name)
        if target in routes
    ]
    assert not offenders, offenders


def test_no_import_cycle_between_modules() -> None:
    graph = {name: {t for t in internal_imports(name) if t in modules()} for name in modules()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph[v]:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not cycles, cycles


def test_a_folder_not_a_name_prefix_says_the_capability() -> None:
    offenders = []
    for name, path in modules().items():
        if path.name == "__init__.py":
            continue
        folder, stem = path.parent.name, path.stem
        if stem.startswith(f"{folder}_"):
            offenders.append(f"{name}: repeats its folder {folder!r}")
        if place(name)[0] in ADAPTERS and any(stem.startswith(f"{c}_") for c in CAPABILITIES):
            offenders.append(f"{name}: a capability prefix instead of a folder")
    assert not offenders, offenders


@pytest.mark.parametrize("layer", SLICED)
def test_every_sliced_adapter_has_one_place_per_built_capability(layer: str) -> None:
    built = {c for c in CAPABILITIES if (PACKAGE / c).is_dir()}
    present = {
        p.stem if p.is_file() else p.name
        for p in (PACKAGE / layer).iterdir()
        if p.name != "__pycache__" and (p.is_dir() or p.suffix == ".py")
    }
    assert built <= present, f"{layer}/ lacks {sorted(built - present)}"


def test_modules_stay_small_unless_one_cohesive_algorithm() -> None:
    offenders = []
    for name, path in modules().items():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_LINES and "cohesive" not in (
            ast.get_docstring(ast.parse(text)) or ""
        ):
            offenders.append(f"{name}: {text.count(chr(10))} lines")
    assert not offenders, offenders


def test_every_module_opens_with_a_docstring() -> None:
    missing = [
        name
        for name, path in modules().items()
        if path.name != "__init__.py"
        and ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None
    ]
    assert not missing, missing


@pytest.mark.parametrize(
    "package", sorted(n for n, p in modules().items() if p.name == "__init__.py")
)
def test_every_exported_name_exists_and_is_listed_once(package: str) -> None:
    module = importlib.import_module(package)
    exported = getattr(module, "__all__", None)
    if exported is None:
        return
    assert len(exported) == len(set(exported)), package
    assert all(hasattr(module, n) for n in exported), package


def test_tests_mirror_the_package() -> None:
    """A test folder ``tests/<layer>/<capability>/`` exists only where the package has one."""
    orphans = [
        str(d.relative_to(TESTS))
        for d in TESTS.glob("*/*/")
        if d.is_dir()
        and d.name != "__pycache__"
        and d.name in CAN_USE
        and not (PACKAGE / d.parent.name / d.name).exists()
        and not (PACKAGE / d.parent.name / f"{d.name}.py").exists()
    ]
    assert not orphans, orphans
