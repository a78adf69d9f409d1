"""The rules of task forces: forming them, their goals, the work they take on and their log.

Forces belong to the "party building + safety" double alliance programme; what
they do counts in the six links (build, and promote when they help a company
rectify) through the six-links service. Problems and points are the tracker's:
they are read through its public face only. Flushes, never commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from engage.accounts.models import Company, FunctionalArea, User
from engage.alliance.alliances.models import Alliance
from engage.alliance.sixlinks.models import Link, SourceKind
from engage.alliance.sixlinks.services import record
from engage.alliance.taskforces.models import (
    ActivityKind,
    ForceStatus,
    GoalMeasure,
    TaskForce,
    TaskForceActivity,
    TaskForceAlliance,
    TaskForceGoal,
    TaskForceMember,
    TaskForcePoint,
    TaskForceProblem,
)
from engage.alliance.taskforces.permissions import (
    can_create_taskforce,
    can_edit_taskforce,
    can_manage_taskforce,
    can_record_activity,
)
from engage.alliance.taskforces.roster import member_user_ids, today
from engage.core import audit
from engage.core.errors import DomainError, NotAllowed, StaleVersion
from engage.core.timeutil import reader_zone
from engage.core.vocab import FocusTarget
from engage.extensions import db
from engage.tracker import (
    point_by_code,
    point_summaries,
    points_for_pickup,
    problem_by_number,
    problem_summaries,
    problems_for_pickup,
)

#: The programme every force belongs to (党建+安全 双联盟).
PROGRAMME = _l("Party building + safety double alliance")


class TaskForceError(DomainError):
    """A refusal about a task force, its goals or its work."""


def start_moment(day: date) -> datetime:
    """The first moment of `day` in the park's zone, in UTC."""
    return datetime.combine(day, time.min, tzinfo=reader_zone()).astimezone(UTC)


# ---------------------------------------------------------------- forces


@dataclass
class ForceData:
    name: str
    area_id: int | None
    focus_target: str
    leader_id: int | None
    starts_on: date | None
    ends_on: date | None = None
    goals_text: str = ""
    status: str = ForceStatus.ACTIVE.value
    alliance_ids: list[int] = field(default_factory=list)


def _check(data: ForceData, force: TaskForce | None) -> None:
    data.name = (data.name or "").strip()[:120]
    if not data.name:
        raise TaskForceError(_l("Give the task force a name."), field="name")
    taken = db.session.scalar(select(TaskForce.id).where(TaskForce.name == data.name))
    if taken is not None and (force is None or taken != force.id):
        raise TaskForceError(
            _l("Another task force is called %(name)s.", name=data.name), field="name"
        )
    if not data.area_id or db.session.get(FunctionalArea, data.area_id) is None:
        raise TaskForceError(_l("Choose the functional area the force works in."), field="area_id")
    if data.focus_target not in FocusTarget._value2member_map_:
        raise TaskForceError(_l("Choose the force's focus target."), field="focus_target")
    if data.leader_id:
        leader = db.session.get(User, data.leader_id)
        if leader is None or not leader.active:
            raise TaskForceError(_l("Choose a leader who has an account."), field="leader_id")
    else:
        data.leader_id = None
    if data.starts_on is None:
        raise TaskForceError(_l("Give the day the force starts."), field="starts_on")
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise TaskForceError(_l("The force cannot end before it starts."), field="ends_on")
    if data.status not in ForceStatus._value2member_map_:
        raise TaskForceError(_l("Choose the force's status."), field="status")
    ids = sorted({int(i) for i in data.alliance_ids if i})
    if ids and len(
        list(db.session.scalars(select(Alliance.id).where(Alliance.id.in_(ids))))
    ) != len(ids):
        raise TaskForceError(_l("Choose alliances from the list."), field="alliance_ids")
    data.alliance_ids = ids


