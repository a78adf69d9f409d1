"""The alliance's demo data: each part that has some loads it here (`flask demo`)."""

from __future__ import annotations


def load() -> None:
    """Flushes; the caller commits."""
    from engage.alliance.taskforces.demo import load as load_taskforces

    load_taskforces()
