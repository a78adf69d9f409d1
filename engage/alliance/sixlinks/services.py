"""Recording the six links: by hand (activities) and from what happens elsewhere (record).

`record(...)` is what every other part and the receivers call: it adds one link
event per company and alliance, pointing at its source, and adds nothing the
second time the same source is recorded. Flushes; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from engage.accounts.models import User
from engage.alliance.alliances.models import Alliance
from engage.alliance.alliances.permissions import can_lead
from engage.alliance.alliances.services import alliance_ids_of_company, member_company_ids
from engage.alliance.sixlinks import rollup
from engage.alliance.sixlinks.models import (
    Activity,
    ActivityCompany,
    ActivityFile,
    ActivityPerson,
    Link,
    LinkEvent,
    SourceKind,
)
from engage.alliance.sixlinks.permissions import can_record_activity
from engage.core import audit
from engage.core.errors import DomainError, NotAllowed
from engage.core.timeutil import to_local, utcnow
from engage.extensions import db


class SixLinksError(DomainError):
    """A refusal about six-links activities."""


def month_of(day: date) -> int:
    """yyyymm, the heat map's unit."""
    return day.year * 100 + day.month


def _local_day(occurred_at: date | datetime | None) -> date:
    if occurred_at is None:
        occurred_at = utcnow()
    if isinstance(occurred_at, datetime):
        return to_local(occurred_at).date() if occurred_at.tzinfo else occurred_at.date()
    return occurred_at


def record(
    alliance_or_none: Alliance | int | None,
    link: Link | str,
    company_ids,
    source_kind: SourceKind | str,
    source_id: int,
    title: str,
    occurred_at: date | datetime | None,
    actor=None,
) -> int:
    """Count `link` for each of `company_ids` in the alliance (or, with None, in every
    alliance each company belongs to now), pointing at (source_kind, source_id).

    Idempotent per (alliance, company, link, source): recording the same source
    again adds nothing (an insert that skips conflicts, backed by a unique
    constraint). Companies not in the alliance are skipped. Returns how many link
    events were added. Flushes; the caller commits.
    """
    link = Link(link)
    source_kind = SourceKind(source_kind)
    day = _local_day(occurred_at)
    rows = []
    for company_id in sorted({c for c in company_ids if c}):
        if alliance_or_none is None:
            alliance_ids = alliance_ids_of_company(company_id)
        else:
            alliance_id = getattr(alliance_or_none, "id", alliance_or_none)
            alliance_ids = [alliance_id] if company_id in member_company_ids(alliance_id) else []
        for alliance_id in alliance_ids:
            rows.append(
                {
                    "alliance_id": alliance_id,
                    "company_id": company_id,
                    "link": link.value,
                    "source_kind": source_kind.value,
                    "source_id": int(source_id),
                    "title": (title or "")[:200],
                    "occurred_on": day,
                    "month": month_of(day),
                    "actor_id": getattr(actor, "id", actor),
                    "created_at": utcnow(),
                }
            )
    if not rows:
        return 0
    db.session.flush()
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    table = LinkEvent.__table__
    stmt = (
        insert(table)
        .values(rows)
        .on_conflict_do_nothing()
        .returning(table.c.alliance_id, table.c.company_id, table.c.month, table.c.link)
    )
    added = db.session.execute(stmt).all()
    rollup.refresh(added)
    return len(added)


def forget(source_kind: SourceKind | str, source_id: int, link: Link | str | None = None) -> None:
    """Remove the link events of a source (a hidden post no longer counts as shared)."""
    table = LinkEvent.__table__
    stmt = delete(LinkEvent).where(
        LinkEvent.source_kind == SourceKind(source_kind).value, LinkEvent.source_id == source_id
    )
    if link is not None:
        stmt = stmt.where(LinkEvent.link == Link(link).value)
    gone = db.session.execute(
        stmt.returning(table.c.alliance_id, table.c.company_id, table.c.month, table.c.link)
    )
    rollup.refresh(gone.all())


def redate(source_kind: SourceKind | str, source_id: int, day: date) -> None:
    """Move the link events of a source to another day (and month), roll-ups with them."""
    source = (
        LinkEvent.source_kind == SourceKind(source_kind).value,
        LinkEvent.source_id == source_id,
    )
    before = rollup.cells_where(*source)
    db.session.execute(
        update(LinkEvent).where(*source).values(occurred_on=day, month=month_of(day))
    )
    rollup.refresh(before + rollup.cells_where(*source))


