"""The site's one search service: kinds register, objects are indexed, readers search.

    from engage.core import search
    search.register_kind("article", label=_l("Articles"), reindex=iter_documents)
    search.index(search.Document(kind="article", object_id=42, title=..., body=...,
                                 url=..., access=["public"]))
    search.remove("article", 42)
    page = search.query("灭火器", user=current_user)

See docs/search.md.
"""

from engage.core.search.backends import WINDOW
from engage.core.search.service import (
    Document,
    Hit,
    Kind,
    SearchPage,
    clear,
    index,
    index_many,
    kinds,
    matching_ids,
    query,
    register_kind,
    reindex,
    remove,
    tags_for,
    unregister_kind,
)
from engage.core.search.text import MAX_QUERY_LENGTH

__all__ = [
    "WINDOW",
    "MAX_QUERY_LENGTH",
    "Document",
    "Hit",
    "Kind",
    "SearchPage",
    "clear",
    "index",
    "index_many",
    "kinds",
    "matching_ids",
    "query",
    "register_kind",
    "reindex",
    "remove",
    "tags_for",
    "unregister_kind",
]
