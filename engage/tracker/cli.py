"""The tracker's commands: `flask --app engage tracker remind`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from engage.core import mail
from engage.core.timeutil import utcnow
from engage.extensions import db
from engage.tracker.problems.reminders import send_reminders
from engage.tracker.whistles.escalation import run_escalations

tracker_cli = AppGroup("tracker", help="The problem library.")


@tracker_cli.command("remind")
def remind() -> None:
    """Send due-soon and overdue reminders and run the whistle escalation stages.

    Idempotent: running it twice sends nothing twice. Run it from cron, e.g. hourly.
    """
    now = utcnow()
    sent = send_reminders(now)
    escalated = run_escalations(now)
    db.session.commit()
    mail.deliver_committed()
    click.echo(f"due soon: {sent['due_soon']}, overdue: {sent['overdue']}, escalated: {escalated}")


def init_app(app: Flask) -> None:
    app.cli.add_command(tracker_cli)
