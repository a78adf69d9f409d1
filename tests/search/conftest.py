"""A demo kind of document, registered only for these tests."""

from __future__ import annotations

import pytest

from engage.core import search

DEMO_DOCUMENTS: list[search.Document] = []


@pytest.fixture
def demo_kind():
    search.register_kind(
        "demo",
        label="Demo notes",
        reindex=lambda: list(DEMO_DOCUMENTS),
        facets=lambda: [("category:1", "Fire"), ("category:2", "Electrical")],
        facet_label="Category",
    )
    search.register_kind("memo", label="Demo memos")
    yield "demo"
    search.unregister_kind("demo")
    search.unregister_kind("memo")
    DEMO_DOCUMENTS.clear()


@pytest.fixture
def add_doc(db, demo_kind):
    """add_doc(id, title, body="", access=("public",), kind="demo", facet=None), committed."""

    def add(
        object_id: int,
        title: str,
        body: str = "",
        *,
        access=("public",),
        kind: str = "demo",
        facet: str | None = None,
    ) -> search.Document:
        document = search.Document(
            kind=kind,
            object_id=object_id,
            title=title,
            body=body,
            url=f"/{kind}/{object_id}",
            access=list(access),
            facet=facet,
        )
        search.index(document)
        db.session.commit()
        return document

    return add


def titles(page) -> list[str]:
    return [hit.title for hit in page.items]
