"""`flask events expire`: offers past their confirm deadline pass to the next in line."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from engage.extensions import db

events_cli = AppGroup("events", help="Safety-month events.")


@events_cli.command("expire")
def expire() -> None:
    """Expire unconfirmed seat offers and promote the next waiting (run it every few minutes)."""
    from engage.events.registration import services

    n = services.expire_offers()
    db.session.commit()
    click.echo(f"{n} offers expired")


def init_app(app: Flask) -> None:
    app.cli.add_command(events_cli)
