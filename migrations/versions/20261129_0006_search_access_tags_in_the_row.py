"""search: a copy of each document's access tags in its row

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

PostgreSQL checks who may find a document on the row it reads for the match
anyway (`access_tags && :tags`), instead of probing search_access once per
matching document, which took a third of a rare search's time. search_access
stays the source: SQLite probes it by the FTS rowid without reading the long
row, and it is what the tags are compared against when a document changes.
SQLite stores the list as JSON. On SQLite the column is added in place (no
table rebuild), so the FTS triggers on search_documents stay.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.add_column("search_documents", sa.Column(
            "access_tags", postgresql.ARRAY(sa.String(length=64)), nullable=False,
            server_default="{}"))
        op.execute("UPDATE search_documents d SET access_tags = ARRAY("
                   "SELECT a.tag FROM search_access a WHERE a.document_id = d.id "
                   "ORDER BY a.tag)")
        op.alter_column("search_documents", "access_tags", server_default=None)
    else:
        op.add_column("search_documents", sa.Column(
            "access_tags", sa.JSON(), nullable=False, server_default="[]"))
        op.execute("UPDATE search_documents SET access_tags = ("
                   "SELECT json_group_array(tag) FROM (SELECT a.tag FROM search_access a "
                   "WHERE a.document_id = search_documents.id ORDER BY a.tag))")


def downgrade():
    op.drop_column("search_documents", "access_tags")
