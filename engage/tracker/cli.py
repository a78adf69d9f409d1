"""The tracker's commands: `flask --app engage tracker remind`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from engage.core import mail
from engage.core.timeutil import utcnow
from engage.core.uploads import discard_stale_pending
from engage.extensions import db
from engage.tracker.problems.reminders import send_reminders
from engage.tracker.whistles.escalation import run_escalations

tracker_cli = AppGroup("tracker", help="The problem library.")


@tracker_cli.command("remind")
def remind() -> None:
    """Send due-soon and overdue reminders, run the whistle escalation stages, and
    discard the photos of refused whistle forms held for more than an hour.

    Idempotent: running it twice sends nothing twice. Run it from cron, e.g. hourly.
    """
    now = utcnow()
    sent = send_reminders(now)
    escalated = run_escalations(now)
    db.session.commit()
    mail.deliver_committed()
    discarded = discard_stale_pending()
    click.echo(
        f"due soon: {sent['due_soon']}, overdue: {sent['overdue']}, escalated: {escalated}, "
        f"held photos discarded: {discarded}"
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(tracker_cli)
