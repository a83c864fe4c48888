"""The map library is served by the platform: pinned versions, their licences beside them, the
files shipped in the package, and no page asking a CDN or a tile server for anything."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from redceci.web.pages import HERE

ROOT = Path(__file__).resolve().parents[2]
VENDOR = HERE / "static" / "vendor"
SCRIPT = ROOT / "scripts" / "vendor-maps.sh"


def test_the_pinned_versions_are_the_ones_vendored() -> None:
    script = SCRIPT.read_text(encoding="utf-8")
    leaflet = re.search(r"^LEAFLET=(\S+)$", script, re.M)
    cluster = re.search(r"^CLUSTER=(\S+)$", script, re.M)
    assert leaflet and cluster
    assert (leaflet[1], cluster[1]) == ("1.9.4", "1.5.3")
    versions = (VENDOR / "VERSIONS.txt").read_text(encoding="utf-8")
    assert f"leaflet {leaflet[1]} " in versions
    assert f"leaflet.markercluster {cluster[1]} " in versions
    assert f"Leaflet {leaflet[1]}" in (VENDOR / "leaflet" / "leaflet.js").read_text()[:200]


@pytest.mark.parametrize("library", ["leaflet", "leaflet.markercluster"])
def test_each_library_ships_with_its_licence(library: str) -> None:
    licence = (VENDOR / library / "LICENSE").read_text(encoding="utf-8")
    assert "Permission" in licence or "Redistribution" in licence


def test_the_package_data_ships_every_static_file() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["package-data"]["redceci"]
    package = HERE.parent
    for path in (HERE / "static").rglob("*"):
        if path.is_file():
            name = path.relative_to(package).as_posix()
            assert any(glob(p).fullmatch(name) for p in patterns), name


def glob(pattern: str) -> re.Pattern[str]:
    """A package-data pattern as setuptools reads it: ``*`` never crosses a ``/``."""
    return re.compile("".join("[^/]*" if c == "*" else re.escape(c) for c in pattern))


def test_the_pages_scripts_and_styles_name_no_other_server() -> None:
    ours = [
        HERE / "static" / "maps.js",
        HERE / "static" / "maps.css",
        HERE / "templates" / "_map.html",
    ]
    for path in ours:
        assert not re.search(r"https?://", path.read_text(encoding="utf-8")), path
