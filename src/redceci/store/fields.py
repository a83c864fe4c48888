"""Pydantic field types for request bodies of every capability, built on
``platform.validation``: bounded integers, plausible dates, clean text, e-mail addresses.

Use them in every new body schema (``tests/api/test_bounds.py`` checks the whole OpenAPI
document: every integer bounded, every string bounded in length)::

    name: Text200
    born: BirthDate
    places: Annotated[int, Field(ge=0, le=1000)]
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import AfterValidator, Field

from redceci.platform import validation

#: The tables' INTEGER keys (PostgreSQL INTEGER: 2**31 - 1).
MAX_ID = 2**31 - 1

#: A stored id in a body.
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]
#: A date in the platform's plausible range (1900 to 15 years ahead).
PlausibleDate = Annotated[dt.date, AfterValidator(validation.plausible_date)]
#: A child's birth date: not in the future, at most 7 years ago.
BirthDate = Annotated[dt.date, AfterValidator(validation.birth_date)]
#: An e-mail address (lower-cased; no quotes, brackets or spaces).
Email = Annotated[str, Field(max_length=254), AfterValidator(validation.email)]


#: Names and short labels.
Text80 = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(validation.clean_text)]
Text200 = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(validation.clean_text)]
Text300 = Annotated[str, Field(max_length=300), AfterValidator(validation.clean_text)]
#: A phone number (10 to 15 digits, spaces and dashes allowed: ``platform.validation.phone``).
Phone = Annotated[str, Field(max_length=30), AfterValidator(validation.phone)]
#: Opening hours as families read them ("lunes a viernes, 7:00 a 19:00").
Hours = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(validation.clean_text)]
