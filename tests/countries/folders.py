"""Where each country pack's real data is for the tests: ``REDCECI_DATA`` names Mexico's (the
suite's default country), and another pack's folder sits beside it (``../shared/data/``)."""

from __future__ import annotations

import os
from pathlib import Path

from redceci.settings import COUNTRY_DATA_FOLDERS, get_settings


def data_dir_of(code: str) -> Path:
    """The data folder of pack ``code``: the settings' default, or beside ``REDCECI_DATA``."""
    given = os.environ.get("REDCECI_DATA")
    if code == "mx" or not given:
        return get_settings(country=code).data if not given else Path(given)
    return Path(given).resolve().parent / COUNTRY_DATA_FOLDERS[code]
