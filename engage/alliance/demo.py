"""Demo data of the alliance domain: each part's demo, in order."""

from __future__ import annotations


def load() -> None:
    from engage.alliance.inspections import demo as inspections

    inspections.load()
