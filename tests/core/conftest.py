"""The demo park, for tests that look at the main pages as their users see them."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo_park(db, monkeypatch):
    """The demo park, with fewer problems (the pages, not the volume, are under test)."""
    from engage.accounts import demo as accounts_demo
    from engage.alliance import demo as alliance_demo
    from engage.events import demo as events_demo
    from engage.knowledge import demo as knowledge_demo
    from engage.tracker import demo as tracker_demo

    monkeypatch.setattr(tracker_demo, "DEMO_PROBLEMS", 40)
    for module in (accounts_demo, tracker_demo, knowledge_demo, alliance_demo, events_demo):
        module.load()
        db.session.commit()
    return db