def _apply(force: TaskForce, data: ForceData) -> None:
    # _check refused them missing.
    assert data.area_id is not None and data.starts_on is not None
    force.name = data.name
    force.area_id = data.area_id
    force.focus_target = FocusTarget(data.focus_target)
    force.leader_id = data.leader_id
    force.starts_on = data.starts_on
    force.ends_on = data.ends_on
    force.goals_text = data.goals_text or ""
    force.status = ForceStatus(data.status)
    have = {link.alliance_id: link for link in force.alliance_links}
    force.alliance_links = [
        have.get(i) or TaskForceAlliance(alliance_id=i) for i in data.alliance_ids
    ]


def create_taskforce(data: ForceData, *, actor) -> TaskForce:
    """Form a force. Admins and supervisors. Raises NotAllowed, TaskForceError."""
    if not can_create_taskforce(actor):
        raise NotAllowed(_l("Only the office and supervisors form task forces."))
    _check(data, None)
    force = TaskForce(created_by_id=actor.id)
    _apply(force, data)
    db.session.add(force)
    db.session.flush()
    audit.record(actor, "taskforce.created", force, summary=force.name)
    leader = db.session.get(User, force.leader_id) if force.leader_id else None
    count_formed(force, [getattr(leader, "company_id", None)], actor)
    return force


def update_taskforce(force: TaskForce, data: ForceData, *, actor, version) -> TaskForce:
    """Edit a force (admins and supervisors); a stale form is refused."""
    if not can_edit_taskforce(actor, force):
        raise NotAllowed(_l("Only the office and supervisors edit task forces."))
    if str(version) != str(force.version):
        raise StaleVersion(
            _l("Someone saved this task force after you opened the form; here it is as it is now."),
            current=force,
        )
    _check(data, force)
    _apply(force, data)
    db.session.flush()
    audit.record(actor, "taskforce.updated", force, summary=force.name)
    company_ids = db.session.scalars(
        select(TaskForceMember.company_id).where(
            TaskForceMember.taskforce_id == force.id, TaskForceMember.left_on.is_(None)
        )
    )
    count_formed(force, list(company_ids), actor)
    return force


def count_formed(force: TaskForce, company_ids: Iterable[int | None], actor=None) -> None:
    """A force formed counts once as joint building (联建) for each company whose people
    serve on it: in the alliances it is linked to, else in each alliance of the company."""
    companies = sorted({c for c in company_ids if c})
    if not companies:
        return
    for alliance in _alliances(force):
        record(
            alliance,
            Link.BUILD,
            companies,
            SourceKind.TASKFORCE,
            force.id,
            force.name,
            force.starts_on,
            actor,
        )


def _alliances(force: TaskForce) -> list[int | None]:
    return [link.alliance_id for link in force.alliance_links] or [None]


def list_taskforces(*, area_id: int | None = None, focus: str = "", status: str = ""):
    stmt = select(TaskForce)
    if area_id:
        stmt = stmt.where(TaskForce.area_id == area_id)
    if focus in FocusTarget._value2member_map_:
        stmt = stmt.where(TaskForce.focus_target == FocusTarget(focus))
    if status in ForceStatus._value2member_map_:
        stmt = stmt.where(TaskForce.status == ForceStatus(status))
    return stmt.order_by(TaskForce.status, TaskForce.name, TaskForce.id)


