"""The search service: kinds register here, objects are indexed and found here."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from markupsafe import Markup
from sqlalchemy import delete, insert, select

from engage.core.search import backends
from engage.core.search.models import SearchAccess, SearchDocument
from engage.core.search.text import (
    Highlighter,
    Term,
    clean_query,
    collapse_spaces,
    parse_query,
    prepare,
)
from engage.core.timeutil import utcnow
from engage.extensions import db

MAX_PER_PAGE = 50


@dataclass(frozen=True)
class Kind:
    """A registered kind of document (article, problem, ...)."""

    key: str
    label: object  # a lazy string
    reindex: Callable[[], Iterable[Document]] | None = None
    facets: Callable[[], Iterable[tuple[str, str]]] | None = None
    facet_label: object = None


_kinds: dict[str, Kind] = {}


def register_kind(
    kind: str,
    *,
    label,
    reindex: Callable[[], Iterable[Document]] | None = None,
    facets: Callable[[], Iterable[tuple[str, str]]] | None = None,
    facet_label=None,
) -> Kind:
    """Make `kind` a type of search result, shown as a filter on the results page.

    `reindex()` yields every Document of the kind, for `flask search reindex`.
    Optional `facets()` yields (facet value, label) pairs offered as a second
    filter (e.g. the categories) when the results are narrowed to this kind,
    under the heading `facet_label`. Registering the same key again replaces it.
    """
    if not kind or len(kind) > 40:
        raise ValueError("a kind key is 1 to 40 characters")
    registered = Kind(kind, label, reindex, facets, facet_label)
    _kinds[kind] = registered
    return registered


def unregister_kind(kind: str) -> None:
    """Forget a kind (tests)."""
    _kinds.pop(kind, None)


def kinds() -> dict[str, Kind]:
    """The registered kinds, in registration order."""
    return dict(_kinds)


@dataclass
class Document:
    """What is indexed for one object. See docs/search.md."""

    kind: str
    object_id: int
    title: str
    url: str
    access: list[str]
    body: str = ""
    facet: str | None = None
    updated_at: datetime | None = None


def _row_values(document: Document) -> dict:
    if not document.access:
        raise ValueError(
            f"{document.kind}:{document.object_id} has no access tags: nobody could find it"
        )
    if any(not tag or len(tag) > 64 for tag in document.access):
        raise ValueError("an access tag is 1 to 64 characters")
    if not document.kind or len(document.kind) > 40:
        raise ValueError("a kind key is 1 to 40 characters")
    if (
        len(document.url or "") > 500
        or not document.url.startswith("/")
        or document.url.startswith("//")
    ):
        raise ValueError("a document's url is a path on this site (/...), at most 500 characters")
    if document.facet is not None and len(document.facet) > 100:
        raise ValueError("a facet is at most 100 characters")
    # NUL cannot be stored in PostgreSQL text; nobody searches for it.
    title = collapse_spaces((document.title or "").replace("\x00", ""))
    body = collapse_spaces((document.body or "").replace("\x00", ""))
    return {
        "kind": document.kind,
        "object_id": int(document.object_id),
        "facet": document.facet,
        "url": document.url,
        "updated_at": document.updated_at,
        "indexed_at": utcnow(),
        "title": title,
        "body": body,
        "title_tokens": prepare(title),
        "body_tokens": prepare(body),
        "access_tags": sorted(set(document.access)),
    }


def index(document: Document) -> None:
    """Insert or replace the (kind, object_id) document. Flushes; the caller commits.

    Call it in the same transaction as the change that makes the text, or who
    may read it, different.
    """
    values = _row_values(document)
    row = db.session.scalar(
        select(SearchDocument).where(
            SearchDocument.kind == document.kind, SearchDocument.object_id == values["object_id"]
        )
    )
    if row is None:
        row = SearchDocument(**values)
        db.session.add(row)
    else:
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
    wanted = values["access_tags"]
    if sorted(a.tag for a in row.access) != wanted:
        row.access = [a for a in row.access if a.tag in wanted] + [
            SearchAccess(tag=tag) for tag in wanted if tag not in {a.tag for a in row.access}
        ]
    db.session.flush()


def remove(kind: str, object_id: int) -> None:
    """Take (kind, object_id) out of the index, if it is there. Flushes."""
    row = db.session.scalar(
        select(SearchDocument).where(
            SearchDocument.kind == kind, SearchDocument.object_id == int(object_id)
        )
    )
    if row is not None:
        db.session.delete(row)
        db.session.flush()


def index_many(documents: Iterable[Document], *, batch: int = 1000) -> int:
    """Insert many new documents fast (reindex, benchmarks). Flushes; returns the count.

    The (kind, object_id) pairs must not be indexed yet: call clear() first.
    """
    count = 0
    chunk: list[Document] = []

    def flush_chunk() -> None:
        values = [_row_values(d) for d in chunk]
        ids = db.session.scalars(
            insert(SearchDocument).returning(SearchDocument.id, sort_by_parameter_order=True),
            values,
        ).all()
        tags = [
            {"document_id": doc_id, "tag": tag}
            for doc_id, d in zip(ids, chunk, strict=True)
            for tag in sorted(set(d.access))
        ]
        if tags:
            db.session.execute(insert(SearchAccess), tags)

    for document in documents:
        chunk.append(document)
        count += 1
        if len(chunk) >= batch:
            flush_chunk()
            chunk = []
    if chunk:
        flush_chunk()
    db.session.flush()
    return count


def clear(kind: str | None = None) -> None:
    """Remove every document (of one kind). Flushes."""
    docs = select(SearchDocument.id)
    if kind is not None:
        docs = docs.where(SearchDocument.kind == kind)
    db.session.execute(delete(SearchAccess).where(SearchAccess.document_id.in_(docs)))
    stmt = delete(SearchDocument)
    if kind is not None:
        stmt = stmt.where(SearchDocument.kind == kind)
    db.session.execute(stmt.execution_options(synchronize_session=False))
    db.session.expire_all()


def reindex(kind: str | None = None) -> dict[str, int]:
    """Rebuild the index of every registered kind (or one) from its reindex callable.

    Documents of kinds nobody registers any more are dropped. Flushes; returns
    {kind: documents indexed}.
    """
    targets = [_kinds[kind]] if kind is not None else list(_kinds.values())
    if kind is None:
        stale = db.session.scalars(select(SearchDocument.kind).distinct()).all()
        for name in stale:
            if name not in _kinds:
                clear(name)
    counts = {}
    for target in targets:
        clear(target.key)
        counts[target.key] = index_many(target.reindex()) if target.reindex else 0
    return counts


def tags_for(user) -> list[str]:
    """The access tags `user` holds (anonymous included); see SEARCH_API.md."""
    tags = ["public"]
    if user is None or not getattr(user, "is_authenticated", False):
        return tags
    tags.append("members")
    if getattr(user, "id", None) is not None:
        tags.append(f"user:{user.id}")
    if getattr(user, "company_id", None):
        tags.append(f"company:{user.company_id}")
    if getattr(user, "department_id", None):
        tags.append(f"department:{user.department_id}")
    if getattr(user, "is_park_staff", False):
        tags.append("staff")
    if getattr(user, "is_admin", False):
        tags.append("admin")
    return tags


@dataclass
class Hit:
    """One search result."""

    kind: str
    object_id: int
    url: str
    title: str
    title_html: Markup
    snippet_html: Markup
    rank: float
    facet: str | None
    updated_at: datetime | None

    @property
    def kind_label(self):
        registered = _kinds.get(self.kind)
        return registered.label if registered else self.kind


@dataclass
class SearchPage:
    """One page of results. `total` is exact up to WINDOW; past it,
    `total_capped` is true and the page says "more than WINDOW"."""

    query: str
    terms: list[Term]
    items: list[Hit] = field(default_factory=list)
    total: int = 0
    total_capped: bool = False
    page: int = 1
    per_page: int = 20
    truncated: bool = False

    @property
    def pages(self) -> int:
        return max(math.ceil(self.total / self.per_page), 1) if self.total else 0

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    def iter_pages(
        self, left_edge: int = 1, left_current: int = 2, right_current: int = 2, right_edge: int = 1
    ):
        """Page numbers with None for gaps, like Flask-SQLAlchemy's Pagination."""
        last = 0
        for n in range(1, self.pages + 1):
            if (
                n <= left_edge
                or self.page - left_current <= n <= self.page + right_current
                or n > self.pages - right_edge
            ):
                if last and n - last > 1:
                    yield None
                yield n
                last = n


