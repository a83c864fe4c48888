"""How a model parameter is declared: a pydantic field with its description and its source (a
citation, or the word ASSUMPTION with the reasoning)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

ASSUMPTION = "ASSUMPTION"


def sourced(default: Any, description: str, source: str, **kw: Any) -> Any:
    """A field whose JSON schema carries ``source`` (shown in the report's assumptions table)."""
    return Field(default, description=description, json_schema_extra={"source": source}, **kw)
