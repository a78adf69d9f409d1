"""Demo points (a site > building > area tree per demo company) and demo routing rules.

Idempotent: a company that already has points gets none; a rule that exists is
left alone. Does nothing when the demo companies or departments are not there.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select

from engage.accounts.models import Company, CompanyRole, Department, User
from engage.core.timeutil import utcnow
from engage.core.vocab import FocusTarget
from engage.extensions import db
from engage.tracker.models import Point, PointCode, PointKind, ProblemCategory, RoutingRule
from engage.tracker.points.services import new_code

# (site, focus target, [(building, [areas])]): clearly fictional places.
LAYOUTS = [
    (
        "一号厂区",
        FocusTarget.INDUSTRIAL_PREMISES,
        [
            ("A栋生产车间", ["一楼装配线", "二楼喷涂间", "危化品暂存间"]),
            ("B栋仓库", ["原料库", "成品库"]),
        ],
    ),
    (
        "二号厂区",
        FocusTarget.OLD_EQUIPMENT,
        [("锅炉房", ["锅炉操作间"]), ("动力中心", ["配电室", "空压机房"])],
    ),
    ("研发楼", FocusTarget.HIGH_RISE, [("主楼", ["三楼实验室", "地下车库"])]),
]
LOCATIONS = ["园区星湖街88号", "园区金鸡湖大道1号", "园区唯亭科技路12号", "园区东环路300号"]

# Demo routing: category -> department, by the department's code (or its Chinese name).
ROUTES = [
    (ProblemCategory.FIRE, ("fire", "消防")),
    (ProblemCategory.EVACUATION, ("fire", "消防")),
    (ProblemCategory.CHEMICALS, ("emerg", "应急")),
    (ProblemCategory.SPECIAL_EQUIPMENT, ("market", "市场监")),
]


def _department(code: str, name_part: str) -> Department | None:
    return db.session.scalar(
        select(Department)
        .where(or_(func.lower(Department.code).contains(code), Department.name.contains(name_part)))
        .order_by(Department.id)
        .limit(1)
    )


def _add(
    company: Company,
    parent: Point | None,
    kind: PointKind,
    name: str,
    focus: FocusTarget,
    location: str,
    responsible: User | None,
) -> Point:
    code = new_code()
    while db.session.scalar(select(PointCode.id).where(PointCode.code == code)):
        code = new_code()
    point = Point(
        company=company,
        parent=parent,
        kind=kind,
        name=name,
        location=location,
        focus_target=focus,
        responsible_id=getattr(responsible, "id", None),
        code=code,
        scan_count=0,
        active=True,
    )
    db.session.add(point)
    db.session.flush()
    db.session.add(PointCode(point_id=point.id, code=code, created_at=utcnow()))
    return point


def load() -> None:
    companies = db.session.scalars(
        select(Company).where(Company.is_active.is_(True)).order_by(Company.id)
    ).all()
    for index, company in enumerate(companies):
        if db.session.scalar(select(Point.id).where(Point.company_id == company.id).limit(1)):
            continue
        manager = db.session.scalar(
            select(User)
            .where(
                User.company_id == company.id,
                User.company_role.in_([CompanyRole.SAFETY_MANAGER, CompanyRole.ADMIN]),
            )
            .order_by(User.company_role.desc(), User.id)
            .limit(1)
        )
        site_name, focus, buildings = LAYOUTS[index % len(LAYOUTS)]
        location = company.address or LOCATIONS[index % len(LOCATIONS)]
        site = _add(company, None, PointKind.SITE, site_name, focus, location, manager)
        for building_name, areas in buildings:
            building = _add(
                company, site, PointKind.BUILDING, building_name, focus, location, manager
            )
            for area_name in areas:
                _add(
                    company,
                    building,
                    PointKind.AREA,
                    area_name,
                    focus,
                    f"{building_name}{area_name}",
                    manager,
                )
    for category, (code, name_part) in ROUTES:
        department = _department(code, name_part)
        if department is None:
            continue
        exists = db.session.scalar(
            select(RoutingRule.id).where(
                RoutingRule.category == category, RoutingRule.area_id.is_(None)
            )
        )
        if exists is None:
            db.session.add(
                RoutingRule(category=category, area_id=None, department_id=department.id)
            )
    db.session.flush()
