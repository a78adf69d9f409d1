"""Alliances of member companies, the six-links record, best-practice posts and mutual aid.

This module is the alliance's public face: other domains import from here only.
"""

from engage.alliance.sixlinks.models import Link

__all__ = ["Link"]
