"""A force's roster: people join and leave (never deleted), with their role, party badge and phone.

Every function flushes and never commits; the caller commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, select

from engage.accounts.models import Company, Department, User
from engage.alliance.taskforces.models import MemberRole, TaskForce, TaskForceMember
from engage.alliance.taskforces.permissions import can_manage_taskforce
from engage.core import audit
from engage.core.errors import DomainError, NotAllowed
from engage.core.i18n import local_name_column
from engage.core.timeutil import to_local, utcnow
from engage.extensions import db


class RosterError(DomainError):
    """A refusal about a force's roster."""


def today() -> date:
    return to_local(utcnow()).date()


# ---------------------------------------------------------------- phones

_MOBILE = re.compile(r"1[3-9]\d{9}")
_SEPARATORS = re.compile(r"[\s\-()（）－—]")


def normalise_phone(raw: str | None) -> str:
    """A Chinese mobile (13812345678) or landline with its area code (0512-66881234),
    as stored; "" for nothing. Raises RosterError for anything else."""
    value = _SEPARATORS.sub("", (raw or "").strip())
    if not value:
        return ""
    for prefix in ("+86", "0086"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
            if value and value[0] != "1":
                value = "0" + value.lstrip("0")
            break
    if value.isascii() and value.isdigit():
        if len(value) == 11 and _MOBILE.fullmatch(value):
            return value
        if value[0] == "0" and value[1:2] in ("1", "2") and len(value) == 11:
            return f"{value[:3]}-{value[3:]}"  # 010, 02x: eight-digit numbers
        if value[0] == "0" and value[1:2] not in ("", "0", "1", "2") and len(value) in (11, 12):
            return f"{value[:4]}-{value[4:]}"  # 0512 and the like: seven or eight digits
    raise RosterError(
        _l(
            "Give a Chinese mobile number (11 digits, such as 13812345678) or a "
            "landline with its area code (such as 0512-66881234)."
        ),
        field="phone",
    )


# ---------------------------------------------------------------- members


@dataclass
class MemberData:
    """A person for the roster: `user_id`, or a name with a company or department."""

    name: str = ""
    user_id: int | None = None
    company_id: int | None = None
    department_id: int | None = None
    role: str = MemberRole.OTHER.value
    is_party_member: bool = False
    phone: str = ""
    joined_on: date | None = None
    left_on: date | None = None


def _overlaps(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    """Stints run from the joining day up to (not including) the leaving day."""
    return (a_end is None or b_start < a_end) and (b_end is None or a_start < b_end)


def same_person(member: TaskForceMember | MemberData, data: MemberData) -> bool:
    if data.user_id is not None or member.user_id is not None:
        return member.user_id == data.user_id
    return (
        member.name.strip().casefold() == data.name.strip().casefold()
        and member.company_id == data.company_id
        and member.department_id == data.department_id
    )


def check_member(
    force: TaskForce, data: MemberData, existing, *, users: dict[int, User] | None = None
) -> MemberData:
    """`data` made whole and checked against the roster `existing` (members and data
    already accepted). Raises RosterError naming the field."""
    data.name = (data.name or "").strip()[:100]
    if data.user_id is not None:
        user = (users or {}).get(data.user_id) or db.session.get(User, data.user_id)
        if user is None or not user.active:
            raise RosterError(_l("Choose a person who has an account."), field="user_id")
        data.name = user.name
        if data.company_id is None and data.department_id is None:
            data.company_id, data.department_id = user.company_id, user.department_id
        if not data.phone and user.phone:
            try:
                data.phone = normalise_phone(user.phone)
            except RosterError:
                data.phone = ""
    elif not data.name:
        raise RosterError(
            _l("Give the member's name, or choose a person with an account."), field="name"
        )
    if data.user_id is None and data.company_id is None and data.department_id is None:
        raise RosterError(
            _l("Say which company or department a member without an account comes from."),
            field="unit",
        )
    if data.role not in MemberRole._value2member_map_:
        raise RosterError(_l("Choose the member's role."), field="role")
    data.phone = normalise_phone(data.phone)
    if data.joined_on is None:
        raise RosterError(_l("Give the day the member joined."), field="joined_on")
    if data.left_on is not None and data.left_on < data.joined_on:
        raise RosterError(
            _l("A member cannot leave before joining: the left date is before the joined date."),
            field="left_on",
        )
    for other in existing:
        if same_person(other, data) and _overlaps(
            other.joined_on, other.left_on, data.joined_on, data.left_on
        ):
            raise RosterError(
                _l(
                    "%(name)s is already on this force's roster at overlapping dates.",
                    name=data.name,
                ),
                field="name",
            )
    return data


ROLE_ORDER = case(
    {r.value: i for i, r in enumerate(MemberRole)},
    value=TaskForceMember.role,
    else_=len(MemberRole),
)


def roster_of(force: TaskForce) -> list[TaskForceMember]:
    """Every stint, current members first (by role, then name), then those who left."""
    return list(
        db.session.scalars(
            select(TaskForceMember)
            .where(TaskForceMember.taskforce_id == force.id)
            .order_by(
                TaskForceMember.left_on.is_not(None),
                TaskForceMember.left_on.desc(),
                ROLE_ORDER,
                TaskForceMember.name,
                TaskForceMember.id,
            )
        )
    )


def current_members(force: TaskForce) -> list[TaskForceMember]:
    return [m for m in roster_of(force) if m.is_current]


def member_user_ids(force: TaskForce) -> set[int]:
    return set(
        db.session.scalars(
            select(TaskForceMember.user_id).where(
                TaskForceMember.taskforce_id == force.id,
                TaskForceMember.left_on.is_(None),
                TaskForceMember.user_id.is_not(None),
            )
        )
    )


def _add(force: TaskForce, data: MemberData, actor) -> TaskForceMember:
    member = TaskForceMember(
        taskforce_id=force.id,
        user_id=data.user_id,
        name=data.name,
        company_id=data.company_id,
        department_id=data.department_id,
        role=MemberRole(data.role),
        is_party_member=bool(data.is_party_member),
        phone=data.phone,
        joined_on=data.joined_on,
        left_on=data.left_on,
        added_by_id=getattr(actor, "id", None),
    )
    db.session.add(member)
    return member


def add_member(force: TaskForce, data: MemberData, *, actor) -> TaskForceMember:
    """Put a person on the roster. Managers only (admins, supervisors, the leader).

    Raises NotAllowed; RosterError for a bad phone, a left date before the joined date,
    or the same person on the roster at overlapping dates.
    """
    if not can_manage_taskforce(actor, force):
        raise NotAllowed(_l("Only the office, supervisors and the force's leader keep its roster."))
    check_member(force, data, roster_of(force))
    member = _add(force, data, actor)
    db.session.flush()
    audit.record(actor, "taskforce.member_added", member, summary=f"{force.name}: {data.name}")
    from engage.alliance.taskforces.services import count_formed

    count_formed(force, [data.company_id], actor)
    return member


def add_members(force: TaskForce, rows: list[MemberData], *, actor) -> list[TaskForceMember]:
    """Put every row on the roster, or none (the caller rolls back on RosterError)."""
    if not can_manage_taskforce(actor, force):
        raise NotAllowed(_l("Only the office, supervisors and the force's leader keep its roster."))
    existing: list = roster_of(force)
    added = []
    for data in rows:
        check_member(force, data, existing)
        existing.append(data)
        added.append(_add(force, data, actor))
    db.session.flush()
    audit.record(actor, "taskforce.roster_imported", force, summary=f"{force.name}: {len(added)}")
    from engage.alliance.taskforces.services import count_formed

    count_formed(force, [d.company_id for d in rows], actor)
    return added


def leave(
    member: TaskForceMember, force: TaskForce, *, left_on: date | None, note: str, actor
) -> TaskForceMember:
    """Close a member's stint. The row stays: the roster shows who served when.

    Raises NotAllowed, RosterError (already left, a day before joining or still to come).
    """
    if not can_manage_taskforce(actor, force):
        raise NotAllowed(_l("Only the office, supervisors and the force's leader keep its roster."))
    if not member.is_current:
        raise RosterError(_l("%(name)s has already left the force.", name=member.display_name))
    left_on = left_on or today()
    if left_on < member.joined_on:
        raise RosterError(
            _l("A member cannot leave before joining: the left date is before the joined date."),
            field="left_on",
        )
    if left_on > today():
        raise RosterError(
            _l("A member leaves on a day that has come, not in the future."), field="left_on"
        )
    member.left_on = left_on
    member.left_note = (note or "")[:300]
    db.session.flush()
    audit.record(
        actor, "taskforce.member_left", member, summary=f"{force.name}: {member.display_name}"
    )
    return member


def unit_choices() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    companies = db.session.execute(
        select(Company.id, local_name_column(Company))
        .where(Company.is_active.is_(True))
        .order_by(Company.name)
    ).all()
    departments = db.session.execute(
        select(Department.id, local_name_column(Department)).order_by(Department.code)
    ).all()
    return [(c.id, c.name) for c in companies], [(d.id, d.name) for d in departments]
