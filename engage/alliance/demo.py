"""The demo park's alliances: two alliances with members, a year of six-links activities,
30 posts with reviews, comments and adoptions, resources and one closed aid request.

`load()` is idempotent: an alliance found by name is left as it is, a company with
resources keeps its list, the aid request is made once. Needs the accounts demo.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from engage.accounts.models import Company, User
from engage.alliance.aid import services as aid
from engage.alliance.aid.models import AidRequest
from engage.alliance.alliances import services as alliances
from engage.alliance.alliances.models import Alliance
from engage.alliance.demo_data import (
    ACTIVITIES,
    ADOPTIONS,
    BODY,
    COMMENTS,
    PRACTICES,
    RESOURCES,
    REVIEWS,
)
from engage.alliance.posts import feedback
from engage.alliance.posts import services as posts
from engage.alliance.sixlinks import services as sixlinks
from engage.core.timeutil import to_local, utcnow
from engage.extensions import db

ALLIANCES = [
    (
        "高端制造区安全互助联盟",
        "chengxin",
        "GM",
        ["chengxin", "hengtai", "dongan", "xinlu", "huayue", "hoffmann", "licheng"],
    ),
    (
        "园区党建+安全双联盟",
        "suhu",
        None,
        [
            "suhu",
            "jinghu-bio",
            "tongqu",
            "hefeng",
            "yunxiu",
            "borui",
            "ruijing",
            "anlan",
            "ruikang",
            "xinghe",
        ],
    ),
]

CHARTER = """## 宗旨

成员企业坚持安全互助、管理互查、经验互鉴、应急互援，共同提升园区安全生产水平。

## 六联机制

联学、联享、联办、联建、联促、联管，按月记录、按季通报。

## 成员义务

