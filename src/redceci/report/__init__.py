"""Outputs of a plan: the self-contained HTML report and the sites as CSV and GeoJSON."""

from redceci.report.files import write_plan_csv, write_plan_geojson
from redceci.report.html import render_report, write_report

__all__ = ["render_report", "write_plan_csv", "write_plan_geojson", "write_report"]
