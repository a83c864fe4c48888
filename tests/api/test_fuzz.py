"""Fuzzing the API from its own OpenAPI description (schemathesis): whatever the input, no
route answers with a server error (5xx), for an anonymous caller or for an administrator."""

from __future__ import annotations

from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from tests.api.world import World

EXAMPLES_PER_ROUTE = 12


def test_no_input_makes_any_route_fail(app: FastAPI, world: World) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20  # the whole API is described
    failures: list[str] = []
    calls = {"n": 0, "ok": 0}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_ROUTE,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            for headers in ({}, world.headers["admin"]):
                response = case.call(headers=headers, base_url="https://testserver")
                calls["n"] += 1
                calls["ok"] += int(response.status_code < 300)
                if response.status_code >= 500:
                    failures.append(
                        f"{case.method} {case.formatted_path} -> {response.status_code}: "
                        f"{response.text[:200]}"
                    )

        run()
    assert not failures, "\n".join(sorted(set(failures))[:20])
    assert calls["n"] >= 2 * len(operations)
    assert calls["ok"] > 0  # some generated requests get through validation and authorisation
