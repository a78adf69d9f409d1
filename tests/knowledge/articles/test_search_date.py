"""An article found by search shows the date its own page shows."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from engage.core import search


def test_an_article_hit_shows_its_publication_date_after_later_writes(db, make_article):
    published = datetime(2025, 5, 1, 2, 0, tzinfo=UTC)
    with time_machine.travel(published, tick=False):
        article = make_article("叉车安全操作规程")
    with time_machine.travel(datetime(2026, 11, 2, 2, 0, tzinfo=UTC), tick=False):
        article.title_en = "Forklift safety"  # any later write moves updated_at
        db.session.commit()
        search.reindex("article")
        db.session.commit()
    assert article.updated_at.year == 2026
    (hit,) = search.query("叉车安全", user=None).items
    assert hit.updated_at == article.published_at == published
