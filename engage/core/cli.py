"""Command-line commands: demo, mail and search (each domain adds its own in <domain>/cli.py)."""

from __future__ import annotations

from importlib import import_module

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from engage.extensions import db


def _has_users() -> bool:
    """Whether anyone has an account; the users table is found by name (core imports no
    domain)."""
    users = db.metadata.tables["users"]
    return (db.session.scalar(select(func.count()).select_from(users)) or 0) > 0


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no users yet.")
@with_appcontext
def demo(if_empty: bool) -> None:
    """Load the demo park (idempotent: running it again adds nothing twice)."""
    if if_empty and _has_users():
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
    click.echo(
        f"sent {sent}; {waiting} still waiting; {given_up} given up after "
        f"{mail.MAX_ATTEMPTS} attempts (see outbox_messages.last_error)"
    )
    if waiting or given_up:
        raise SystemExit(1)


def init_app(app: Flask) -> None:
    from engage.core.search.cli import search_group

    app.cli.add_command(demo)
    app.cli.add_command(mail_group)
    app.cli.add_command(search_group)
