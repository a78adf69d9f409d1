"""Demo data of the problem library: points (from the points module) and a few
hundred problems in every state, with timelines. Idempotent; clearly fictional."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from datetime import timedelta

from PIL import Image, ImageDraw
from sqlalchemy import func, select, true
from werkzeug.datastructures import FileStorage

from engage.accounts import uscc
from engage.accounts.models import (
    Company,
    CompanyRole,
    Department,
    FunctionalArea,
    PlatformRole,
    User,
)
from engage.core.timeutil import utcnow
from engage.core.uploads import MediaFile, save_image
from engage.extensions import db
from engage.tracker.models import (
    EventKind,
    PhotoStage,
    Point,
    PointKind,
    Problem,
    ProblemCategory,
    ProblemSource,
    ProblemStatus,
    ProblemWatcher,
    Severity,
)
from engage.tracker.problems.services import add_event, next_number

S = ProblemStatus
DEMO_PROBLEMS = 320
DEMO_PASSWORD = "demo-park-2026"  # noqa: S105  (the demo park's public password)

# (title, category, description)
HAZARDS = [
    (
        "消防通道被货物堵塞",
        ProblemCategory.EVACUATION,
        "仓库北侧消防通道堆放托盘和纸箱，通道宽度不足 1 米，紧急情况下无法通行。",
    ),
    (
        "灭火器压力不足",
        ProblemCategory.FIRE,
        "车间东侧 2 具干粉灭火器压力表指针位于红区，需更换或充装。",
    ),
    (
        "配电箱门未关闭且无警示标识",
        ProblemCategory.ELECTRICAL,
        "二楼配电箱门敞开，箱内线路裸露，未张贴“当心触电”标识。",
    ),
    (
        "危化品仓库未分类存放",
        ProblemCategory.CHEMICALS,
        "乙醇与氧化剂同柜存放，MSDS 未张贴，领用台账缺少近两周记录。",
    ),
    (
        "叉车未按期年检",
        ProblemCategory.SPECIAL_EQUIPMENT,
        "3 号叉车检验合格证已过期 20 天，仍在使用。",
    ),
    (
        "有限空间作业未审批",
        ProblemCategory.CONFINED_SPACE,
        "污水池清淤作业未办理有限空间作业票，现场无气体检测记录。",
    ),
    (
        "登高作业未系安全带",
        ProblemCategory.WORK_AT_HEIGHT,
        "外墙维修人员在 4 米高处作业未系安全带，未设监护人。",
    ),
    (
        "厂房屋面彩钢板锈蚀",
        ProblemCategory.STRUCTURE,
        "屋面局部彩钢板锈穿，雨天漏水至配电区域上方。",
    ),
    (
        "工改仓违规住人",
        ProblemCategory.STORAGE,
        "原生产车间改作仓库后，夹层内发现员工临时住宿床铺。",
    ),
    (
        "安全出口指示灯不亮",
        ProblemCategory.EVACUATION,
        "一楼东侧安全出口指示灯损坏，应急照明测试不亮。",
    ),
    ("车间地面油污未清理", ProblemCategory.HOUSEKEEPING, "冲压区地面大面积油污，员工通行易滑倒。"),
    (
        "安全培训记录缺失",
        ProblemCategory.MANAGEMENT,
        "新入职员工三级安全教育记录不全，缺少考核试卷。",
    ),
    ("电缆沟盖板缺失", ProblemCategory.ELECTRICAL, "变电所外电缆沟两块盖板缺失，夜间照明不足。"),
    (
        "气瓶未固定",
        ProblemCategory.CHEMICALS,
        "焊接区氧气瓶、乙炔瓶未使用防倾倒链条固定，间距不足 5 米。",
    ),
    ("喷淋头被遮挡", ProblemCategory.FIRE, "货架顶部货物距喷淋头不足 0.5 米。"),
    (
        "生物安全柜未定期检测",
        ProblemCategory.SPECIAL_EQUIPMENT,
        "实验室 2 号生物安全柜超过一年未做性能检测。",
    ),
    ("高层楼宇消防控制室无人值守", ProblemCategory.FIRE, "夜间巡查时消防控制室仅一人值班且离岗。"),
    (
        "老旧行车钢丝绳断丝",
        ProblemCategory.SPECIAL_EQUIPMENT,
        "5 吨行车钢丝绳局部断丝超标，未停用。",
    ),
    (
        "临时用电私拉乱接",
        ProblemCategory.ELECTRICAL,
        "办公区使用多个插线板串接，电线敷设在地面无保护。",
    ),
    ("应急预案未演练", ProblemCategory.MANAGEMENT, "本年度尚未开展危化品泄漏应急演练。"),
]
NOTES = {
    "assign": ["请于期限内完成整改并上传整改后照片。", "交由企业安全管理员负责落实。"],
    "start": ["已安排人员处理。", "已采购配件，正在整改。", "已组织班组清理现场。"],
    "submit": [
        "已清理完毕，现场恢复正常。",
        "已更换并张贴检验合格证。",
        "已完成整改，附整改后照片。",
    ],
    "verify": ["现场复核，整改到位，同意销号。", "复查合格。", "已核对照片与现场，符合要求。"],
    "send_back": ["仍有部分杂物未清理，请继续整改。", "照片未体现整改效果，请补充。"],
    "reject": ["经核实不属于安全隐患。", "与已有问题重复。"],
    "reopen": ["复查时发现问题再次出现。"],
}
COMPANIES = [
    ("苏州恒远精密机械有限公司", "Hengyuan Precision Machinery (demo)"),
    ("苏州博瑞生物医药有限公司", "Borui Biomedicine (demo)"),
    ("苏州华辰新材料科技有限公司", "Huachen New Materials (demo)"),
    ("苏州德嘉物流仓储有限公司", "Dejia Logistics (demo)"),
    ("苏州启明电子有限公司", "Qiming Electronics (demo)"),
    ("苏州金港化工有限公司", "Jingang Chemicals (demo)"),
]
DEPARTMENTS = [
    ("FIRE", "园区消防救援大队"),
    ("EMERGENCY", "园区应急管理局"),
    ("MARKET", "园区市场监督管理所"),
]


_HASH: list[str] = []


def _user(email: str, name: str, **kw) -> User:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name, **kw)
        if not _HASH:  # scrypt is slow on purpose: hash the shared demo password once
            user.set_password(DEMO_PASSWORD)
            _HASH.append(user.password_hash)
        user.password_hash = _HASH[0]
        db.session.add(user)
        db.session.flush()
    return user


def _ensure_people() -> None:
    """Companies, departments and people for the demo, when the accounts demo has not
    made them (each found again by its unique key, so this runs twice harmlessly)."""
    area = db.session.scalar(select(FunctionalArea).order_by(FunctionalArea.id))
    if area is None:
        area = FunctionalArea(
            code="DEMO-N",
            name="北部高端制造功能区（演示）",
            name_en="North manufacturing area (demo)",
        )
        db.session.add(area)
        db.session.flush()
    if not db.session.scalar(select(func.count(Company.id))):  # no accounts demo yet
        for i, (name, name_en) in enumerate(COMPANIES, start=1):
            db.session.add(
                Company(
                    name=name,
                    name_en=name_en,
                    area_id=area.id,
                    uscc=uscc.complete(f"91320594MD{i:07d}"),
                    industry="manufacturing",
                )
            )
        db.session.flush()
    if not db.session.scalar(select(func.count(Department.id))):
        for code, name in DEPARTMENTS:
            db.session.add(Department(code=code, name=name))
    db.session.flush()
    if _first(User.platform_role == PlatformRole.SUPERVISOR) is None:
        _user("supervisor@demo.example.com", "王建国", platform_role=PlatformRole.SUPERVISOR)
    if _first(User.platform_role == PlatformRole.GRID_OFFICER) is None:
        _user("grid@demo.example.com", "李晓梅", platform_role=PlatformRole.GRID_OFFICER)
    companies = db.session.scalars(select(Company).order_by(Company.id).limit(8)).all()
    surnames = "陈张刘赵周吴徐孙"
    for i, company in enumerate(companies, start=1):
        if (
            _first(
                User.company_id == company.id,
                User.company_role.in_([CompanyRole.SAFETY_MANAGER, CompanyRole.ADMIN]),
            )
            is None
        ):
            _user(
                f"safety{i}@demo.example.com",
                f"{surnames[i % 8]}安全",
                company_id=company.id,
                company_role=CompanyRole.SAFETY_MANAGER,
            )
        if _first(User.company_id == company.id, User.company_role == CompanyRole.EMPLOYEE) is None:
            _user(
                f"worker{i}@demo.example.com",
                f"{surnames[(i + 3) % 8]}师傅",
                company_id=company.id,
                company_role=CompanyRole.EMPLOYEE,
            )
    departments = db.session.scalars(select(Department).order_by(Department.id)).all()
    for i, dept in enumerate(departments, start=1):
        if _first(User.department_id == dept.id) is None:
            _user(
                f"dept{i}@demo.example.com",
                f"{surnames[(i + 5) % 8]}科长",
                department_id=dept.id,
                is_department_lead=True,
            )


def _first(*conditions) -> User | None:
    """The demo park's first person matching `conditions` (the accounts demo's, if any)."""
    return db.session.scalar(select(User).where(*conditions).order_by(User.id).limit(1))


def _ensure_points() -> list[Point]:
    load_points: Callable[[], None] | None
    try:
        from engage.tracker.points.demo import load as load_points
    except ModuleNotFoundError:
        load_points = None
    if load_points is not None:
        load_points()
        db.session.flush()
    points = db.session.scalars(select(Point).where(Point.active).order_by(Point.id)).all()
    if points:
        return list(points)
    # The points module has no demo yet: a site and two buildings per company.
    for company in db.session.scalars(select(Company).order_by(Company.id).limit(8)):
        site = Point(
            company_id=company.id,
            kind=PointKind.SITE,
            name="厂区",
            location=company.address or "",
            code=f"DM{company.id:04d}S",
        )
        db.session.add(site)
        db.session.flush()
        for j, name in enumerate(("一号厂房", "二号仓库"), start=1):
            db.session.add(
                Point(
                    company_id=company.id,
                    parent_id=site.id,
                    kind=PointKind.BUILDING,
                    name=name,
                    code=f"DM{company.id:04d}B{j}",
                )
            )
    db.session.flush()
    return list(db.session.scalars(select(Point).where(Point.active).order_by(Point.id)))


def _photos() -> list[MediaFile]:
    """A few drawn site photos (clearly illustrations), stored once by content hash."""
    out = []
    palette = [
        (178, 34, 34),
        (218, 165, 32),
        (70, 130, 180),
        (46, 139, 87),
        (105, 105, 105),
        (160, 82, 45),
    ]
    for i, colour in enumerate(palette):
        img = Image.new("RGB", (640, 480), (236, 236, 230))
        draw = ImageDraw.Draw(img)
        draw.rectangle((40 + i * 10, 80, 600 - i * 10, 420), fill=colour)
        draw.rectangle((0, 400, 640, 480), fill=(90, 90, 90))
        draw.text((24, 24), f"DEMO PHOTO {i + 1}", fill=(20, 20, 20))
        data = io.BytesIO()
        img.save(data, "PNG")
        data.seek(0)
        out.append(
            save_image(FileStorage(data, filename=f"demo-{i + 1}.png", content_type="image/png"))
        )
    db.session.flush()
    return out


# The fate of each demo problem: the state it ends in, and its share.
FATES = [
    (S.CLOSED, 42),
    (S.AWAITING_VERIFICATION, 10),
    (S.RECTIFYING, 14),
    (S.ASSIGNED, 10),
    (S.REPORTED, 12),
    (S.REJECTED, 6),
    (S.REOPENED, 6),
]


def load() -> None:
    _ensure_people()
    points = _ensure_points()
    supervisor = _first(User.platform_role == PlatformRole.SUPERVISOR)
    assert supervisor is not None  # _ensure_people made the park's people
    already = db.session.scalar(
        select(func.count(Problem.id)).where(Problem.reporter_id == supervisor.id)
    )
    if already or not points:
        notify_people(utcnow())  # a park loaded before notifications were in the demo
        return
    grid = _first(User.platform_role == PlatformRole.GRID_OFFICER)
    departments = db.session.scalars(select(Department).order_by(Department.id)).all()
    people = db.session.scalars(select(User).where(User.company_id.is_not(None))).all()
    by_company: dict[int, list[User]] = {}
    for person in people:
        assert person.company_id is not None  # chosen by their company
        by_company.setdefault(person.company_id, []).append(person)
    dept_people: dict[int, list[User]] = {}
    for person in db.session.scalars(select(User).where(User.department_id.is_not(None))):
        assert person.department_id is not None  # chosen by their department
        dept_people.setdefault(person.department_id, []).append(person)
    photos = _photos()
    rng = random.Random(20260601)
    now = utcnow()
    fates = [s for s, weight in FATES for _ in range(weight)]
    plans = []
    for _i in range(DEMO_PROBLEMS):
        fate = rng.choice(fates)
        age = (
            rng.randint(0, 360)
            if fate in (S.CLOSED, S.REJECTED)
            else int(rng.triangular(0, 150, 0))
        )
        created = now - timedelta(days=age, hours=rng.randint(0, 20), minutes=rng.randint(0, 59))
        plans.append((created, fate))
    ordered = sorted(plans, key=lambda plan: plan[0])
    for i, (created, fate) in enumerate(ordered):
        _one_problem(
            i,
            rng,
            now,
            created,
            fate,
            rng.choice(points),
            supervisor,
            grid,
            departments,
            by_company,
            dept_people,
            photos,
        )
    db.session.flush()
    notify_people(now)


# What each tracker notification is about: (kind, who hears of it, which problem, the
# page it opens). The people are the park's first supervisor, grid officer, the routed
# department's members and the responsible company's safety managers.
DEMO_NOTICES = [
    ("tracker.whistle_unrouted", "supervisor", "unrouted", "whistle"),
    ("tracker.whistle_routed", "department", "to_report_in", "whistle"),
    ("tracker.whistle_escalated_lead", "department", "to_report_in", "whistle"),
    ("tracker.whistle_escalated_supervisor", "supervisor", "to_report_in", "whistle"),
    ("tracker.whistle_idle_lead", "department", "reported_in", "whistle"),
    ("tracker.whistle_idle_supervisor", "supervisor", "reported_in", "whistle"),
    ("tracker.whistle_rerouted", "reporter", "reported_in", "whistle"),
    ("tracker.whistle_returned", "supervisor", "reported_in", "whistle"),
    ("tracker.assigned", "company", "assigned", "problem"),
    ("tracker.reassigned", "company", "rectifying", "problem"),
    ("tracker.comment", "company", "rectifying", "problem"),
    ("tracker.comment_by_reporter", "company", "rectifying", "problem"),
    ("tracker.rectifying", "reporter", "rectifying", "problem"),
    ("tracker.submitted", "department", "awaiting", "problem"),
    ("tracker.sent_back", "company", "rectifying", "problem"),
    ("tracker.closed", "reporter", "closed", "problem"),
    ("tracker.not_fixed", "department", "awaiting", "problem"),
    ("tracker.reopened", "company", "reopened", "problem"),
    ("tracker.rejected", "reporter", "rejected", "problem"),
    ("tracker.due_soon", "company", "assigned", "problem"),
    ("tracker.overdue", "company", "rectifying", "problem"),
]


def notify_people(now) -> int:
    """Recent notifications of every tracker kind for the demo park's people, so a
    newcomer sees what they look like (and that tapping one opens its problem).
    Idempotent: nothing is added when the park already has tracker notifications."""
    from engage.core.notifications import Notification, notify
    from engage.core.urls import path_for
    from engage.tracker.whistles.notify import MESSAGES as WHISTLE_KINDS

    if db.session.scalar(
        select(func.count(Notification.id)).where(Notification.kind.like("tracker.%"))
    ):
        return 0
    whistle = ProblemSource.WHISTLE
    # The demo accounts people sign in with first (safety@, dept-fire@) see the most:
    # each notice is about a problem of theirs when there is one, else any that fits.
    manager = _first(User.company_role == CompanyRole.SAFETY_MANAGER)
    department = db.session.scalar(select(Department.id).order_by(Department.id).limit(1))
    routed = (Problem.source == whistle) & Problem.department_id.is_not(None)
    preferences = [
        routed
        & (Problem.department_id == department)
        & (Problem.company_id == (manager.company_id if manager else None)),
        routed & (Problem.department_id == department),
        routed,
        Problem.department_id.is_not(None),
    ]
    reported = Problem.status == S.REPORTED
    problems = {
        "unrouted": _latest_of(preferences, reported),
        "to_report_in": _latest_of(preferences, reported, Problem.acknowledged_at.is_(None)),
        "reported_in": _latest_of(preferences, reported, Problem.acknowledged_at.is_not(None))
        or _latest_of(preferences, reported),
        "assigned": _latest_of(preferences, Problem.status == S.ASSIGNED),
        "rectifying": _latest_of(preferences, Problem.status == S.RECTIFYING),
        "awaiting": _latest_of(preferences, Problem.status == S.AWAITING_VERIFICATION),
        "closed": _latest_of(preferences, Problem.status == S.CLOSED),
        "reopened": _latest_of(preferences, Problem.status == S.REOPENED),
        "rejected": _latest_of(preferences, Problem.status == S.REJECTED),
    }
    supervisor = _first(User.platform_role == PlatformRole.SUPERVISOR)
    made = 0
    for n, (kind, who, key, page) in enumerate(DEMO_NOTICES):
        problem = problems.get(key)
        if problem is None:
            continue
        people = _demo_readers(who, problem, supervisor) or ([supervisor] if supervisor else [])
        url = (
            path_for("tracker.whistles.detail", problem_id=problem.id)
            if page == "whistle"
            else path_for("tracker.problems.detail", number=problem.number)
        )
        for person in people:
            locale = person.locale or "zh_Hans"
            dept_name = problem.department.display_name(locale) if problem.department else ""
            params = {
                "number": problem.number,
                "title": problem.title,
                "department": dept_name,
                "from_department": dept_name,
                "hours": 24,
                "name": person.name,
                "due": problem.due_at.date().isoformat() if problem.due_at else "",
                "reason": "不属于本部门职责，请重新分派。",
            }
            if kind not in WHISTLE_KINDS:
                params = {k: params[k] for k in ("number", "title", "name", "due")}
            note = notify(person, kind, url=url, **params)
            note.created_at = now - timedelta(hours=2 * n + 1)
            note.read_at = None if n % 3 else note.created_at + timedelta(hours=1)
            made += 1
    db.session.flush()
    return made


def _latest_of(preferences, *conditions) -> Problem | None:
    """The newest problem meeting `conditions` and the first preference any meets."""
    for preferred in [*preferences, true()]:
        found = db.session.scalar(
            select(Problem)
            .where(preferred, *conditions)
            .order_by(Problem.created_at.desc())
            .limit(1)
        )
        if found is not None:
            return found
    return None


def _demo_readers(who: str, problem: Problem, supervisor: User | None) -> list[User]:
    if who == "supervisor":
        return [supervisor] if supervisor else []
    if who == "reporter":
        return [problem.reporter] if problem.reporter else []
    if who == "department" and problem.department_id is not None:
        return list(
            db.session.scalars(
                select(User).where(User.department_id == problem.department_id).order_by(User.id)
            )
        )
    if who == "company" and problem.company_id is not None:
        return list(
            db.session.scalars(
                select(User)
                .where(
                    User.company_id == problem.company_id,
                    User.company_role.in_([CompanyRole.SAFETY_MANAGER, CompanyRole.ADMIN]),
                )
                .order_by(User.id)
            )
        )
    return []


def _one_problem(
    i,
    rng,
    now,
    created,
    fate,
    point,
    supervisor,
    grid,
    departments,
    by_company,
    dept_people,
    photos,
) -> None:
    title, category, description = HAZARDS[i % len(HAZARDS)]
    severity = rng.choices(list(Severity), weights=[55, 35, 10])[0]
    staff = by_company.get(point.company_id, [])
    managers = [
        u for u in staff if u.company_role in (CompanyRole.SAFETY_MANAGER, CompanyRole.ADMIN)
    ]
    worker = next((u for u in staff if u.company_role == CompanyRole.EMPLOYEE), None)
    manager = managers[0] if managers else None
    others = [
        u
        for cid, us in by_company.items()
        if cid != point.company_id
        for u in us
        if u.company_role == CompanyRole.SAFETY_MANAGER
    ]
    source = rng.choice(
        [
            ProblemSource.SUPERVISOR_VISIT,
            ProblemSource.PEER_INSPECTION,
            ProblemSource.SELF_CHECK,
            ProblemSource.WHISTLE,
        ]
    )
    reporter = {
        ProblemSource.SUPERVISOR_VISIT: supervisor,
        ProblemSource.PEER_INSPECTION: others[0] if others else supervisor,
        ProblemSource.SELF_CHECK: manager or supervisor,
        ProblemSource.WHISTLE: grid,
    }[source]
    seq, number = next_number(created.year)
    days = {Severity.MINOR: 30, Severity.MAJOR: 14, Severity.CRITICAL: 3}[severity]
    department = None
    if source is ProblemSource.WHISTLE and departments:
        department = rng.choice(departments)
    problem = Problem(
        number=number,
        year=created.year,
        seq=seq,
        title=title,
        description=description,
        category=category,
        severity=severity,
        source=source,
        status=S.REPORTED,
        point_id=point.id,
        company_id=point.company_id,
        area_id=point.company.area_id,
        reporter_id=reporter.id,
        reporter_company_id=reporter.company_id,
        due_at=created + timedelta(days=days if rng.random() < 0.35 else days * rng.uniform(1, 5)),
        created_at=created,
        updated_at=created,
        department_id=department.id if department else None,
        routed_at=created + timedelta(hours=2) if department else None,
        ack_due_at=created + timedelta(hours=26) if department else None,
    )
    db.session.add(problem)
    db.session.flush()
    db.session.add(ProblemWatcher(problem_id=problem.id, user_id=reporter.id))
    at = created
    add_event(
        problem,
        EventKind.CREATED,
        actor=reporter,
        to_status=S.REPORTED,
        at=at,
        photos=[rng.choice(photos)],
        photo_stage=PhotoStage.BEFORE,
        source=source.value,
    )
    if department is not None:
        add_event(
            problem,
            EventKind.ROUTED,
            actor=supervisor,
            at=at + timedelta(hours=2),
            department=department.name,
        )
        if fate is not S.REPORTED or rng.random() < 0.5:
            lead = (dept_people.get(department.id) or [None])[0]
            problem.acknowledged_at = at + timedelta(hours=rng.randint(3, 30))
            problem.acknowledged_by_id = lead.id if lead else None
            add_event(problem, EventKind.ACKNOWLEDGED, actor=lead, at=problem.acknowledged_at)
    if fate is S.REPORTED:
        return
    # Each step takes a share of the days the severity allows (some run late).
    step = max(
        min((now - created) / 5, timedelta(days=days) * rng.uniform(0.1, 0.4)), timedelta(hours=1)
    )

    def move(to, actor, key, photos=(), **extra):
        nonlocal at
        at = min(at + step * rng.uniform(0.5, 1.0), now)
        before = problem.status
        problem.status = to
        problem.updated_at = at
        add_event(
            problem,
            EventKind.TRANSITION,
            actor=actor,
            note=rng.choice(NOTES[key]),
            from_status=before,
            to_status=to,
            at=at,
            photos=photos,
            photo_stage=PhotoStage.AFTER,
            move=key,
            **extra,
        )

    if fate is S.REJECTED:
        move(S.REJECTED, supervisor, "reject")
        return
    assignee = worker or manager
    problem.assignee_id = assignee.id if assignee else None
    move(
        S.ASSIGNED,
        reporter if reporter is not manager else supervisor,
        "assign",
        assignee=assignee.name if assignee else "",
    )
    if fate is S.ASSIGNED:
        return
    rectifier = assignee or manager
    move(S.RECTIFYING, rectifier, "start")
    if fate is S.RECTIFYING:
        return
    problem.rectified_by_id = rectifier.id if rectifier else None
    problem.rectified_at = at
    move(S.AWAITING_VERIFICATION, rectifier, "submit", photos=[rng.choice(photos)])
    if fate is S.AWAITING_VERIFICATION:
        return
    verifier = reporter if reporter.company_id != point.company_id else supervisor
    move(S.CLOSED, verifier, "verify")
    problem.closed_at = at
    problem.verified_by_id = verifier.id
    problem.days_to_close = (at - created).total_seconds() / 86400
    if fate is S.REOPENED:
        move(S.REOPENED, supervisor, "reopen")
        problem.closed_at = None
        problem.days_to_close = None
