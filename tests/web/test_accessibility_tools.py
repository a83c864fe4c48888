"""The vendored axe-core is the pinned version and stays small (well under 1 MiB a file)."""

from __future__ import annotations

from tests.web.accessibility import AXE, AXE_VERSION, VENDOR


def test_the_vendored_axe_is_the_pinned_version() -> None:
    assert AXE.read_text(encoding="utf-8")[:40].startswith(f"/*! axe v{AXE_VERSION}")


def test_every_vendored_file_stays_well_under_one_mebibyte() -> None:
    sizes = {p.name: p.stat().st_size for p in VENDOR.iterdir() if p.is_file()}
    assert sizes and all(size < 800 * 1024 for size in sizes.values()), sizes
