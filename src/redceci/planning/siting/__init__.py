"""Where to open centres: the capacitated maximal-covering siting model, solved and certified.

Modules depend one way only: ``problem`` (types) <- ``engine`` (greedy state),
``assignment`` (transport LP, results), ``relaxation`` <- ``bound`` (Lagrangian dual, reduced-cost
fixing) <- ``milp`` (MILP arrays, one HiGHS run) <- ``certificate`` (the least valid bound) <-
``search`` (``solve_greedy``) <- ``exact`` (``solve_exact``, HiGHS from the heuristic's plan);
``synthetic`` makes SYNTHETIC covering instances for tests and benchmarks.
"""

from redceci.planning.siting.bound import BoundDetails, lagrangian_bound, lagrangian_bound_details
from redceci.planning.siting.exact import solve_exact
from redceci.planning.siting.problem import (
    OPTIMAL_GAP,
    OpenCentre,
    SitingProblem,
    SitingResult,
    relative_gap,
)
from redceci.planning.siting.search import solve_greedy

__all__ = [
    "OPTIMAL_GAP",
    "BoundDetails",
    "OpenCentre",
    "SitingProblem",
    "SitingResult",
    "lagrangian_bound",
    "lagrangian_bound_details",
    "relative_gap",
    "solve_exact",
    "solve_greedy",
]
