"""tracker: an index to count what awaits verification from the index alone

Revision ID: tracker_0002
Revises: events_0002
Create Date: 2026-12-06

A supervisor's My work and home count every problem awaiting verification that
they did not rectify themselves; with (status, rectified_by_id) indexed the count
reads the index only (a park of 100,000 problems: 27 ms to 0.5 ms on SQLite).
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "tracker_0002"
down_revision = "events_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_problems_status_rectified_by", "problems", ["status", "rectified_by_id"])


def downgrade() -> None:
    op.drop_index("ix_problems_status_rectified_by", table_name="problems")