def events_of_source(source_kind: SourceKind | str, source_id: int) -> list[LinkEvent]:
    return list(
        db.session.scalars(
            select(LinkEvent)
            .where(
                LinkEvent.source_kind == SourceKind(source_kind).value,
                LinkEvent.source_id == source_id,
            )
            .order_by(LinkEvent.id)
        )
    )


# ---------------------------------------------------------------- activities by hand


@dataclass
class ActivityData:
    title: str
    occurred_on: date | None
    links: list[str]
    company_ids: list[int]
    person_ids: list[int] = field(default_factory=list)
    description: str = ""


def record_activity(
    alliance: Alliance, data: ActivityData, *, actor, photos=(), documents=()
) -> Activity:
    """Record a joint activity and count its links for each participating company.

    Raises NotAllowed, SixLinksError (no link, no company, a company or person not of
    the alliance, a date in the future).
    """
    if not can_record_activity(actor, alliance):
        raise NotAllowed(_l("Only the alliance's members and its lead record activities."))
    if not data.title:
        raise SixLinksError(_l("Give the activity a title."), field="title")
    if data.occurred_on is None:
        raise SixLinksError(_l("Give the date of the activity."), field="occurred_on")
    if data.occurred_on > to_local(utcnow()).date():
        raise SixLinksError(_l("An activity is recorded after it took place."), field="occurred_on")
    links = [Link(v) for v in dict.fromkeys(data.links) if v in Link._value2member_map_]
    if not links:
        raise SixLinksError(_l("Choose at least one of the six links."), field="links")
    members = member_company_ids(alliance)
    company_ids = sorted(set(data.company_ids))
    if not company_ids:
        raise SixLinksError(_l("Choose the companies that took part."), field="company_ids")
    if any(c not in members for c in company_ids):
        raise SixLinksError(
            _l("Only member companies of the alliance can take part."), field="company_ids"
        )
    if not can_lead(actor, alliance) and actor.company_id not in company_ids:
        raise SixLinksError(
            _l("Your own company must be among those that took part."), field="company_ids"
        )
    person_ids = sorted(set(data.person_ids))
    if person_ids:
        found = db.session.execute(
            select(User.id, User.company_id).where(User.id.in_(person_ids))
        ).all()
        if len(found) != len(person_ids) or any(c not in company_ids for _i, c in found):
            raise SixLinksError(
                _l("People who took part must belong to the chosen companies."), field="person_ids"
            )
    activity = Activity(
        alliance_id=alliance.id,
        title=data.title[:200],
        occurred_on=data.occurred_on,
        links=",".join(v.value for v in links),
        description=data.description or "",
        recorded_by_id=actor.id,
        recorded_for_company_id=actor.company_id,
    )
    activity.companies = [ActivityCompany(company_id=c) for c in company_ids]
    activity.people = [ActivityPerson(user_id=p) for p in person_ids]
    activity.files = [
        ActivityFile(key=m.key, thumb_key=m.thumb_key, name=m.original_name, is_image=True)
        for m in photos
    ] + [ActivityFile(key=m.key, name=m.original_name, is_image=False) for m in documents]
    db.session.add(activity)
    db.session.flush()
    for link in links:
        record(
            alliance,
            link,
            company_ids,
            SourceKind.ACTIVITY,
            activity.id,
            activity.title,
            activity.occurred_on,
            actor,
        )
    audit.record(
        actor,
        "alliance.activity_recorded",
        activity,
        summary=activity.title,
        company_id=actor.company_id,
    )
    return activity


def can_delete_activity(user, activity: Activity, alliance: Alliance) -> bool:
    return can_lead(user, alliance) or getattr(user, "id", None) == activity.recorded_by_id


def delete_activity(activity: Activity, *, actor) -> None:
    """The recorder or the lead removes an activity recorded in error; its links go too."""
    alliance = db.session.get(Alliance, activity.alliance_id)
    assert alliance is not None  # an activity's alliance exists (foreign key)
    if not can_delete_activity(actor, activity, alliance):
        raise NotAllowed(_l("Only whoever recorded it, or the alliance's lead, can remove it."))
    forget(SourceKind.ACTIVITY, activity.id)
    audit.record(
        actor,
        "alliance.activity_removed",
        activity,
        summary=activity.title,
        company_id=actor.company_id,
    )
    db.session.delete(activity)
    db.session.flush()


def list_activities(alliance: Alliance):
    return (
        select(Activity)
        .where(Activity.alliance_id == alliance.id)
        .order_by(Activity.occurred_on.desc(), Activity.id.desc())
    )
