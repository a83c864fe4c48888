"""Aggregates safe to show the network: counts in cells smaller than a minimum are suppressed, so
no child can be singled out of a dashboard."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: Smallest cell shown. 10 follows common statistical disclosure practice for small counts (e.g.
#: the US CMS cell-size suppression policy, counts 1-10 not released; ONS and Eurostat apply
#: similar thresholds): a parameter.
MIN_CELL = 10


@dataclass(frozen=True)
class Cell:
    """One aggregate cell: ``n`` children, ``cases`` with the condition; both None when
    suppressed."""

    n: int | None
    cases: int | None
    suppressed: bool

    @property
    def rate(self) -> float | None:
        if self.n is None or self.cases is None or self.n == 0:
            return None
        return self.cases / self.n


def cell(n: int, cases: int, min_cell: int = MIN_CELL) -> Cell:
    """A cell, suppressed when its denominator is below ``min_cell``."""
    if n < min_cell:
        return Cell(None, None, True)
    return Cell(n, cases, False)


def suppress(counts: Mapping[str, tuple[int, int]], min_cell: int = MIN_CELL) -> dict[str, Cell]:
    """Cells by key from (n, cases) pairs."""
    return {key: cell(n, cases, min_cell) for key, (n, cases) in counts.items()}
