"""Every input the OpenAPI document describes is bounded: each integer path, query or body
field has a maximum (an id beyond the database's range is a 422, not a 500), and each string of
a request body has a maximum length. Checks the whole document, so new routes are covered."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = doc["components"]["schemas"][name]
    return schema


def _leaves(
    doc: dict[str, Any], schema: dict[str, Any], where: str, seen: frozenset[str] = frozenset()
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every scalar schema reachable from ``schema``, with a path naming it."""
    if "$ref" in schema:
        name = schema["$ref"]
        if name in seen:
            return
        yield from _leaves(doc, _resolve(doc, schema), where, seen | {name})
        return
    for key in ("anyOf", "oneOf", "allOf"):
        for i, sub in enumerate(schema.get(key, [])):
            yield from _leaves(doc, sub, f"{where}|{i}", seen)
    for name, sub in schema.get("properties", {}).items():
        yield from _leaves(doc, sub, f"{where}.{name}", seen)
    if isinstance(schema.get("items"), dict):
        yield from _leaves(doc, schema["items"], f"{where}[]", seen)
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _leaves(doc, schema["additionalProperties"], f"{where}{{}}", seen)
    if schema.get("type") in {"integer", "string", "number"}:
        yield where, schema


def _inputs(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """(where, schema, is_body) for every parameter and request-body leaf of the document."""
    for path, item in doc["paths"].items():
        for method, op in item.items():
            for param in op.get("parameters", []):
                where = f"{method.upper()} {path} {param['in']}:{param['name']}"
                for leaf, schema in _leaves(doc, param["schema"], where):
                    yield leaf, schema, False
            for media, content in op.get("requestBody", {}).get("content", {}).items():
                where = f"{method.upper()} {path} body({media})"
                for leaf, schema in _leaves(doc, content["schema"], where):
                    yield leaf, schema, True


def test_every_integer_input_of_the_api_has_a_maximum(app: FastAPI) -> None:
    doc = app.openapi()
    unbounded = [
        where
        for where, schema, _body in _inputs(doc)
        if schema.get("type") == "integer"
        and "maximum" not in schema
        and "exclusiveMaximum" not in schema
    ]
    assert len(list(_inputs(doc))) > 100  # the walk reaches the whole document
    assert not unbounded, "\n".join(unbounded)


def test_every_string_of_a_request_body_has_a_maximum_length(app: FastAPI) -> None:
    doc = app.openapi()
    unbounded = [
        where
        for where, schema, body in _inputs(doc)
        if body
        and schema.get("type") == "string"
        and "maxLength" not in schema
        and "enum" not in schema
        and "pattern" not in schema
        and schema.get("format") not in {"date", "date-time", "time", "binary"}
        and "contentMediaType" not in schema
    ]
    assert not unbounded, "\n".join(unbounded)
