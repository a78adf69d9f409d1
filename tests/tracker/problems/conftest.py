"""A small park for the problem tests: two companies, a point, a department, people."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from PIL import Image

from engage.tracker.models import Point, PointKind, ProblemCategory, ProblemSource, Severity
from engage.tracker.problems import services


@pytest.fixture
def park(db, make_company, make_user, make_department, make_area):
    area = make_area()
    owner = make_company(name="苏州恒远精密机械有限公司", area=area)  # the responsible company
    inspector = make_company(name="苏州博瑞生物医药有限公司", area=area)  # inspects peers
    stranger = make_company(name="无关企业有限公司")
    dept = make_department(name="园区消防救援大队")
    point = Point(company=owner, kind=PointKind.SITE, name="一号厂房", code="PT000001")
    other_point = Point(company=stranger, kind=PointKind.SITE, name="外企仓库", code="PT000002")
    db.session.add_all([point, other_point])
    db.session.commit()
    return SimpleNamespace(
        area=area,
        owner=owner,
        inspector=inspector,
        stranger=stranger,
        dept=dept,
        point=point,
        other_point=other_point,
        admin=make_user("admin"),
        supervisor=make_user("supervisor"),
        grid=make_user("grid_officer"),
        owner_manager=make_user("safety_manager", company=owner),
        owner_admin=_company_admin(db, make_user, owner),
        owner_worker=make_user("employee", company=owner),
        inspector_manager=make_user("safety_manager", company=inspector),
        inspector_worker=make_user("employee", company=inspector),
        stranger_manager=make_user("safety_manager", company=stranger),
        dept_member=make_user("department", department=dept),
        dept_lead=make_user("department_lead", department=dept),
        nobody=make_user(),
    )


def _company_admin(db, make_user, company):
    from engage.accounts.models import CompanyRole

    user = make_user("employee", company=company)
    user.company_role = CompanyRole.ADMIN
    db.session.commit()
    return user


def open_problem(park, reporter=None, **kw):
    """A problem on the owner's point, reported by the inspecting company's manager."""
    kw.setdefault("point", park.point)
    return services.open_problem(
        title=kw.pop("title", "消防通道堆放杂物"),
        category=kw.pop("category", ProblemCategory.FIRE),
        severity=kw.pop("severity", Severity.MAJOR),
        source=kw.pop("source", ProblemSource.PEER_INSPECTION),
        actor=reporter or park.inspector_manager,
        **kw,
    )


@pytest.fixture
def problem(db, park):
    p = open_problem(park)
    db.session.commit()
    return p


def png_bytes(color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def photo(db, park):
    from werkzeug.datastructures import FileStorage

    from engage.core.uploads import save_image

    def make(color=(200, 30, 30)):
        media = save_image(
            FileStorage(
                io.BytesIO(png_bytes(color)), filename="after.png", content_type="image/png"
            ),
            actor=park.owner_manager,
        )
        db.session.flush()
        return media

    return make


@pytest.fixture
def login_as(login_as):
    """The shared login_as, forgetting the previous user: the test's app context (and its
    `g`) outlives each request, so a second login in one test needs a clean `g`."""
    from flask import g

    def login(user, which=None):
        g.pop("_login_user", None)
        g.pop("unread_notifications", None)
        return login_as(user, which)

    return login
