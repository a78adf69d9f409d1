"""Demo task forces: one per focus target of the seed, in the park's areas, with rosters,
goals, work picked up from the problem library and a log. Idempotent; clearly fictional."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from engage.accounts.models import (
    Company,
    CompanyRole,
    Department,
    FunctionalArea,
    PlatformRole,
    User,
)
from engage.alliance.alliances.models import Alliance
from engage.alliance.taskforces import roster, services
from engage.alliance.taskforces.models import ActivityKind, GoalMeasure, MemberRole, TaskForce
from engage.core.vocab import FocusTarget
from engage.extensions import db
from engage.tracker import problems_for_pickup

# (name, focus target, preferred area code, goals text, goals)
FORCES = [
    (
        "高层楼宇消防攻坚突击队",
        FocusTarget.HIGH_RISE,
        "HD",
        "聚焦商务楼宇：消防控制室值守、疏散通道、外墙保温材料。",
        [
            ("年内整改高层楼宇隐患 40 项", GoalMeasure.AREA_RECTIFIED, 40, "项"),
            ("走访楼宇 24 次", GoalMeasure.VISITS, 24, "次"),
        ],
    ),
    (
        "生物医药载体标准化突击队",
        FocusTarget.BIOMEDICINE,
        "JH",
        "推动生物医药载体按标准建设：实验室危化品管理、生物安全柜检测、废弃物处置。",
        [
            ("帮扶企业完成整改 15 项", GoalMeasure.HELPED, 15, "项"),
            ("召开标准化推进会 6 次", GoalMeasure.MEETINGS, 6, "次"),
        ],
    ),
    (
        "老旧设备隐患清零突击队",
        FocusTarget.OLD_EQUIPMENT,
        "GM",
        "排查锅炉、行车、空压机等老旧设备，9 月底前完成重大隐患整改。",
        [
            ("整改老旧设备隐患 40 项", GoalMeasure.AREA_RECTIFIED, 40, "项"),
            ("关闭认领问题 20 项", GoalMeasure.FORCE_CLOSED, 20, "项"),
        ],
    ),
    (
        "工改仓专项整治突击队",
        FocusTarget.WAREHOUSE_CONVERSION,
        "ZB",
        "工改仓专项整治：严禁住人、规范消防设施、核定储存物品。",
        [("走访工改仓 30 次", GoalMeasure.VISITS, 30, "次")],
    ),
    (
        "工业载体安全提升突击队",
        FocusTarget.INDUSTRIAL_PREMISES,
        "GM",
        "工业载体安全提升：厂房结构、危化品暂存、临时用电。",
        [
            ("整改工业载体隐患 30 项", GoalMeasure.AREA_RECTIFIED, 30, "项"),
            ("认领点位 8 个", GoalMeasure.POINTS, 8, "个"),
        ],
    ),
]
OUTSIDERS = ["社区网格员", "街道安监员", "楼宇物业经理", "党员志愿者", "退休工程师"]
SURNAMES = "钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = ["卫东", "红梅", "建华", "立军", "秀兰", "志刚", "海燕", "国强", "春燕", "德明"]


def _first(*conditions) -> User | None:
    return db.session.scalar(
        select(User).where(User.active.is_(True), *conditions).order_by(User.id).limit(1)
    )


def _area(code: str, index: int) -> FunctionalArea | None:
    area = db.session.scalar(select(FunctionalArea).where(FunctionalArea.code == code))
    if area is not None:
        return area
    areas = db.session.scalars(select(FunctionalArea).order_by(FunctionalArea.code)).all()
    return areas[index % len(areas)] if areas else None


def _best_area(
    focus: FocusTarget, code: str, index: int, used: set[int], actor
) -> FunctionalArea | None:
    """The preferred area, unless another (not yet given a force) has open problems of the
    focus target and the preferred one has none or already has a force."""
    preferred = _area(code, index)
    counts = {
        a.id: len(problems_for_pickup(a.id, focus, actor, limit=100))
        for a in db.session.scalars(select(FunctionalArea).order_by(FunctionalArea.code))
    }
    if preferred is not None and counts.get(preferred.id) and preferred.id not in used:
        return preferred
    others = sorted((n, -i) for i, n in counts.items() if n and i not in used)
    if others:
        return db.session.get(FunctionalArea, -others[-1][1])
    return preferred


def load() -> None:
    """Flushes; the caller commits."""
    admin = _first(User.platform_role == PlatformRole.ADMIN) or _first(
        User.platform_role == PlatformRole.SUPERVISOR
    )
    if admin is None:
        return
    supervisors = db.session.scalars(
        select(User).where(User.platform_role == PlatformRole.SUPERVISOR).order_by(User.id)
    ).all()
    grids = db.session.scalars(
        select(User).where(User.platform_role == PlatformRole.GRID_OFFICER).order_by(User.id)
    ).all()
    departments = db.session.scalars(select(Department).order_by(Department.id)).all()
    alliance_ids = list(db.session.scalars(select(Alliance.id).order_by(Alliance.id).limit(1)))
    start = roster.today().replace(month=1, day=1)
    used: set[int] = set(db.session.scalars(select(TaskForce.area_id)))
    since = services.start_moment(start)
    for index, (name, focus, code, text, goals) in enumerate(FORCES):
        if db.session.scalar(select(TaskForce.id).where(TaskForce.name == name)):
            continue
        area = _best_area(focus, code, index, used, admin)
        if area is None:
            return
        used.add(area.id)
        managers = db.session.scalars(
            select(User)
            .join(Company, Company.id == User.company_id)
            .where(
                Company.area_id == area.id,
                User.active.is_(True),
                User.company_role.in_([CompanyRole.SAFETY_MANAGER, CompanyRole.ADMIN]),
            )
            .order_by(User.id)
            .limit(5)
        ).all()
        leader = supervisors[index % len(supervisors)] if supervisors else admin
        force = services.create_taskforce(
            services.ForceData(
                name=name,
                area_id=area.id,
                focus_target=focus.value,
                leader_id=leader.id,
                starts_on=start,
                ends_on=start.replace(month=12, day=31),
                goals_text=text,
                alliance_ids=alliance_ids if index < 2 else [],
            ),
            actor=admin,
        )
        for title, measure, target, unit in goals:
            services.add_goal(
                force,
                services.GoalData(title=title, measure=measure.value, target=target, unit=unit),
                actor=admin,
            )
        rows = [
            roster.MemberData(
                user_id=leader.id,
                role=MemberRole.SUPERVISOR.value,
                is_party_member=True,
                joined_on=start,
            )
        ]
        for j, grid in enumerate(grids[:2]):
            rows.append(
                roster.MemberData(
                    user_id=grid.id,
                    role=MemberRole.GRID_OFFICER.value,
                    is_party_member=j == 0,
                    joined_on=start,
                )
            )
        for j, manager in enumerate(managers):
            rows.append(
                roster.MemberData(
                    user_id=manager.id,
                    role=MemberRole.SAFETY_MANAGER.value,
                    is_party_member=j % 2 == 0,
                    joined_on=start,
                )
            )
        for j in range(3 + index % 3):
            person = SURNAMES[(index * 5 + j * 3) % len(SURNAMES)] + GIVEN[(index + j) % 10]
            dept = departments[j % len(departments)] if departments else None
            rows.append(
                roster.MemberData(
                    name=person,
                    department_id=dept.id if dept else None,
                    company_id=None if dept else getattr(managers[0], "company_id", None),
                    role=MemberRole.OTHER.value if j else MemberRole.GRID_OFFICER.value,
                    is_party_member=j % 3 != 2,
                    phone=f"139{index:02d}{j:02d}{(index * 37 + j * 11) % 10000:04d}",
                    joined_on=start + timedelta(days=7 * j),
                )
            )
        roster.add_members(force, rows[:12], actor=admin)
        if index == 0 and len(rows) > 6:  # one member left: the roster keeps the history
            gone = [m for m in roster.current_members(force) if m.user_id is None][-1]
            roster.leave(
                gone,
                force,
                left_on=max(gone.joined_on, roster.today() - timedelta(days=20)),
                note="调岗",
                actor=admin,
            )
        candidates = services.pickup_candidates(force, admin)
        if candidates:
            services.pick_up(force, [p.id for p in candidates[:12]], actor=admin)
        services.assign_matching_points(force, actor=admin)
        done = problems_for_pickup(area.id, focus, admin, closed=True, limit=200)
        for row in [p for p in done if p.closed_at and p.closed_at >= since][:6]:
            services.assign_problem(force, row.number, actor=admin)
        companies = [m.company_id for m in managers if m.company_id]
        day = roster.today()
        log = [
            (ActivityKind.MEETING, "突击队成立动员会", None, 60),
            (ActivityKind.VISIT, "联合走访重点点位", companies[0] if companies else None, 30),
            (ActivityKind.VISIT, "夜间消防巡查", companies[-1] if companies else None, 12),
        ]
        if companies:
            log.append((ActivityKind.HELPED, "帮助企业完成隐患整改并复核", companies[0], 5))
        for kind, title, company_id, days_ago in log:
            services.record_activity(
                force,
                services.ActivityData(
                    kind=kind.value,
                    occurred_on=max(start, day - timedelta(days=days_ago)),
                    title=title,
                    company_id=company_id,
                ),
                actor=admin,
            )
    db.session.flush()
