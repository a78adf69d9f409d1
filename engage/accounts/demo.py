"""The demo park: areas, companies, departments and people in every role (all fictional).

`load()` is idempotent: each row is looked up by its natural key (code, credit
code, email) and only added when missing. The accounts are listed in
docs/demo-accounts.md.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from engage.accounts import uscc
from engage.accounts.models import (
    Company,
    CompanyRole,
    Department,
    FunctionalArea,
    JoinRequest,
    PlatformRole,
    User,
)
from engage.extensions import db

DEMO_PASSWORD = "Engage-demo-2026"  # noqa: S105 - the published demo password
DOMAIN = "example.com"

AREAS = [
    ("HD", "湖东片区", "Lake East District", "商务楼宇、研发办公与配套服务集中的片区。"),
    (
        "JH",
        "镜湖科教区",
        "Mirror Lake Science and Education District",
        "高校、研究机构与生物医药企业集中的科教区。",
    ),
    (
        "GM",
        "高端制造区",
        "Advanced Manufacturing District",
        "电子、装备、化工与新材料制造企业集中区。",
    ),
    ("ZB", "综合保税区", "Bonded Zone", "保税仓储、物流与进出口加工企业集中的区域。"),
]

DEPARTMENTS = [
    ("FIRE", "消防救援大队", "Fire and Rescue Brigade", "0512-6555 0119"),
    ("EMERG", "应急管理局", "Emergency Management Bureau", "0512-6555 0110"),
    ("MARKET", "市场监督管理局", "Market Supervision Administration", "0512-6555 0315"),
]

# slug, name, English name, industry, area code, street
COMPANIES = [
    (
        "suhu",
        "苏湖精密电子有限公司",
        "Suhu Precision Electronics Co., Ltd.",
        "electronics",
        "HD",
        "澄湖路18号",
    ),
    (
        "chengxin",
        "澄芯半导体（苏州）有限公司",
        "Chengxin Semiconductor (Suzhou) Co., Ltd.",
        "semiconductors",
        "GM",
        "启明路66号",
    ),
    (
        "jinghu-bio",
        "镜湖生物医药科技有限公司",
        "Jinghu Biopharma Technology Co., Ltd.",
        "biomedicine",
        "JH",
        "镜湖大道218号",
    ),
    (
        "hengtai",
        "恒泰化工材料有限公司",
        "Hengtai Chemical Materials Co., Ltd.",
        "chemicals",
        "GM",
        "青丘街9号",
    ),
    (
        "dongan",
        "东岸智能装备有限公司",
        "East Bank Intelligent Equipment Co., Ltd.",
        "machinery",
        "GM",
        "启明路120号",
    ),
    (
        "tongqu",
        "通衢供应链管理有限公司",
        "Tongqu Supply Chain Management Co., Ltd.",
        "logistics",
        "ZB",
        "通达路5号",
    ),
    ("hefeng", "禾丰食品有限公司", "Hefeng Foods Co., Ltd.", "food", "HD", "澄湖路102号"),
    (
        "yunxiu",
        "云岫物业管理有限公司",
        "Yunxiu Property Management Co., Ltd.",
        "property",
        "HD",
        "星汇广场A座",
    ),
    (
        "borui",
        "博睿医疗器械有限公司",
        "Borui Medical Devices Co., Ltd.",
        "biomedicine",
        "JH",
        "镜湖大道36号",
    ),
    (
        "ruijing",
        "锐晶光电科技有限公司",
        "Ruijing Optoelectronics Technology Co., Ltd.",
        "electronics",
        "HD",
        "兰台路77号",
    ),
    (
        "xinlu",
        "新陆汽车零部件有限公司",
        "Xinlu Auto Parts Co., Ltd.",
        "automotive",
        "GM",
        "青丘街66号",
    ),
    (
        "anlan",
        "安澜仓储物流有限公司",
        "Anlan Warehousing and Logistics Co., Ltd.",
        "logistics",
        "ZB",
        "通达路28号",
    ),
    (
        "huayue",
        "华岳新材料股份有限公司",
        "Huayue New Materials Co., Ltd.",
        "new_materials",
        "GM",
        "启明路8号",
    ),
    (
        "hoffmann",
        "霍夫曼自动化（苏州）有限公司",
        "Hoffmann Automation (Suzhou) Co., Ltd.",
        "machinery",
        "GM",
        "青丘街128号",
    ),
    (
        "ruikang",
        "瑞康生物制药有限公司",
        "Ruikang Biopharmaceutical Co., Ltd.",
        "biomedicine",
        "JH",
        "镜湖大道300号",
    ),
    (
        "xinghe",
        "星河微电子有限公司",
        "Xinghe Microelectronics Co., Ltd.",
        "semiconductors",
        "ZB",
        "通达路60号",
    ),
    (
        "xianda",
        "鲜达冷链物流有限公司",
        "Xianda Cold Chain Logistics Co., Ltd.",
        "logistics",
        "ZB",
        "通达路99号",
    ),
    (
        "mingche",
        "明澈检测技术有限公司",
        "Mingche Testing Technology Co., Ltd.",
        "research",
        "JH",
        "文萃路12号",
    ),
    ("jinsui", "金穗烘焙食品有限公司", "Jinsui Bakery Foods Co., Ltd.", "food", "HD", "兰台路15号"),
    (
        "tianji",
        "天际大厦物业服务有限公司",
        "Tianji Tower Property Services Co., Ltd.",
        "property",
        "HD",
        "天际大厦1层",
    ),
    ("licheng", "立诚精细化工有限公司", None, "chemicals", "GM", "青丘街200号"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"  # noqa: E501
GIVEN = [
    "建国",
    "秀英",
    "志强",
    "丽娟",
    "海峰",
    "晓燕",
    "文博",
    "雅婷",
    "俊杰",
    "静怡",
    "国栋",
    "婉清",
    "子轩",
    "欣然",
    "宏伟",
    "梦琪",
    "立新",
    "佳慧",
    "浩然",
    "思远",
    "玉兰",
    "晨阳",
    "嘉怡",
    "振华",
    "慧敏",
    "天佑",
    "若曦",
    "明辉",
    "雨桐",
    "永康",
    "春梅",
    "一鸣",
    "诗涵",
    "德昌",
    "彤彤",
    "锦程",
    "丹丹",
    "鹏飞",
    "晓梅",
    "家豪",
    "美玲",
    "伟东",
    "敏",
    "涛",
    "磊",
    "娜",
    "勇",
    "洁",
]

# The accounts README points at: (email, name, what they are).
NAMED_PEOPLE: list[tuple[str, str, dict[str, Any]]] = [
    ("admin", "周明远", {"platform_role": PlatformRole.ADMIN}),
    ("supervisor", "陈立群", {"platform_role": PlatformRole.SUPERVISOR}),
    ("supervisor2", "沈嘉禾", {"platform_role": PlatformRole.SUPERVISOR}),
    ("grid", "王海燕", {"platform_role": PlatformRole.GRID_OFFICER}),
    ("grid2", "顾晓峰", {"platform_role": PlatformRole.GRID_OFFICER}),
    ("dept-fire", "刘建军", {"department": "FIRE", "lead": True}),
    ("fire-duty", "吴振宇", {"department": "FIRE"}),
    ("dept-emergency", "赵敏", {"department": "EMERG", "lead": True}),
    ("dept-market", "孙丽华", {"department": "MARKET", "lead": True}),
    ("company-admin", "李国华", {"company": "suhu", "role": CompanyRole.ADMIN}),
    ("safety", "张静", {"company": "suhu", "role": CompanyRole.SAFETY_MANAGER}),
    ("employee", "黄志伟", {"company": "suhu", "role": CompanyRole.EMPLOYEE}),
    ("newcomer", "林小雨", {}),
]


def _person_name(i: int) -> str:
    return SURNAMES[(i * 7) % len(SURNAMES)] + GIVEN[(i * 11) % len(GIVEN)]


def load() -> None:
    """Add whatever of the demo park is missing. Flushes; the caller commits."""
    password_hash = generate_password_hash(DEMO_PASSWORD, method="scrypt")
    areas = _load_areas()
    departments = _load_departments()
    companies = _load_companies(areas)
    users: dict[str, User] = {}

    def person(local: str, name: str, **fields) -> User:
        email = f"{local}@{DOMAIN}"
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(
                email=email,
                name=name,
                password_hash=password_hash,
                locale="zh_Hans",
                timezone="Asia/Shanghai",
                phone=f"1390512{len(users):04d}",
                **fields,
            )
            db.session.add(user)
        users[local] = user
        return user

    for local, name, spec in NAMED_PEOPLE:
        fields: dict = {}
        if "platform_role" in spec:
            fields["platform_role"] = spec["platform_role"]
        if "department" in spec:
            fields["department"] = departments[spec["department"]]
            fields["is_department_lead"] = spec.get("lead", False)
        if "company" in spec:
            fields["company"] = companies[spec["company"]]
            fields["company_role"] = spec["role"]
        person(local, name, **fields)

    i = 0
    for slug, *_rest in COMPANIES:
        roles = [
            ("safety", CompanyRole.SAFETY_MANAGER),
            ("staff1", CompanyRole.EMPLOYEE),
            ("staff2", CompanyRole.EMPLOYEE),
        ]
        if slug != "suhu":
            roles.insert(0, ("admin", CompanyRole.ADMIN))
        for suffix, role in roles:
            i += 1
            person(f"{slug}-{suffix}", _person_name(i), company=companies[slug], company_role=role)
    db.session.flush()

    newcomer = users["newcomer"]
    if (
        newcomer.company_id is None
        and db.session.scalar(select(JoinRequest.id).where(JoinRequest.user_id == newcomer.id))
        is None
    ):
        db.session.add(
            JoinRequest(
                user=newcomer,
                company=companies["suhu"],
                message="我是新入职的生产部技术员，请批准加入。",
            )
        )
    db.session.flush()
    _notices(users, companies["suhu"])


def _notices(users: dict[str, User], company: Company) -> None:
    """Recent notifications of every accounts kind, as the people would have them."""
    from engage.core.notifications import add_demo_notices

    mine = "/company"
    add_demo_notices(
        [
            (
                users.get("company-admin"),
                "account.join_requested",
                f"/companies/{company.id}/members",
                {"name": users["newcomer"].name, "company": company.name},
            ),
            (users.get("employee"), "account.join_approved", mine, {"company": company.name}),
            (users.get("safety"), "account.role_changed", mine, {"role": "安全管理员"}),
            (users.get("newcomer"), "account.join_refused", mine, {"company": "澄芯半导体"}),
        ]
    )


def _load_areas() -> dict[str, FunctionalArea]:
    found = {a.code: a for a in db.session.scalars(select(FunctionalArea))}
    for code, name, name_en, description in AREAS:
        if code not in found:
            found[code] = FunctionalArea(
                code=code, name=name, name_en=name_en, description=description
            )
            db.session.add(found[code])
    return found


def _load_departments() -> dict[str, Department]:
    found = {d.code: d for d in db.session.scalars(select(Department))}
    for code, name, name_en, phone in DEPARTMENTS:
        if code not in found:
            found[code] = Department(code=code, name=name, name_en=name_en, phone=phone)
            db.session.add(found[code])
    return found


def _load_companies(areas: dict[str, FunctionalArea]) -> dict[str, Company]:
    result = {}
    for n, (slug, name, name_en, industry, area, street) in enumerate(COMPANIES, start=1):
        code = uscc.complete(f"91320594MA1Q{n:05d}")
        company = db.session.scalar(select(Company).where(Company.uscc == code))
        if company is None:
            company = Company(
                name=name,
                name_en=name_en,
                uscc=code,
                area=areas[area],
                industry=industry,
                address=f"示范园区{street}",
                contact_name=_person_name(100 + n),
                contact_phone=f"0512-6555 {n:04d}",
            )
            db.session.add(company)
        result[slug] = company
    return result
