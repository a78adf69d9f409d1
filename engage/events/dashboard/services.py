"""The organiser dashboard's figures and the exports (CSV and XLSX)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from engage.core.export import csv_stream, xlsx_bytes
from engage.core.timeutil import to_local
from engage.events.awards import services as awards
from engage.events.catalogue.models import Event
from engage.events.performances import services as performances
from engage.events.registration import services as registration
from engage.events.registration.models import Registration, RegistrationStatus
from engage.extensions import db

MAX_EXPORT = 20000


def summary(event: Event) -> dict:
    votes, scores = awards.vote_counts(event)
    return {
        "registrations": registration.counts(event),
        "performances": performances.counts_by_status(event),
        "votes": votes,
        "scores": scores,
        "checkins": checkins_over_time(event),
    }


def checkins_over_time(event: Event, minutes: int = 15) -> list[tuple[str, int, int]]:
    """(local time, check-ins in that slot, running total) in `minutes` slots."""
    times: Sequence[Any] = db.session.scalars(
        select(Registration.checked_in_at)
        .where(Registration.event_id == event.id, Registration.checked_in_at.is_not(None))
        .order_by(Registration.checked_in_at)
        .limit(MAX_EXPORT)
    ).all()
    slots: Counter[datetime] = Counter()
    for moment in times:
        local = to_local(moment)
        slots[
            local.replace(minute=local.minute - local.minute % minutes, second=0, microsecond=0)
        ] += 1
    out, total = [], 0
    for slot in sorted(slots):
        total += slots[slot]
        out.append((slot.strftime("%m-%d %H:%M"), slots[slot], total))
    return out


def registration_rows(event: Event) -> tuple[list[str], list[list]]:
    header = [
        _("Name"),
        _("E-mail"),
        _("Company"),
        _("Status"),
        _("Waiting place"),
        _("Registered at"),
        _("Ticket"),
        _("Checked in at"),
    ]
    regs = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id)
        .order_by(Registration.status, Registration.queue_position, Registration.id)
        .limit(MAX_EXPORT)
    ).all()
    rows = []
    for reg in regs:
        user = reg.user
        rows.append(
            [
                user.name,
                user.email,
                user.company.display_name() if user.company else "",
                reg.status_label,
                reg.queue_position if reg.status == RegistrationStatus.WAITING else "",
                reg.created_at,  # a moment: shown in the reader's zone, a real date in XLSX
                reg.ticket_code,
                reg.checked_in_at,
            ]
        )
    return header, rows


def programme_rows(event: Event) -> tuple[list[str], list[list]]:
    header = [
        _("No."),
        _("Planned start"),
        _("Title"),
        _("Genre"),
        _("Minutes"),
        _("Company"),
        _("Performers"),
    ]
    rows = [
        [
            act.number,
            act.starts_at,
            act.performance.title,
            act.performance.genre_label,
            act.performance.duration_minutes,
            act.performance.company.display_name(),
            act.performance.performers,
        ]
        for act in performances.programme(event).acts
    ]
    return header, rows


def as_csv(header: list[str], rows: list[list]) -> bytes:
    return "".join(csv_stream(header, rows)).encode("utf-8")


def as_xlsx(header: list[str], rows: list[list], title: str) -> bytes:
    return xlsx_bytes(title, header, rows)
