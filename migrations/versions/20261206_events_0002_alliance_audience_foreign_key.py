"""events: an event for an alliance names it by a foreign key (SET NULL if it goes);
a performance withdrawn by its company keeps why and when.

Revision ID: events_0002
Revises: alliance_0002
Create Date: 2026-12-06 07:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "events_0002"
down_revision = "alliance_0002"
branch_labels = None
depends_on = None

FK = "fk_events_audience_alliance_id_alliances"


def _rebuild_events(change) -> None:
    """SQLite adds a foreign key by rebuilding the table, and dropping the old table with
    foreign keys on would first delete every row that cascades from an event
    (registrations, performances, photos...). So on SQLite the rebuild runs with foreign
    keys off (they can change only outside a transaction), checked once it is done."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        with op.batch_alter_table("events", schema=None) as batch_op:
            change(batch_op)
        return
    raw = bind.connection.dbapi_connection
    # The block commits the work before it and begins a transaction of its own (on
    # SQLite, BEGIN IMMEDIATE): that one is ended by hand so the pragma takes effect,
    # and a transaction is open again when the block ends it.
    with op.get_context().autocommit_block():
        raw.execute("COMMIT")
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            raw.execute("BEGIN IMMEDIATE")
            with op.batch_alter_table("events", schema=None) as batch_op:
                change(batch_op)
            raw.execute("COMMIT")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
            raw.execute("BEGIN IMMEDIATE")
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"foreign keys broken after rebuilding events: {broken[:5]}")


def upgrade():
    events = sa.table("events", sa.column("audience_alliance_id", sa.Integer))
    alliances = sa.table("alliances", sa.column("id", sa.Integer))
    # An id that names no alliance could never be honoured: forget it before the key.
    op.execute(
        events.update()
        .where(
            events.c.audience_alliance_id.is_not(None),
            ~events.c.audience_alliance_id.in_(sa.select(alliances.c.id)),
        )
        .values(audience_alliance_id=None)
    )
    _rebuild_events(
        lambda batch_op: batch_op.create_foreign_key(
            FK, "alliances", ["audience_alliance_id"], ["id"], ondelete="SET NULL"
        )
    )
    # Plain ADD COLUMN on both engines: no rebuild of performances.
    op.add_column(
        "performances",
        sa.Column("withdraw_reason", sa.String(length=500), server_default="", nullable=False),
    )
    op.add_column("performances", sa.Column("withdrawn_at", sa.DateTime(), nullable=True))


def downgrade():
    # SQLite (3.35 and later) and PostgreSQL drop a column in place.
    op.execute("ALTER TABLE performances DROP COLUMN withdrawn_at")
    op.execute("ALTER TABLE performances DROP COLUMN withdraw_reason")
    _rebuild_events(lambda batch_op: batch_op.drop_constraint(FK, type_="foreignkey"))
