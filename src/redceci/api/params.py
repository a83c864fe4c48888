"""Path and query parameters shared by every capability's routes: stored ids and paging, all
bounded, so an integer beyond the database's range is a 422, never a server error.

``tests/api/test_bounds.py`` checks that every integer parameter of the OpenAPI document has a
maximum: a new route uses these (or its own ``Query(le=...)``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from redceci.store.fields import MAX_ID

#: A stored id in a path (the tables' INTEGER keys).
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
#: Paging: how many items (1-1000) and from which (0 to the largest id).
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=MAX_ID)]
