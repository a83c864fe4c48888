"""Fuzzing the API from its own OpenAPI description (schemathesis): whatever the input, no
route answers with a server error (5xx), for an anonymous caller, an administrator and a
parent; each answer carries the security headers and never echoes a long input back. A
stateful run chains the operations schemathesis links (create a centre, then read, change,
move and delete it ...), so generated ids reach real rows.

Examples per route: ``REDCECI_FUZZ_EXAMPLES`` (default 12; CI runs 20), stateful sequences:
``REDCECI_FUZZ_SEQUENCES`` (default 15; CI 40). Seeded: a failure is reproducible."""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, seed, settings

from tests.api.world import World

IN_CI = os.environ.get("CI") == "true"
EXAMPLES_PER_ROUTE = int(os.environ.get("REDCECI_FUZZ_EXAMPLES", 20 if IN_CI else 12))
SEQUENCES = int(os.environ.get("REDCECI_FUZZ_SEQUENCES", 40 if IN_CI else 15))
#: The longest answer to a refused request: a reason and short excerpts, never the input.
MAX_PROBLEM_BYTES = 20_000


def problems_of(response: Any, label: str) -> list[str]:
    """What is wrong with one answer (empty when nothing is)."""
    found = []
    if response.status_code >= 500:
        found.append(f"{label} -> {response.status_code}: {response.text[:200]}")
    if "content-security-policy" not in response.headers:
        found.append(f"{label}: no Content-Security-Policy")
    if 400 <= response.status_code < 500 and len(response.content) > MAX_PROBLEM_BYTES:
        found.append(f"{label} -> {response.status_code}: {len(response.content)} bytes")
    return found


def test_no_input_makes_any_route_fail(app: FastAPI, world: World) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20  # the whole API is described
    failures: list[str] = []
    calls = {"n": 0, "ok": 0}
    callers = ({}, world.headers["admin"], world.headers["parent"])
    for operation in operations:

        @seed(15)
        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_ROUTE,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            for headers in callers:
                response = case.call(headers=headers, base_url="https://testserver")
                calls["n"] += 1
                calls["ok"] += int(response.status_code < 300)
                failures.extend(problems_of(response, f"{case.method} {case.formatted_path}"))

        run()
    assert not failures, "\n".join(sorted(set(failures))[:20])
    assert calls["n"] >= 3 * len(operations)
    assert calls["ok"] > 0  # some generated requests get through validation and authorisation


def test_chained_operations_never_fail(app: FastAPI, world: World) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    base = schema.as_state_machine()
    failures: list[str] = []
    steps = {"n": 0}

    class Chained(base):  # type: ignore[valid-type, misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": world.headers["admin"], "base_url": "https://testserver"}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            steps["n"] += 1
            failures.extend(problems_of(response, f"{case.method} {case.formatted_path}"))

    assert len(Chained.bundles) > 3  # schemathesis found links between operations
    Chained.run(
        settings=settings(
            max_examples=SEQUENCES,
            stateful_step_count=6,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )
    assert not failures, "\n".join(sorted(set(failures))[:20])
    assert steps["n"] >= SEQUENCES
