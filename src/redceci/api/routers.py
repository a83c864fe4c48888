"""Every capability's API routers, in the order they are served, and their OpenAPI tags."""

from __future__ import annotations

from redceci.api.enrolment import centres as enrolment_centres
from redceci.api.enrolment import families, privacy, rounds
from redceci.api.nutrition_health import intake as nutrition_intake
from redceci.api.nutrition_health import menus as nutrition_menus
from redceci.api.nutrition_health import records as health_records
from redceci.api.operations import centres as operations_centres
from redceci.api.operations import children as operations_children
from redceci.api.operations import network as operations_network
from redceci.api.planning import plots, proposals, scenarios
from redceci.api.platform import audit, auth, centres, health, registration, users
from redceci.api.routing import CapabilityRouter

#: The routers of the API, platform first (``CapabilityRouter``s: a request passes the others at a
#: glance).
ROUTERS: tuple[CapabilityRouter, ...] = (
    health.router,
    auth.router,
    users.router,
    centres.router,
    proposals.router,
    scenarios.router,
    plots.router,
    families.router,
    enrolment_centres.router,
    rounds.router,
    nutrition_menus.router,
    nutrition_intake.router,
    health_records.router,
    operations_centres.router,
    operations_children.router,
    operations_network.router,
    privacy.router,
    audit.router,
    registration.router,
)

#: The OpenAPI tags, in the order the documentation shows them.
TAGS = [
    {"name": "auth", "description": "Sessions, tokens, who am I"},
    {"name": "users", "description": "Accounts, roles and organisations (admin)"},
    {"name": "centres", "description": "The CECI registry and its status pipeline"},
    {"name": "proposals", "description": "Partner site proposals and their review"},
    {"name": "scenarios", "description": "Planning runs as background jobs"},
    {"name": "plots", "description": "Plots offered for centres, their site reports and review"},
    {"name": "enrolment", "description": "Families, applications, rounds and waitlist"},
    {"name": "nutrition", "description": "Recipes, menus under the model's rules, kitchens"},
    {"name": "child health", "description": "Allergies, growth, vaccines, development, medication"},
    {
        "name": "operations",
        "description": "The centre's day: events, live board, roll-call, reports, indicators",
    },
    {"name": "audit", "description": "Who changed what and when (admin)"},
    {"name": "health", "description": "Liveness"},
]
