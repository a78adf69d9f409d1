"""The organiser dashboard's figures and the exports (CSV and XLSX)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import select

from engage.core.export import safe_cell
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
                to_local(reg.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                reg.ticket_code,
                to_local(reg.checked_in_at).strftime("%Y-%m-%d %H:%M:%S")
                if reg.checked_in_at
                else "",
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
            to_local(act.starts_at).strftime("%H:%M"),
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
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def as_xlsx(header: list[str], rows: list[list], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31] or "Sheet"
    sheet.append(header)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
