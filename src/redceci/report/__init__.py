"""Reports as files: number formats (``formats``) and SVG geometry (``svg``) every capability
shares, and one sub-package per capability (``planning``: the plan's HTML report, CSV and
GeoJSON)."""
