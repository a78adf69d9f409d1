"""Demo data of peer inspections: the item library (81 items), checklists for the focus
targets, each demo point given the checklist of its focus target, and in the first
alliance one finished inspection (report submitted and acknowledged, two hazards) and
one in progress (some items answered, the rest left). Idempotent."""

from __future__ import annotations

from sqlalchemy import select

from engage.accounts.models import PlatformRole, User
from engage.alliance.inspections import items as library
from engage.alliance.inspections.library_data import ITEMS
from engage.alliance.inspections.models import Checklist, Item, PointChecklist
from engage.core.timeutil import to_local, utcnow
from engage.core.vocab import FocusTarget
from engage.extensions import db

CHECKLISTS = [
    (
        "工业载体综合检查表",
        FocusTarget.INDUSTRIAL_PREMISES,
        [
            ("消防安全", "FS"),
            ("电气安全", "EL"),
            ("特种设备", "SE"),
            ("有限空间", "CS"),
            ("粉尘防爆", "DU"),
        ],
    ),
    (
        "工改仓专项检查表",
        FocusTarget.WAREHOUSE_CONVERSION,
        [("仓储管理", "WH"), ("消防安全", "FS"), ("电气安全", "EL")],
    ),
    ("高层楼宇检查表", FocusTarget.HIGH_RISE, [("高层建筑", "HR"), ("消防安全", "FS")]),
    (
        "生物医药载体检查表",
        FocusTarget.BIOMEDICINE,
        [("实验室安全", "BL"), ("危险化学品", "HC"), ("消防安全", "FS")],
    ),
]


def _office() -> User | None:
    return db.session.scalar(
        select(User).where(User.platform_role == PlatformRole.ADMIN).order_by(User.id).limit(1)
    )


def load() -> None:
    actor = _office()
    if actor is None:
        return
    have = set(db.session.scalars(select(Item.code)))
    for code, category, req, req_en, ref, severity, guidance in ITEMS:
        if code not in have:
            library.create_item(
                library.ItemData(
                    code=code,
                    category=category,
                    requirement=req,
                    requirement_en=req_en,
                    reference=ref,
                    severity=severity,
                    guidance=guidance,
                ),
                actor=actor,
            )
    db.session.flush()
    made: dict[FocusTarget, Checklist] = {}
    for name, target, sections in CHECKLISTS:
        found = db.session.scalar(select(Checklist).where(Checklist.name == name))
        if found is None:
            layout = "\n".join(
                f"# {title}\n" + "\n".join(c for c, *_rest in ITEMS if c.startswith(prefix + "-"))
                for title, prefix in sections
            )
            found = library.save_checklist(
                None,
                name=name,
                focus_target=target.value,
                description="",
                layout=layout,
                actor=actor,
            )
        made[target] = found
    db.session.flush()
    _give_points(made, actor)
    db.session.flush()
    _inspections(made)
    _proposal_and_notices()


# (item code, result, note): what the demo inspectors found.
FINISHED = [
    ("FS-003", "hazard", "二号仓库东侧疏散通道堆放纸箱，通道宽度不足一米。"),
    ("EL-002", "hazard", "配电箱前堆放货物，未铺设绝缘垫。"),
    ("HR-001", "hazard", "东侧消防车道有两辆货车违章停放。"),
]
IN_PROGRESS = [
    ("FS-001", "conforms", ""),
    ("FS-002", "not_applicable", "车间内未设室内消火栓，由室外消火栓保护。"),
    ("FS-003", "hazard", "一号车间安全出口被货架遮挡。"),
    ("FS-004", "conforms", "应急照明断电测试正常。"),
    ("FS-005", "conforms", ""),
    ("EL-001", "conforms", ""),
    ("EL-002", "conforms", ""),
]


