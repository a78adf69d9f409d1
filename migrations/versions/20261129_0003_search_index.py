"""search index: documents, access tags; FTS5 on SQLite, tsvector + GIN on PostgreSQL

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

The engine-specific parts are not in the models (see
engage/core/search/schema.py, which keeps autogenerate from proposing to drop
them). On SQLite a table rebuild (batch_alter_table with a copy) of
search_documents would drop its triggers: recreate them after one.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# SQLite: an FTS5 index over the prepared token text, reading its content from
# search_documents (external content), kept in step by triggers in the same
# transaction. porter stems English; unicode61 folds case and diacritics; each
# CJK character, and each pair of adjacent ones, arrives as its own token (the
# service prepares the text: see engage/core/search/text.py).
SQLITE_UP = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title_tokens, body_tokens, content='search_documents', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_documents_fts_insert AFTER INSERT ON search_documents BEGIN "
    "INSERT INTO search_fts(rowid, title_tokens, body_tokens) "
    "VALUES (new.id, new.title_tokens, new.body_tokens); END",
    "CREATE TRIGGER search_documents_fts_delete AFTER DELETE ON search_documents BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens) "
    "VALUES ('delete', old.id, old.title_tokens, old.body_tokens); END",
    "CREATE TRIGGER search_documents_fts_update "
    "AFTER UPDATE OF title_tokens, body_tokens ON search_documents BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens) "
    "VALUES ('delete', old.id, old.title_tokens, old.body_tokens); "
    "INSERT INTO search_fts(rowid, title_tokens, body_tokens) "
    "VALUES (new.id, new.title_tokens, new.body_tokens); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_documents_fts_update",
    "DROP TRIGGER IF EXISTS search_documents_fts_delete",
    "DROP TRIGGER IF EXISTS search_documents_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

# PostgreSQL: English Snowball stemming without a stop-word list (so "the" or
# "not" are searched as FTS5 searches them), and a generated tsvector column
# (title weighted A, body B) with a GIN index. CJK characters are single "word"
# tokens (and pairs of them) the stemmer leaves alone.
POSTGRESQL_UP = [
    "CREATE TEXT SEARCH DICTIONARY engage_english_stem "
    "(TEMPLATE = snowball, Language = english)",
    "CREATE TEXT SEARCH CONFIGURATION engage_search (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION engage_search ALTER MAPPING FOR "
    "asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH engage_english_stem",
    "ALTER TABLE search_documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('engage_search'::regconfig, title_tokens), 'A') || "
    "setweight(to_tsvector('engage_search'::regconfig, body_tokens), 'B')) STORED",
    # Candidates are ranked by reading their vectors back: keep a row's vector
    # inline (compressed) while the row fits a page, and use lz4 (PostgreSQL
    # 14+, when built with it), which decompresses faster than pglz.
    "ALTER TABLE search_documents SET (toast_tuple_target = 8160)",
    "DO $$ BEGIN EXECUTE 'ALTER TABLE search_documents ALTER COLUMN search_vector "
    "SET COMPRESSION lz4'; EXCEPTION WHEN OTHERS THEN NULL; END $$",
    "CREATE INDEX ix_search_documents_search_vector ON search_documents "
    "USING gin (search_vector)",
]
POSTGRESQL_DOWN = [
    "DROP INDEX IF EXISTS ix_search_documents_search_vector",
    "ALTER TABLE search_documents DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS engage_search",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS engage_english_stem",
]


def upgrade():
    op.create_table('search_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('facet', sa.String(length=100), nullable=True),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('indexed_at', sa.DateTime(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('title_tokens', sa.Text(), nullable=False),
    sa.Column('body_tokens', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_documents')),
    sa.UniqueConstraint('kind', 'object_id', name=op.f('uq_search_documents_kind_object_id'))
    )
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.create_index('ix_search_documents_kind_facet', ['kind', 'facet'], unique=False)

    op.create_table('search_access',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['search_documents.id'], name=op.f('fk_search_access_document_id_search_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('document_id', 'tag', name=op.f('pk_search_access'))
    )
    with op.batch_alter_table('search_access', schema=None) as batch_op:
        batch_op.create_index('ix_search_access_tag_document_id', ['tag', 'document_id'], unique=False)

    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for statement in SQLITE_UP:
            op.execute(statement)
    elif dialect == 'postgresql':
        for statement in POSTGRESQL_UP:
            op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        for statement in SQLITE_DOWN:
            op.execute(statement)
    elif dialect == 'postgresql':
        for statement in POSTGRESQL_DOWN:
            op.execute(statement)

    with op.batch_alter_table('search_access', schema=None) as batch_op:
        batch_op.drop_index('ix_search_access_tag_document_id')

    op.drop_table('search_access')
    with op.batch_alter_table('search_documents', schema=None) as batch_op:
        batch_op.drop_index('ix_search_documents_kind_facet')

    op.drop_table('search_documents')
