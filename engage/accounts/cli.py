"""`flask create-admin`: the first platform admin (safety committee office)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from engage.accounts.auth import services
from engage.accounts.errors import AccountError
from engage.extensions import db


@click.command("create-admin")
@click.argument("email")
@click.option("--name", default="", help="Display name (defaults to the part before @).")
@click.password_option(help="The password (asked for when not given).")
@with_appcontext
def create_admin(email: str, name: str, password: str) -> None:
    """Create a platform admin (safety committee office), or promote an existing user."""
    try:
        user, created = services.create_admin(email, password, name=name or None)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"{'Created' if created else 'Promoted'} admin {user.email}")


def init_app(app: Flask) -> None:
    app.cli.add_command(create_admin)
