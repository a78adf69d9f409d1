"""Command-line commands: create-admin, demo, mail."""

from __future__ import annotations

from importlib import import_module

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from engage.extensions import db


@click.command("create-admin")
@click.argument("email")
@click.option("--name", default="", help="Display name (defaults to the part before @).")
@click.password_option(help="The password (asked for when not given).")
@with_appcontext
def create_admin(email: str, name: str, password: str) -> None:
    """Create a platform admin (safety committee office), or promote an existing user."""
    from engage.accounts import services

    try:
        user, created = services.create_admin(email, password, name=name or None)
    except services.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"{'Created' if created else 'Promoted'} admin {user.email}")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no users yet.")
@with_appcontext
def demo(if_empty: bool) -> None:
    """Load the demo park (idempotent: running it again adds nothing twice)."""
    from engage.accounts.models import User

    if if_empty and db.session.scalar(select(func.count(User.id))):
        click.echo("The database has users already; the demo park was not loaded.")
        return
    for name in current_app.extensions["engage_domains"]:
        try:
            module = import_module(f"engage.{name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"engage.{name}.demo":
                raise
            continue
        module.load()
        db.session.commit()
        click.echo(f"demo: {name} loaded")


@click.group("mail")
def mail_group() -> None:
    """The mail outbox."""


@mail_group.command("send")
@with_appcontext
def mail_send() -> None:
    """Send the mail that is still waiting in the outbox (exit status 1 when some fails)."""
    from engage.core import mail

    sent = mail.send_pending()
    waiting, given_up = mail.unsent_counts()
    click.echo(f"sent {sent}; {waiting} still waiting; {given_up} given up after "
               f"{mail.MAX_ATTEMPTS} attempts (see outbox_messages.last_error)")
    if waiting or given_up:
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    app.cli.add_command(create_admin)
    app.cli.add_command(demo)
    app.cli.add_command(mail_group)
