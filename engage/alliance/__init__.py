"""Alliances of member companies, the six-links record, best-practice posts and mutual aid.

This module is the alliance's public face: other domains import from here only.
"""

from engage.alliance.sixlinks.models import Link

__all__ = ["Link", "alliance_choices", "alliance_ids_of_company", "alliance_names"]


def alliance_choices() -> list[tuple[int, str]]:
    """(id, name) of the active alliances, by name: an audience other domains offer."""
    from sqlalchemy import select

    from engage.alliance.alliances.models import Alliance
    from engage.extensions import db

    rows = db.session.execute(
        select(Alliance.id, Alliance.name)
        .where(Alliance.is_active.is_(True))
        .order_by(Alliance.name)
    )
    return [(alliance_id, name) for alliance_id, name in rows]


def alliance_names(alliance_ids) -> dict[int, str]:
    """The names of the alliances `alliance_ids`, by id (active or not)."""
    from sqlalchemy import select

    from engage.alliance.alliances.models import Alliance
    from engage.extensions import db

    ids = sorted({i for i in alliance_ids if i is not None})
    if not ids:
        return {}
    rows = db.session.execute(select(Alliance.id, Alliance.name).where(Alliance.id.in_(ids)))
    return {row.id: row.name for row in rows}


def alliance_ids_of_company(company_id: int | None) -> list[int]:
    """The alliances a company belongs to now (its current memberships)."""
    from engage.alliance.alliances.services import alliance_ids_of_company as current

    return current(company_id)
