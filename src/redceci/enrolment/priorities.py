"""Priority rules and the seeded family lottery that orders applicants at each (centre, room).

A policy is an ordered tuple of typed rules, compared lexicographically: an applicant meeting the
first rule comes before every applicant who does not, whatever the later rules say; ties are
broken by the family's lottery number (siblings share it) and then by the order of the children
within the family. No rule is a string evaluated at run time.

IMSS's own enrolment priority rules were NOT FOUND (domain-facts.md, section 2); the default order
follows Chile's SAE (siblings first) and the CDMX CACI rules upheld by the SCJN (AI 215/2020:
working single mothers), and is an ASSUMPTION to be set by the network administrator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Protocol

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "DEFAULT_POLICY",
    "ChildDisability",
    "PriorityContext",
    "PriorityPolicy",
    "PriorityRule",
    "SiblingEnrolled",
    "SingleWorkingParent",
    "SponsorEmployee",
    "family_lottery",
]

BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class PriorityContext:
    """Everything a rule may look at, as arrays over pairs (child, centre), children, families.

    ``family_employers`` is (n_families, k) employer codes, -1 for none; ``centre_sponsor`` the
    sponsoring company's code per centre (-1: not a CECI Empresa centre); ``sibling_codes`` the
    sorted codes ``family * n_centres + centre`` of centres where the family already has a child
    enrolled.
    """

    pair_child: IntArray
    pair_centre: IntArray
    child_family: IntArray
    child_disability: BoolArray
    family_single_parent: BoolArray
    family_employers: IntArray
    centre_sponsor: IntArray
    sibling_codes: IntArray
    n_centres: int

    @property
    def pair_family(self) -> IntArray:
        return self.child_family[self.pair_child]

    def sponsor_employee(self) -> BoolArray:
        """Per pair: a guardian works for the company sponsoring that centre."""
        sponsor = self.centre_sponsor[self.pair_centre]
        employers = self.family_employers[self.pair_family]
        if employers.ndim == 1:
            employers = employers[:, None]
        return np.asarray((sponsor >= 0) & (employers == sponsor[:, None]).any(axis=1), dtype=bool)


class PriorityRule(Protocol):
    """A rule gives each (child, centre) pair a yes/no; it carries its name and its source."""

    name: ClassVar[str]
    description: ClassVar[str]
    source: ClassVar[str]

    def applies(self, ctx: PriorityContext) -> BoolArray:
        """Per pair of ``ctx``, whether the rule applies."""
        ...


@dataclass(frozen=True)
class SiblingEnrolled:
    """A brother or sister is already enrolled at the centre (any room)."""

    name: ClassVar[str] = "sibling_enrolled"
    description: ClassVar[str] = "Un hermano ya inscrito en el centro / a sibling already enrolled"
    source: ClassVar[str] = "Chile SAE: siblings first (Correa et al., Operations Research 2022)"

    def applies(self, ctx: PriorityContext) -> BoolArray:
        codes = ctx.pair_family * ctx.n_centres + ctx.pair_centre
        return np.isin(codes, ctx.sibling_codes)


@dataclass(frozen=True)
class SingleWorkingParent:
    """One guardian only, and that guardian works."""

    name: ClassVar[str] = "single_working_parent"
    description: ClassVar[str] = "Madre o padre solo que trabaja / single working parent"
    source: ClassVar[str] = "SCJN AI 215/2020 upheld CDMX CACI priority for working single mothers"

    def applies(self, ctx: PriorityContext) -> BoolArray:
        return ctx.family_single_parent[ctx.pair_family]


@dataclass(frozen=True)
class ChildDisability:
    """The child has a disability."""

    name: ClassVar[str] = "child_disability"
    description: ClassVar[str] = "Niña o niño con discapacidad / child with a disability"
    source: ClassVar[str] = "ASSUMPTION: IMSS priority rules NOT FOUND (domain-facts.md)"

    def applies(self, ctx: PriorityContext) -> BoolArray:
        return ctx.child_disability[ctx.pair_child]


@dataclass(frozen=True)
class SponsorEmployee:
    """A guardian works for the company sponsoring the (CECI Empresa) centre.

    Reserved places are for these applicants whether or not the rule is in the policy; in the
    policy it also ranks them first for the open places of the sponsor's centre.
    """

    name: ClassVar[str] = "sponsor_employee"
    description: ClassVar[str] = "Trabaja en la empresa patrocinadora / sponsor-company employee"
    source: ClassVar[str] = "CECI Empresa scheme, Consejo Técnico IMSS, 29 Jan 2025"

    def applies(self, ctx: PriorityContext) -> BoolArray:
        return ctx.sponsor_employee()


@dataclass(frozen=True)
class PriorityPolicy:
    """Rules in order of importance; the tier of a pair is the bit pattern of rules met."""

    rules: tuple[PriorityRule, ...] = field(
        default_factory=lambda: (SiblingEnrolled(), ChildDisability(), SingleWorkingParent())
    )

    @property
    def n_tiers(self) -> int:
        """Number of ordinary tiers; tier ``n_tiers`` is the guaranteed current seat."""
        return 1 << len(self.rules)

    def tiers(self, ctx: PriorityContext) -> IntArray:
        """Per pair, an integer whose bits are the rules met, the first rule the highest bit."""
        tier = np.zeros(len(ctx.pair_child), dtype=np.int64)
        for rule in self.rules:
            tier = (tier << 1) | rule.applies(ctx).astype(np.int64)
        return tier

    def describe(self, tier: int) -> tuple[str, ...]:
        """Names of the rules met by a tier (the guaranteed seat is named ``current_seat``)."""
        if tier >= self.n_tiers:
            return ("current_seat",)
        k = len(self.rules)
        return tuple(r.name for i, r in enumerate(self.rules) if tier >> (k - 1 - i) & 1)


DEFAULT_POLICY = PriorityPolicy()


def family_lottery(n_families: int, seed: int) -> IntArray:
    """Lottery number per family (0 is drawn first): a permutation from NumPy's PCG64 seeded
    with the published ``seed``, so anyone can re-draw it."""
    rng = np.random.Generator(np.random.PCG64(seed))
    return rng.permutation(n_families).astype(np.int64)
