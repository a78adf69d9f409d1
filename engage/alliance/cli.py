"""The alliance's commands: `flask --app engage alliance remind-inspections`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from engage.extensions import db

alliance_cli = AppGroup("alliance", help="Alliances and peer inspections.")


@alliance_cli.command("remind-inspections")
def remind_inspections() -> None:
    """Remind both sides of inspections due today or tomorrow (once a day). Run daily."""
    from engage.alliance.inspections.services import send_reminders
    from engage.core.timeutil import to_local, utcnow

    sent = send_reminders(to_local(utcnow()).date())
    db.session.commit()
    click.echo(f"inspections reminded: {sent}")


@alliance_cli.command("sixlinks-rollup")
@click.option("--rebuild", is_flag=True, help="Recount every roll-up from the link events.")
def sixlinks_rollup(rebuild: bool) -> None:
    """Check that the six-links roll-ups equal a recount of the events (or rebuild them)."""
    from engage.alliance.sixlinks import rollup

    if rebuild:
        rollup.rebuild()
        db.session.commit()
    wrong = rollup.differences()
    for table, cells in wrong.items():
        click.echo(f"{table}: {len(cells)} cells differ, e.g. {cells[:3]}")
    if wrong:
        raise SystemExit(1)
    click.echo("six-links roll-ups equal a recount of the events")


def init_app(app: Flask) -> None:
    app.cli.add_command(alliance_cli)
