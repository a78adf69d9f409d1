"""The search schema that only the migration describes, hidden from autogenerate.

The FTS5 table (and its shadow tables) on SQLite and the tsvector column and its
GIN index on PostgreSQL cannot be expressed in the models for both engines;
`include_name` keeps `flask db migrate` and the models-versus-migrations test
from reading them as something to drop.
"""

from __future__ import annotations

FTS_TABLE = "search_fts"
PG_COLUMNS = {("search_documents", "search_vector")}
PG_INDEXES = {"ix_search_documents_search_vector"}


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's include_name hook: False for the engine-specific search objects."""
    if type_ == "table" and name and (name == FTS_TABLE or name.startswith(FTS_TABLE + "_")):
        return False
    if type_ == "column" and (parent_names.get("table_name"), name) in PG_COLUMNS:
        return False
    return not (type_ == "index" and name in PG_INDEXES)
