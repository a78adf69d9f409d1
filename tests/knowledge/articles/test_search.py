"""Searching knowledge: the box on its home page; a hit shows the date its page shows."""

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


def test_the_knowledge_home_opens_with_a_search_box(client, make_article):
    make_article("叉车安全操作规程")
    html = client.get("/knowledge/").get_data(as_text=True)
    box = html.index('class="kb-search')
    assert box < html.index("kb-chips") and box < html.index("叉车安全操作规程")
    form = html[box : html.index("</form>", box)]
    assert 'action="/search/"' in form and 'name="q"' in form and 'value="article"' in form
    found = client.get("/search/?kind=article&q=叉车").get_data(as_text=True)
    assert "<mark>叉车</mark>安全操作规程" in found
