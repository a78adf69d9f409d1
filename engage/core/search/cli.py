"""`flask search reindex`: rebuild the search index from every registered kind."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from engage.core import search
from engage.extensions import db


@click.group("search")
def search_group() -> None:
    """The site search index."""


@search_group.command("reindex")
@click.option("--kind", default=None, help="Only this kind (e.g. article).")
@with_appcontext
def reindex(kind: str | None) -> None:
    """Rebuild the index from every registered kind's reindex callable."""
    if kind is not None and kind not in search.kinds():
        raise click.ClickException(
            f"unknown kind {kind!r}; registered: {', '.join(search.kinds()) or 'none'}"
        )
    counts = search.reindex(kind)
    db.session.commit()
    for name, count in counts.items():
        click.echo(f"{name}: {count} documents indexed")
    if not counts:
        click.echo("No kinds are registered; the index is empty.")
