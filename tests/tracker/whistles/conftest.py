"""Fixtures for whistles: a point, departments with members, a routing rule, a photo."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage

from engage.core import challenge
from engage.tracker.models import ProblemCategory, RoutingRule
from engage.tracker.points import services as points


@pytest.fixture(autouse=True)
def _no_minimum_fill_time(app):
    app.config["ENGAGE_WHISTLE_MIN_SECONDS"] = 0


@pytest.fixture
def company(make_company):
    return make_company(name="金鸡湖化工有限公司")


@pytest.fixture
def point(db, company, make_user):
    p = points.create_point(company, actor=make_user("supervisor"), name="危化品仓库")
    db.session.commit()
    return p


@pytest.fixture
def fire(make_department):
    return make_department(name="消防救援大队", code="fire", name_en="Fire brigade")


@pytest.fixture
def emergency(make_department):
    return make_department(name="应急管理局", code="emergency")


@pytest.fixture
def fire_member(make_user, fire):
    return make_user("department", department=fire, name="消防队员")


@pytest.fixture
def fire_lead(make_user, fire):
    return make_user("department_lead", department=fire, name="消防队长")


@pytest.fixture
def fire_rule(db, fire):
    rule = RoutingRule(category=ProblemCategory.FIRE, area_id=None, department_id=fire.id)
    db.session.add(rule)
    db.session.commit()
    return rule


def png_bytes(size=(40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buf, "PNG")
    return buf.getvalue()


def photo(name="hazard.png", data=None) -> FileStorage:
    return FileStorage(
        stream=io.BytesIO(data or png_bytes()), filename=name, content_type="image/png"
    )


@pytest.fixture
def answered():
    """Form fields that pass the spam challenge."""

    def make(**fields):
        token, a, b = challenge.new_challenge()
        data = {
            "category": "fire",
            "title": "消防通道被堵",
            "description": "纸箱堆满通道",
            "challenge": token,
            "answer": str(a + b),
            "website": "",
        }
        data.update(fields)
        return data

    return make


@pytest.fixture(autouse=True)
def _english_pages(client):
    """Pages in English (the source strings the assertions read), as a browser asking for it."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