def query(
    q: object,
    *,
    user,
    kinds: list[str] | None = None,
    facet: str | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """Search the index as `user` sees it: ranked, highlighted, one page.

    Anyone may call it; only documents with one of tags_for(user) are found.
    Never raises on odd input: a query with no letters, digits or CJK
    characters finds nothing, a query past MAX_QUERY_LENGTH is cut.
    """
    text, truncated = clean_query(q)
    terms = parse_query(text)
    per_page = min(max(int(per_page), 1), MAX_PER_PAGE)
    last_page = math.ceil(backends.WINDOW / per_page)
    page = min(max(int(page), 1), last_page)
    result = SearchPage(query=text, terms=terms, page=page, per_page=per_page, truncated=truncated)
    if not terms:
        return result
    if kinds:
        kinds = [k for k in kinds if isinstance(k, str) and k.isprintable()]
        if not kinds:
            return result  # no document is of such a kind
    else:
        kinds = None
    if facet is not None and not (isinstance(facet, str) and facet.isprintable()):
        return result  # no document has such a facet
    facet = facet or None
    search = backends.backend_for(db.session.get_bind().dialect.name)
    raw = search(
        db.session,
        terms,
        tags_for(user),
        kinds=kinds,
        facet=facet,
        limit=per_page,
        offset=(page - 1) * per_page,
    )
    result.total, result.total_capped = raw.total, raw.capped
    marker = Highlighter(terms)
    for _id, kind, object_id, url, title, body, facet_value, updated_at, score in raw.rows:
        result.items.append(
            Hit(
                kind=kind,
                object_id=object_id,
                url=url,
                title=title,
                title_html=marker.highlight(title),
                snippet_html=marker.snippet(body),
                rank=float(score),
                facet=facet_value,
                updated_at=_aware(updated_at),
            )
        )
    return result


def matching_ids(q: object, *, user, kind: str) -> list[int] | None:
    """The object ids of `kind` that `user` may see and that match `q`: at most
    WINDOW, the newest first; None when `q` has nothing to search for.

    For a list page that narrows its own query by these ids (one statement)."""
    text, _truncated = clean_query(q)
    terms = parse_query(text)
    if not terms:
        return None
    search = backends.backend_for(db.session.get_bind().dialect.name)
    raw = search(
        db.session,
        terms,
        tags_for(user),
        kinds=[kind],
        facet=None,
        limit=0,
        offset=0,
        ids_only=True,
    )
    return [row[0] for row in raw.rows]


def _aware(value):
    """Raw SQL returns the stored naive UTC (or, on SQLite, a string)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)
