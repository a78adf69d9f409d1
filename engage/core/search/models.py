"""The search index tables: one document per indexed object, and who may find it.

Engine-specific parts live only in the migration: on SQLite an FTS5
external-content table `search_fts` kept in step by triggers, on PostgreSQL a
generated `search_vector` tsvector column with a GIN index. Nothing but
engage.core.search reads or writes these tables.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.core.models import UTCDateTime
from engage.core.timeutil import utcnow
from engage.extensions import db


class SearchDocument(db.Model):
    """What one object (kind, object_id) contributes to the search index."""

    __tablename__ = "search_documents"
    __table_args__ = (
        UniqueConstraint("kind", "object_id"),
        Index("ix_search_documents_kind_facet", "kind", "facet"),
    )

    # Small columns first: SQLite reads a row's columns in order, so filters on
    # kind and facet never touch the long text at the end.
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    object_id: Mapped[int] = mapped_column(Integer, nullable=False)
    facet: Mapped[str | None] = mapped_column(String(100))
    url: Mapped[str] = mapped_column(String(500), nullable=False)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    title: Mapped[str] = mapped_column(Text, nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # The text as the engines tokenise it (see core.search.text.prepare).
    title_tokens: Mapped[str] = mapped_column(Text, nullable=False, default="")
    body_tokens: Mapped[str] = mapped_column(Text, nullable=False, default="")

    # The access tags again, in the row: PostgreSQL checks them on the row it
    # reads for the match anyway, instead of probing search_access once per
    # match. search_access stays the source (SQLite searches with it).
    access_tags: Mapped[list[str]] = mapped_column(
        ARRAY(String(64)).with_variant(JSON(), "sqlite"), nullable=False, default=list
    )

    access: Mapped[list[SearchAccess]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )


class SearchAccess(db.Model):
    """One access tag of a document: readers holding the tag may find it."""

    __tablename__ = "search_access"
    __table_args__ = (Index("ix_search_access_tag_document_id", "tag", "document_id"),)

    document_id: Mapped[int] = mapped_column(
        ForeignKey("search_documents.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(64), primary_key=True)

    document: Mapped[SearchDocument] = relationship(back_populates="access")
