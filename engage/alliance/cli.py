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


def init_app(app: Flask) -> None:
    app.cli.add_command(alliance_cli)