1. 每季度至少参加一次联盟活动；
2. 及时分享整改经验，认真评价同行做法；
3. 维护应急资源清单，接到互援请求及时响应。
"""


def _manager(slug: str) -> User | None:
    email = "safety@example.com" if slug == "suhu" else f"{slug}-safety@example.com"
    return db.session.scalar(select(User).where(User.email == email))


def _companies() -> dict[str, Company]:
    found: dict[str, Company] = {}
    for user in db.session.scalars(select(User).where(User.email.like("%-safety@example.com"))):
        assert user.company is not None  # a company's safety manager
        found[user.email.split("-safety@")[0]] = user.company
    suhu = _manager("suhu")
    if suhu is not None:
        assert suhu.company is not None  # a company's safety manager
        found["suhu"] = suhu.company
    return found


def _redate(source_kind: str, source_id: int, day: date) -> None:
    sixlinks.redate(source_kind, source_id, day)


def load() -> None:
    supervisor = db.session.scalar(select(User).where(User.email == "supervisor@example.com"))
    companies = _companies()
    if supervisor is None or not companies:
        return
    today = to_local(utcnow()).date()
    post_index = 0
    for n, (name, lead, area_code, members) in enumerate(ALLIANCES):
        if db.session.scalar(select(Alliance.id).where(Alliance.name == name)):
            post_index += 15
            continue
        area_id = companies[lead].area_id if area_code else None
        alliance = alliances.create_alliance(
            alliances.AllianceData(
                name=name, charter=CHARTER, lead_company_id=companies[lead].id, area_id=area_id
            ),
            actor=supervisor,
        )
        for slug in members:
            if slug != lead and slug in companies:
                alliances._add_member(alliance, companies[slug].id, supervisor)
        member_slugs = [s for s in members if s in companies]
        _activities(alliance, member_slugs, companies, supervisor, today, n)
        _posts(alliance, member_slugs, companies, today, post_index)
        post_index += 15
        db.session.flush()
    _resources(companies)
    _aid(supervisor)
    db.session.flush()
    from engage.alliance.inspections import demo as inspections

    inspections.load()
    from engage.alliance.taskforces.demo import load as load_taskforces

    load_taskforces()
    _notices(supervisor)


def _notices(supervisor: User) -> None:
    """Recent notifications of every alliance kind for the people of the first alliance's
    lead company (the office for flags), each about a demo object they may open."""
    from engage.accounts.models import CompanyRole
    from engage.alliance.posts.models import LessonInvite, Post, PostStatus
    from engage.core.notifications import add_demo_notices

    alliance = db.session.scalar(select(Alliance).order_by(Alliance.id).limit(1))
    if alliance is None:
        return
    readers = db.session.scalars(
        select(User)
        .where(
            User.company_id == alliance.lead_company_id,
            User.company_role.in_([CompanyRole.ADMIN, CompanyRole.SAFETY_MANAGER]),
        )
        .order_by(User.id)
    ).all()
    post = db.session.scalar(
        select(Post)
        .where(Post.alliance_id == alliance.id, Post.status == PostStatus.PUBLISHED)
        .order_by(Post.id)
        .limit(1)
    )
    request = db.session.scalar(
        select(AidRequest).where(AidRequest.alliance_id == alliance.id).order_by(AidRequest.id)
    )
    invite = db.session.scalar(select(LessonInvite).order_by(LessonInvite.id).limit(1))
    if invite is None:
        invite = _lesson_invite(alliance, supervisor)
    company = db.session.scalar(
        select(Company).where(Company.id != alliance.lead_company_id).order_by(Company.id)
    )
    other = company.name if company else ""
    notices: list = []
    for reader in readers[:2]:
        notices += [
            (
                reader,
                "alliance.join_requested",
                f"/alliance/{alliance.id}/requests",
                {"company": other, "alliance": alliance.name},
            ),
            (reader, "alliance.join_approved", f"/alliance/{alliance.id}", _names(alliance)),
            (reader, "alliance.join_refused", f"/alliance/{alliance.id}", _names(alliance)),
        ]
        if post is not None:
            url = f"/alliance/posts/{post.id}"
            about = {"title": post.title, "name": "陈立", "company": other}
            notices += [
                (reader, "alliance.review", url, {**about, "score": 4}),
                (reader, "alliance.comment", url, about),
                (reader, "alliance.mention", url, about),
                (reader, "alliance.adopted", url, about),
                (reader, "alliance.post_hidden", url, {**about, "reason": "内容待核实"}),
                (reader, "alliance.post_restored", url, about),
                (reader, "alliance.comment_hidden", url, {**about, "reason": "与主题无关"}),
            ]
            notices.append(
                (
                    supervisor,
                    "alliance.flagged",
                    "/alliance/posts/flags",
                    {**about, "reason": "有错别字"},
                )
            )
        if request is not None:
            url = f"/alliance/aid/requests/{request.id}"
            need = {"what": request.what, "where": request.where, "urgency": "紧急"}
            notices += [
                (reader, "alliance.aid_request", url, need),
                (reader, "alliance.aid_offer", url, {"company": other, "quantity": 1, "note": ""}),
                (reader, "alliance.aid_accepted", url, need),
                (reader, "alliance.aid_closed", url, need),
            ]
    if invite is not None:
        writers = db.session.scalars(
            select(User)
            .where(
                User.company_id == invite.company_id,
                User.company_role.in_([CompanyRole.ADMIN, CompanyRole.SAFETY_MANAGER]),
            )
            .order_by(User.id)
            .limit(2)
        ).all()
        notices += [
            (
                writer,
                "alliance.lesson_invite",
                f"/alliance/posts/lessons/{invite.id}/write",
                {"number": invite.problem_number},
            )
            for writer in writers
        ]
    add_demo_notices(notices)


def _lesson_invite(alliance: Alliance, supervisor: User):
    """An invitation to a member company to write up one of its closed problems (the demo's
    problems are closed without the signal that invites in the running park)."""
    from engage import tracker
    from engage.alliance.posts.models import LessonInvite
    from engage.core.vocab import FocusTarget

    members = alliances.member_company_ids(alliance)
    areas = sorted(
        {c.area_id for c in db.session.scalars(select(Company).where(Company.id.in_(members)))}
        - {None}
    )
    for area_id in areas:
        for target in FocusTarget:
            rows = tracker.problems_for_pickup(area_id, target, supervisor, closed=True)
            row = next((r for r in rows if r.company_id in members), None)
            if row is not None and row.company_id is not None:
                invite = LessonInvite(
                    company_id=row.company_id,
                    alliance_id=alliance.id,
                    problem_id=row.id,
                    problem_number=row.number,
                )
                db.session.add(invite)
                db.session.flush()
                return invite
    return None


def _names(alliance: Alliance) -> dict:
    return {"alliance": alliance.name, "reason": "名额已满"}


def _activities(alliance, slugs, companies, actor, today, seed) -> None:
    for month_back in range(12):
        for k in range(2):
            title, links = ACTIVITIES[(month_back * 2 + k + seed) % len(ACTIVITIES)]
            day = today - timedelta(days=month_back * 30 + 3 + k * 9)
            picked = [
                companies[slugs[(month_back + k + j) % len(slugs)]].id
                for j in range(2 + (month_back + k) % 3)
            ]
            sixlinks.record_activity(
                alliance,
                sixlinks.ActivityData(
                    title=title,
                    occurred_on=day,
                    links=links,
                    company_ids=picked,
                    description=f"{title}：成员企业共同参与，形成会议纪要和整改清单。",
                ),
                actor=actor,
            )


def _posts(alliance, slugs, companies, today, start) -> None:
    for i in range(15):
        title, focus, tags = PRACTICES[(start + i) % len(PRACTICES)]
        author_slug = slugs[i % len(slugs)]
        author = _manager(author_slug)
        if author is None:
            continue
        post = posts.create_post(
            posts.PostData(
                title=title,
                body=BODY.format(title=title),
                alliance_id=alliance.id,
                visibility="park" if i % 4 == 0 else "alliance",
                focus_target=focus,
                tags=tags,
            ),
            actor=author,
            publish=True,
        )
        day = today - timedelta(days=(i * 23) % 330 + 5)
        post.published_at = post.published_at - (today - day)
        _redate("post", post.id, day)
        for r in range(i % 4):
            peer = _manager(slugs[(i + r + 1) % len(slugs)])
            if peer is None or peer.company_id == post.company_id:
                continue
            review = feedback.review_post(
                post, 3 + (i + r) % 3, REVIEWS[(i + r) % len(REVIEWS)], actor=peer
            )
            _redate("review", review.id, min(today, day + timedelta(days=3 + r)))
        for c in range(i % 3):
            commenter = _manager(slugs[(i + c + 2) % len(slugs)])
            if commenter is not None:
                feedback.add_comment(post, COMMENTS[(i + c) % len(COMMENTS)], actor=commenter)
        for a in range((i % 5) // 2):
            adopter = _manager(slugs[(i + a + 3) % len(slugs)])
            if adopter is not None and adopter.company_id != post.company_id:
                feedback.adopt(post, ADOPTIONS[(i + a) % len(ADOPTIONS)], actor=adopter)


def _resources(companies) -> None:
    for n, (slug, company) in enumerate(sorted(companies.items())):
        manager = _manager(slug)
        if manager is None or aid.company_resources(company.id):
            continue
        for k in range(2 + n % 2):
            kind, name, quantity, unit = RESOURCES[(n + k) % len(RESOURCES)]
            aid.save_resource(
                company.id,
                aid.ResourceData(
                    kind=kind,
                    name=name,
                    quantity=quantity,
                    unit=unit,
                    contact_name=manager.name,
                    contact_phone=manager.phone or "0512-6555 0000",
                ),
                actor=manager,
            )


def _aid(supervisor) -> None:
    if db.session.scalar(select(AidRequest.id).limit(1)):
        return
    alliance = db.session.scalar(select(Alliance).where(Alliance.name == ALLIANCES[0][0]))
    lead = _manager("chengxin")
    helper = _manager("hengtai")
    if alliance is None or lead is None or helper is None:
        return
    request = aid.raise_request(
        alliance,
        what="需要两套正压式空气呼吸器支援",
        where="澄芯半导体启明路66号二号厂房",
        urgency="critical",
        actor=lead,
    )
    offer = aid.offer_help(request, alliance, quantity=2, note="十五分钟内送达东门", actor=helper)
    aid.accept_offer(offer, request, actor=lead)
    aid.close_request(
        request,
        "特气泄漏处置完毕，恒泰化工两套呼吸器及时到场，无人员受伤。"
        "后续将在联盟内统一呼吸器接口型号。",
        actor=lead,
    )


__all__ = ["load"]