def _inspections(made: dict) -> None:
    """A finished inspection (hengtai by chengxin) and one in progress (xinlu by dongan)."""
    from engage.alliance.alliances.models import Alliance
    from engage.alliance.inspections import services
    from engage.alliance.inspections.models import Inspection

    alliance = db.session.scalar(select(Alliance).where(Alliance.name == "高端制造区安全互助联盟"))
    if alliance is None or db.session.scalar(
        select(Inspection.id).where(Inspection.alliance_id == alliance.id).limit(1)
    ):
        return

    def manager(slug: str) -> User | None:
        return db.session.scalar(select(User).where(User.email == f"{slug}-safety@example.com"))

    def run(team_slug: str, host_slug: str, checklist: Checklist, found, finish: bool) -> None:
        inspector, host = manager(team_slug), manager(host_slug)
        if inspector is None or host is None or host.company_id is None:
            return
        inspection = services.propose_inspection(
            alliance,
            services.Proposal(
                alliance_id=alliance.id,
                host_company_id=host.company_id,
                checklist_id=checklist.id,
                planned_on=to_local(utcnow()).date(),
                team_ids=[inspector.id],
                note="联盟季度互查。",
            ),
            actor=inspector,
        )
        services.accept(inspection, actor=host)
        entries = services.entries_of(inspection)
        by_code = {e.item.code: e for e in entries}
        answers = {code: (result, note) for code, result, note in found if code in by_code}
        chosen = entries if finish else [by_code[c] for c, *_rest in found if c in by_code]
        for entry in chosen:
            result, note = answers.get(entry.item.code, ("conforms", ""))
            services.answer_item(inspection, entry.id, result, note, actor=inspector)
        if finish:
            services.submit(inspection, actor=inspector)
            services.acknowledge(inspection, actor=host)
            services.rate(inspection, 5, "检查细致，建议具体。", actor=host)
        db.session.flush()

    run("chengxin", "hengtai", made[FocusTarget.HIGH_RISE], FINISHED, True)
    run("dongan", "xinlu", made[FocusTarget.INDUSTRIAL_PREMISES], IN_PROGRESS, False)


def _give_points(made: dict, actor) -> None:
    """Each demo point without a checklist gets its focus target's (or the general one)."""
    from engage.accounts.models import Company
    from engage.tracker import company_tree, flatten

    rows = [
        (n.point.id, n.point.focus_target.value)
        for company_id in db.session.scalars(select(Company.id))
        for n in flatten(company_tree(company_id, include_inactive=False))
    ]
    taken = set(db.session.scalars(select(PointChecklist.point_id)))
    default = made[FocusTarget.INDUSTRIAL_PREMISES]
    for point_id, target in rows:
        if point_id in taken:
            continue
        checklist = next((c for t, c in made.items() if t.value == target), None)
        db.session.add(
            PointChecklist(
                point_id=point_id, checklist_id=(checklist or default).id, assigned_by_id=actor.id
            )
        )


def _proposal_and_notices() -> None:
    """One proposed and accepted inspection between two members of the first alliance,
    and recent notifications of every inspection kind about it for both companies'
    managers. Skipped when the park has no alliance with two member companies."""
    from datetime import timedelta

    from engage.accounts.models import CompanyRole
    from engage.alliance.alliances.models import Alliance
    from engage.alliance.alliances.services import member_company_ids
    from engage.alliance.inspections import services
    from engage.alliance.inspections.models import Inspection
    from engage.core.notifications import add_demo_notices
    from engage.core.urls import path_for

    inspection = db.session.scalar(select(Inspection).order_by(Inspection.id).limit(1))
    if inspection is None:
        alliance = db.session.scalar(select(Alliance).order_by(Alliance.id).limit(1))
        checklist = db.session.scalar(select(Checklist).order_by(Checklist.id).limit(1))
        if alliance is None or checklist is None:
            return
        members = sorted(member_company_ids(alliance))

        def manager(company_id: int) -> User | None:
            return db.session.scalar(
                select(User)
                .where(
                    User.company_id == company_id,
                    User.company_role == CompanyRole.SAFETY_MANAGER,
                    User.active.is_(True),
                )
                .order_by(User.id)
                .limit(1)
            )

        pairs = [(a, b) for a in members for b in members if a != b]
        pair = next(((a, b) for a, b in pairs if manager(a) and manager(b)), None)
        if pair is None:
            return
        inspecting, host = pair
        proposer, host_manager = manager(inspecting), manager(host)
        assert proposer is not None and host_manager is not None  # chosen for having them
        inspection = services.propose_inspection(
            alliance,
            services.Proposal(
                alliance_id=alliance.id,
                host_company_id=host,
                checklist_id=checklist.id,
                planned_on=to_local(utcnow()).date() + timedelta(days=7),
                team_ids=[proposer.id],
            ),
            actor=proposer,
        )
        services.accept(inspection, actor=host_manager)
    url = path_for("alliance.inspections.detail", inspection_id=inspection.id)
    about = {
        "host": inspection.host_company.name,
        "team": inspection.inspecting_company.name if inspection.inspecting_company else "",
        "day": inspection.planned_on.isoformat(),
        "hazards": 2,
    }
    readers = db.session.scalars(
        select(User)
        .where(
            User.company_id.in_(
                [inspection.host_company_id, inspection.inspecting_company_id or -1]
            ),
            User.company_role == CompanyRole.SAFETY_MANAGER,
        )
        .order_by(User.id)
    ).all()
    kinds = (
        "inspection.proposed",
        "inspection.accepted",
        "inspection.new_date",
        "inspection.reminder",
        "inspection.submitted",
        "inspection.acknowledged",
    )
    add_demo_notices([(reader, kind, url, about) for reader in readers for kind in kinds])
