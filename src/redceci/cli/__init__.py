"""Command line: ``redceci data check|sources``, ``needs``, ``site-report``, ``plan``,
``programme``, ``db``, ``serve``, ``enrolment demo``, ``health zscores|foods-check|demo`` and ``operations demo``.

Thin: parse options, call one workflow function, print. Results go to standard output;
progress bars and errors to standard error. A user error (bad option, bad file) exits 2 with
the reason; ``data check`` exits 1 when a data file is missing or malformed. One module per
capability (``platform``, ``planning``, ``enrolment``, ``nutrition_health``) holds its commands; ``console`` what
they share.
"""

from __future__ import annotations

import typer

from redceci.cli import enrolment, nutrition_health, operations, planning, platform

app = typer.Typer(help="redceci: planeación de la red de CECI / planning the CECI network.")
app.add_typer(platform.data_app, name="data")
app.command()(planning.needs)
app.command("site-report")(planning.site_report)
app.command()(planning.plan)
app.command()(planning.programme)
app.add_typer(platform.db_app, name="db")
app.add_typer(enrolment.enrolment_app, name="enrolment")
app.command()(platform.serve)
platform.SERVE_DEMOS.append(enrolment.demo_on_serve)
app.add_typer(nutrition_health.health_app, name="health")
app.add_typer(operations.operations_app, name="operations")

__all__ = ["app"]
