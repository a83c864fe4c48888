"""Where to open centres: the capacitated maximal-covering siting model, solved and certified.

Modules depend one way only: ``problem`` (types) <- ``engine`` (greedy state) and
``assignment`` (transport LP, results) and ``bound`` (Lagrangian certificate) <- ``search``
(``solve_greedy``) and ``exact`` (``solve_exact``, HiGHS MILP).
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