def member_counts(force_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(current members, party members among them) per force, in one statement."""
    if not force_ids:
        return {}
    rows = db.session.execute(
        select(
            TaskForceMember.taskforce_id,
            func.count(TaskForceMember.id),
            func.count(TaskForceMember.id).filter(TaskForceMember.is_party_member.is_(True)),
        )
        .where(TaskForceMember.taskforce_id.in_(force_ids), TaskForceMember.left_on.is_(None))
        .group_by(TaskForceMember.taskforce_id)
    ).all()
    return {r[0]: (r[1], r[2]) for r in rows}


def problem_ids_by_force(force_ids: list[int]) -> dict[int, list[int]]:
    if not force_ids:
        return {}
    out: dict[int, list[int]] = {i: [] for i in force_ids}
    for force_id, problem_id in db.session.execute(
        select(TaskForceProblem.taskforce_id, TaskForceProblem.problem_id).where(
            TaskForceProblem.taskforce_id.in_(force_ids)
        )
    ):
        out[force_id].append(problem_id)
    return out


def alliances_of(force: TaskForce) -> list[Alliance]:
    ids = [link.alliance_id for link in force.alliance_links]
    if not ids:
        return []
    return list(
        db.session.scalars(select(Alliance).where(Alliance.id.in_(ids)).order_by(Alliance.name))
    )


# ---------------------------------------------------------------- goals


@dataclass
class GoalData:
    title: str
    measure: str
    target: int | None
    unit: str = ""
    due_on: date | None = None


def add_goal(force: TaskForce, data: GoalData, *, actor) -> TaskForceGoal:
    """A measurable goal. Admins and supervisors. Raises NotAllowed, TaskForceError."""
    if not can_edit_taskforce(actor, force):
        raise NotAllowed(_l("Only the office and supervisors set a force's goals."))
    title = (data.title or "").strip()[:200]
    if not title:
        raise TaskForceError(_l("Say what the goal is."), field="title")
    if data.measure not in GoalMeasure._value2member_map_:
        raise TaskForceError(_l("Choose what the goal counts."), field="measure")
    if data.target is None or not 1 <= data.target <= 100_000:
        raise TaskForceError(_l("The target is a whole number from 1 to 100000."), field="target")
    if data.due_on is not None and data.due_on < force.starts_on:
        raise TaskForceError(_l("A goal falls due after the force starts."), field="due_on")
    goal = TaskForceGoal(
        taskforce_id=force.id,
        title=title,
        measure=GoalMeasure(data.measure),
        target=data.target,
        unit=(data.unit or "").strip()[:30],
        due_on=data.due_on,
    )
    db.session.add(goal)
    db.session.flush()
    audit.record(actor, "taskforce.goal_added", force, summary=title)
    return goal


def remove_goal(force: TaskForce, goal: TaskForceGoal, *, actor) -> None:
    if not can_edit_taskforce(actor, force):
        raise NotAllowed(_l("Only the office and supervisors set a force's goals."))
    audit.record(actor, "taskforce.goal_removed", force, summary=goal.title)
    db.session.delete(goal)
    db.session.flush()


@dataclass
class Progress:
    goal: TaskForceGoal
    value: int

    @property
    def percent(self) -> int:
        return min(100, round(self.value * 100 / self.goal.target)) if self.goal.target else 0

    @property
    def reached(self) -> bool:
        return self.value >= self.goal.target

    @property
    def late(self) -> bool:
        return not self.reached and self.goal.due_on is not None and self.goal.due_on < today()


def progress(force: TaskForce, problems, points, activity_counts: dict[str, int]) -> list[Progress]:
    """Each goal against what was really done: the tracker's closed problems of the focus
    target in the area since the start, the force's own problems and points, its log."""
    from engage.tracker import count_rectified

    measures = {g.measure for g in force.goals}
    values = {
        GoalMeasure.FORCE_CLOSED: sum(1 for p in problems if p.status == "closed"),
        GoalMeasure.POINTS: len(points),
        GoalMeasure.VISITS: activity_counts.get(ActivityKind.VISIT.value, 0),
        GoalMeasure.MEETINGS: activity_counts.get(ActivityKind.MEETING.value, 0),
        GoalMeasure.HELPED: activity_counts.get(ActivityKind.HELPED.value, 0),
    }
    if GoalMeasure.AREA_RECTIFIED in measures:
        values[GoalMeasure.AREA_RECTIFIED] = count_rectified(
            force.area_id, force.focus_target, start_moment(force.starts_on)
        )
    return [Progress(g, values.get(g.measure, 0)) for g in force.goals]


# ---------------------------------------------------------------- work


def _require_manage(force: TaskForce, actor) -> None:
    if not can_manage_taskforce(actor, force):
        raise NotAllowed(_l("Only the office, supervisors and the force's leader assign its work."))
    if not force.is_active:
        raise TaskForceError(_l("The force has finished; it takes no more work."))


def problem_ids(force: TaskForce) -> list[int]:
    return list(
        db.session.scalars(
            select(TaskForceProblem.problem_id).where(TaskForceProblem.taskforce_id == force.id)
        )
    )


def point_ids(force: TaskForce) -> list[int]:
    return list(
        db.session.scalars(
            select(TaskForcePoint.point_id).where(TaskForcePoint.taskforce_id == force.id)
        )
    )


def pickup_candidates(force: TaskForce, user):
    """Open problems of the force's focus target in its area, not yet in its charge."""
    return problems_for_pickup(force.area_id, force.focus_target, user, exclude=problem_ids(force))


def pick_up(force: TaskForce, chosen: Iterable[int], *, actor) -> int:
    """Take the chosen problems among the candidates in one go; returns how many.
    Raises NotAllowed, TaskForceError (nothing chosen, or a problem not a candidate)."""
    _require_manage(force, actor)
    chosen = sorted({int(i) for i in chosen})
    if not chosen:
        raise TaskForceError(_l("Tick the problems the force takes on."), field="problem_ids")
    candidates = {p.id for p in pickup_candidates(force, actor)}
    if any(i not in candidates for i in chosen):
        raise TaskForceError(
            _l(
                "Some of the problems chosen no longer match the force's focus "
                "target and area, or are already in its charge. Reload the "
                "list and try again."
            ),
            field="problem_ids",
        )
    for problem_id in chosen:
        db.session.add(
            TaskForceProblem(
                taskforce_id=force.id,
                problem_id=problem_id,
                assigned_by_id=actor.id,
                picked_in_bulk=True,
            )
        )
    db.session.flush()
    audit.record(
        actor, "taskforce.problems_picked_up", force, summary=f"{force.name}: {len(chosen)}"
    )
    return len(chosen)


def assign_problem(force: TaskForce, number: str, *, actor) -> TaskForceProblem:
    """Put one problem (by its number) in the force's charge."""
    _require_manage(force, actor)
    row = problem_by_number(number, actor)
    if row is None:
        raise TaskForceError(
            _l(
                "No problem you can see has the number %(number)s.",
                number=(number or "").strip()[:20],
            ),
            field="number",
        )
    if row.id in problem_ids(force):
        raise TaskForceError(
            _l("%(number)s is already in the force's charge.", number=row.number), field="number"
        )
    link = TaskForceProblem(taskforce_id=force.id, problem_id=row.id, assigned_by_id=actor.id)
    db.session.add(link)
    db.session.flush()
    audit.record(actor, "taskforce.problem_assigned", force, summary=row.number)
    return link


def assign_point(force: TaskForce, code: str, *, actor) -> TaskForcePoint:
    """Put one point (by the code on its label) in the force's charge."""
    _require_manage(force, actor)
    row = point_by_code(code)
    if row is None:
        raise TaskForceError(
            _l("No active point has the code %(code)s.", code=(code or "").strip()[:20]),
            field="code",
        )
    if row.id in point_ids(force):
        raise TaskForceError(
            _l("%(name)s is already in the force's charge.", name=row.name), field="code"
        )
    link = TaskForcePoint(taskforce_id=force.id, point_id=row.id, assigned_by_id=actor.id)
    db.session.add(link)
    db.session.flush()
    audit.record(actor, "taskforce.point_assigned", force, summary=row.code)
    return link


def assign_matching_points(force: TaskForce, *, actor) -> int:
    """Every active point of the focus target in the area, not yet in charge."""
    _require_manage(force, actor)
    rows = points_for_pickup(force.area_id, force.focus_target, exclude=point_ids(force))
    for row in rows:
        db.session.add(
            TaskForcePoint(taskforce_id=force.id, point_id=row.id, assigned_by_id=actor.id)
        )
    db.session.flush()
    if rows:
        audit.record(
            actor, "taskforce.points_assigned", force, summary=f"{force.name}: {len(rows)}"
        )
    return len(rows)


def release(force: TaskForce, kind: str, target_id: int, *, actor) -> None:
    """Take a problem or point out of the force's charge (assigned by mistake)."""
    if not can_manage_taskforce(actor, force):
        raise NotAllowed(_l("Only the office, supervisors and the force's leader assign its work."))
    model = TaskForceProblem if kind == "problem" else TaskForcePoint
    column = model.problem_id if kind == "problem" else model.point_id
    result = db.session.execute(
        delete(model).where(model.taskforce_id == force.id, column == target_id)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise TaskForceError(_l("That is not in the force's charge."))
    audit.record(actor, f"taskforce.{kind}_released", force, summary=str(target_id))


def work_of(force: TaskForce, user):
    """(problems, points) in the force's charge; problems as the reader may see them."""
    return problem_summaries(problem_ids(force), user), point_summaries(point_ids(force))


# ---------------------------------------------------------------- activity log


@dataclass
class ActivityData:
    kind: str
    occurred_on: date | None
    title: str
    notes: str = ""
    company_id: int | None = None
    problem_number: str = ""


def record_activity(force: TaskForce, data: ActivityData, *, actor) -> TaskForceActivity:
    """Log a visit, meeting or rectification helped, and count it in the six links:
    joint building (联建) for the members' companies and the company concerned, and
    promote (联促) for a company helped to rectify.

    Raises NotAllowed, TaskForceError.
    """
    if not can_record_activity(actor, force, member_user_ids(force)):
        raise NotAllowed(_l("The force's members and those who run it keep its log."))
    if data.kind not in ActivityKind._value2member_map_:
        raise TaskForceError(_l("Choose what kind of work it was."), field="kind")
    title = (data.title or "").strip()[:200]
    if not title:
        raise TaskForceError(_l("Say in a few words what was done."), field="title")
    if data.occurred_on is None:
        raise TaskForceError(_l("Give the day it took place."), field="occurred_on")
    if data.occurred_on > today():
        raise TaskForceError(_l("Work is logged after it took place."), field="occurred_on")
    company_id = data.company_id or None
    if company_id is not None and db.session.get(Company, company_id) is None:
        raise TaskForceError(_l("Choose a company from the list."), field="company_id")
    problem_id = None
    if data.problem_number:
        row = problem_by_number(data.problem_number, actor)
        if row is None:
            raise TaskForceError(
                _l(
                    "No problem you can see has the number %(number)s.",
                    number=data.problem_number[:20],
                ),
                field="problem_number",
            )
        problem_id = row.id
        company_id = company_id or row.company_id
    kind = ActivityKind(data.kind)
    if kind == ActivityKind.HELPED and company_id is None:
        raise TaskForceError(
            _l("Say which company was helped, or give the problem's number."), field="company_id"
        )
    activity = TaskForceActivity(
        taskforce_id=force.id,
        kind=kind,
        occurred_on=data.occurred_on,
        title=title,
        notes=data.notes or "",
        company_id=company_id,
        problem_id=problem_id,
        recorded_by_id=actor.id,
    )
    db.session.add(activity)
    db.session.flush()
    members = set(
        db.session.scalars(
            select(TaskForceMember.company_id).where(
                TaskForceMember.taskforce_id == force.id,
                TaskForceMember.left_on.is_(None),
                TaskForceMember.company_id.is_not(None),
            )
        )
    )
    for alliance in _alliances(force):
        record(
            alliance,
            Link.BUILD,
            members | {company_id},
            SourceKind.TASKFORCE_ACTIVITY,
            activity.id,
            title,
            activity.occurred_on,
            actor,
        )
        if kind == ActivityKind.HELPED:
            record(
                alliance,
                Link.PROMOTE,
                [company_id],
                SourceKind.TASKFORCE_ACTIVITY,
                activity.id,
                title,
                activity.occurred_on,
                actor,
            )
    audit.record(actor, "taskforce.activity_logged", force, summary=title)
    return activity


def activity_counts(force: TaskForce) -> dict[str, int]:
    rows = db.session.execute(
        select(TaskForceActivity.kind, func.count())
        .where(TaskForceActivity.taskforce_id == force.id)
        .group_by(TaskForceActivity.kind)
    ).all()
    return {ActivityKind(k).value: n for k, n in rows}


def list_activities(force: TaskForce):
    return (
        select(TaskForceActivity)
        .where(TaskForceActivity.taskforce_id == force.id)
        .order_by(TaskForceActivity.occurred_on.desc(), TaskForceActivity.id.desc())
    )
