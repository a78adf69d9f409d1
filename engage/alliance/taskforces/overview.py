"""The park-wide view of task forces: where they work, who serves, what they handled this year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from engage.accounts.models import FunctionalArea
from engage.alliance.taskforces.models import (
    ForceStatus,
    MemberRole,
    TaskForce,
    TaskForceMember,
)
from engage.alliance.taskforces.services import problem_ids_by_force, start_moment
from engage.core.vocab import FocusTarget
from engage.extensions import db
from engage.tracker import problem_summaries


@dataclass
class Overview:
    areas: list[FunctionalArea]
    by_area_focus: dict[tuple[int, str], int]  # active forces
    roles: dict[str, tuple[int, int]]  # role -> (members, party members), active forces
    forces: list[TaskForce]
    handled: dict[int, int]  # force id -> problems closed this year
    open_now: dict[int, int]  # force id -> problems still open
    year: int

    @property
    def members(self) -> int:
        return sum(n for n, _p in self.roles.values())

    @property
    def party_members(self) -> int:
        return sum(p for _n, p in self.roles.values())


def build(user, *, year_start: date) -> Overview:
    """Five statements, whatever the number of forces."""
    forces = list(db.session.scalars(select(TaskForce).order_by(TaskForce.name)))
    area_ids = {f.area_id for f in forces}
    areas = sorted({f.area for f in forces if f.area_id in area_ids}, key=lambda a: a.code)
    by_area_focus: dict[tuple[int, str], int] = {}
    for f in forces:
        if f.status == ForceStatus.ACTIVE:
            key = (f.area_id, f.focus_target.value)
            by_area_focus[key] = by_area_focus.get(key, 0) + 1
    rows = db.session.execute(
        select(
            TaskForceMember.role,
            func.count(TaskForceMember.id),
            func.count(TaskForceMember.id).filter(TaskForceMember.is_party_member.is_(True)),
        )
        .join(TaskForce, TaskForce.id == TaskForceMember.taskforce_id)
        .where(TaskForceMember.left_on.is_(None), TaskForce.status == ForceStatus.ACTIVE)
        .group_by(TaskForceMember.role)
    ).all()
    roles = {MemberRole(r).value: (n, p) for r, n, p in rows}
    by_force = problem_ids_by_force([f.id for f in forces])
    summaries = {
        p.id: p for p in problem_summaries([i for ids in by_force.values() for i in ids], user)
    }
    since = start_moment(year_start)
    handled, open_now = {}, {}
    for force_id, ids in by_force.items():
        rows_of = [summaries[i] for i in ids if i in summaries]
        handled[force_id] = sum(
            1
            for p in rows_of
            if p.closed_at is not None and p.closed_at >= since and p.status == "closed"
        )
        open_now[force_id] = sum(1 for p in rows_of if p.is_open)
    return Overview(
        areas=areas,
        by_area_focus=by_area_focus,
        roles=roles,
        forces=forces,
        handled=handled,
        open_now=open_now,
        year=year_start.year,
    )


def focus_targets() -> list[FocusTarget]:
    return list(FocusTarget)


def bar_chart(
    forces: list[TaskForce], handled: dict[int, int], open_now: dict[int, int], *, width: int = 640
) -> dict:
    """Coordinates of a horizontal bar chart (closed this year and open now, per force)
    for the SVG template: the server draws it, no script needed."""
    label_w, right, row_h, top = 150 if width >= 500 else 96, 40, 30, 8
    plot_w = width - label_w - right
    peak = max([1] + [handled.get(f.id, 0) + open_now.get(f.id, 0) for f in forces])
    bars = []
    for i, f in enumerate(forces):
        y = top + i * row_h
        done, still = handled.get(f.id, 0), open_now.get(f.id, 0)
        done_w = plot_w * done / peak
        still_w = plot_w * still / peak
        name = (
            f.name
            if len(f.name) <= (10 if width >= 500 else 6)
            else f.name[: (9 if width >= 500 else 5)] + "…"
        )
        bars.append(
            {
                "y": y,
                "label": name,
                "full": f.name,
                "done": done,
                "open": still,
                "done_w": round(done_w, 1),
                "open_x": round(label_w + done_w, 1),
                "open_w": round(still_w, 1),
                "value_x": round(label_w + done_w + still_w + 4, 1),
            }
        )
    return {
        "width": width,
        "height": top + max(len(forces), 1) * row_h + 8,
        "label_w": label_w,
        "bars": bars,
        "bar_h": row_h - 10,
    }
