"""The demo park's events: last June's safety-culture showcase (12 performances, the
programme, photos drawn with Pillow, award results) and an upcoming drill that is full
with a waiting list. Needs the accounts demo (run after it); adds nothing twice.
"""

from __future__ import annotations

import io
import random
from datetime import UTC, datetime, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from engage.accounts.models import CompanyRole, User
from engage.alliance import alliance_choices
from engage.core.timeutil import utcnow
from engage.core.uploads import save_image
from engage.events.awards.models import AudienceVote, AwardCategory, AwardMethod, JuryScore
from engage.events.catalogue import services as catalogue
from engage.events.catalogue.models import Audience, Event, EventKind, EventOrganiser, EventStatus
from engage.events.media.models import Album, Photo
from engage.events.performances.models import EventJuror, Genre, Performance, PerformanceStatus
from engage.events.registration import services as registration
from engage.events.registration.models import Registration, RegistrationStatus
from engage.extensions import db

SHOWCASE = "{year} 安全文化月宣传汇演：人人讲安全、个个会应急"
DRILL = "园区联合消防疏散演练"
PERFORMANCES = [
    ("《隐患就在身边》", Genre.SKIT, 9, "李国华、张静、黄志伟"),
    ("《安全伴我行》", Genre.SONG, 5, "苏沪精密合唱队"),
    ("《说安全》", Genre.CROSSTALK, 8, "王海峰、刘文博"),
    ("《平安之舞》", Genre.DANCE, 6, "诚信化工舞蹈队"),
    ("《致敬逆行者》", Genre.RECITATION, 5, "陈雅婷"),
    ("《一张动火作业票》", Genre.SKIT, 10, "恒泰物流安全部"),
    ("《应急一分钟》", Genre.OTHER, 7, "东安消防志愿队"),
    ("《三个不伤害》", Genre.CROSSTALK, 8, "孙俊杰、周国栋"),
    ("《守护》", Genre.SONG, 4, "和丰电子员工乐队"),
    ("《叉车司机的一天》", Genre.SKIT, 9, "云秀仓储"),
    ("《安全生产法新说》", Genre.RECITATION, 6, "博瑞生物"),
    ("《平安园区》", Genre.DANCE, 7, "全体演员"),
]
STAGE_COLOURS = [(200, 40, 40), (230, 140, 30), (40, 110, 200), (60, 160, 90), (150, 60, 170)]


def _user(local: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == f"{local}@example.com"))


def _last_june() -> int:
    today = utcnow() + timedelta(hours=8)
    return today.year if today.month > 6 else today.year - 1


def _photo(seed: int) -> FileStorage:
    """A stage scene: a curtain, lights and performers as shapes (no fonts needed)."""
    rnd = random.Random(seed)
    img = Image.new("RGB", (960, 640), (20, 20, 40))
    draw = ImageDraw.Draw(img)
    colour = STAGE_COLOURS[seed % len(STAGE_COLOURS)]
    draw.rectangle([0, 0, 960, 80], fill=(150, 20, 30))
    draw.rectangle([0, 460, 960, 640], fill=(90, 60, 40))
    for x in range(0, 960, 160):
        draw.polygon(
            [(x + 80, 0), (x + 20 + rnd.randint(0, 40), 460), (x + 140 - rnd.randint(0, 40), 460)],
            fill=(60, 60, 90),
        )
    for i in range(rnd.randint(2, 6)):
        cx = 140 + i * 140 + rnd.randint(-30, 30)
        draw.ellipse([cx - 28, 260, cx + 28, 316], fill=(240, 200, 170))
        draw.rectangle([cx - 34, 316, cx + 34, 460], fill=colour)
    draw.rectangle([300, 90, 660, 140], fill=(220, 180, 40))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    out.seek(0)
    return FileStorage(out, filename=f"showcase-{seed}.jpg", content_type="image/jpeg")


def _employees() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.company_id.is_not(None), User.active.is_(True))
            .order_by(User.id)
        )
    )


def load() -> None:
    supervisor = _user("supervisor")
    if supervisor is None:
        return  # the accounts demo did not run
    _showcase(supervisor)
    _drill(supervisor)
    _alliance_training(supervisor)
    db.session.flush()
    _notices()


def _notices() -> None:
    """Recent notifications of every events kind for people registered for the demo
    events (and the company that performs), each about the event it names."""
    from engage.core.notifications import add_demo_notices

    events = db.session.scalars(select(Event).order_by(Event.starts_at.desc())).all()
    if not events:
        return
    event = events[0]
    people = db.session.scalars(
        select(User)
        .join(Registration, Registration.user_id == User.id)
        .where(Registration.event_id == event.id)
        .order_by(Registration.id)
        .limit(2)
    ).all()
    url = f"/events/{event.id}"
    about = {"title": event.title, "venue": event.venue, "when": event.starts_at.date().isoformat()}
    notices: list = []
    for person in people:
        notices += [
            (person, "events.changed", url, about),
            (person, "events.promoted", url, {**about, "deadline": "24 小时内"}),
            (person, "events.offer_expired", url, about),
            (person, "events.cancelled", url, {**about, "reason": "台风预警，改期举行"}),
        ]
    perf = db.session.scalar(select(Performance).order_by(Performance.id).limit(1))
    if perf is not None and perf.submitted_by_id is not None:
        notices.append(
            (
                db.session.get(User, perf.submitted_by_id),
                "events.performance_reviewed",
                f"/events/{perf.event_id}/performances/{perf.id}",
                {"title": perf.title, "status": "已入选", "note": "请准时参加彩排。"},
            )
        )
        event_of_perf = db.session.get(Event, perf.event_id)
        assert event_of_perf is not None  # a performance belongs to an event
        organisers = sorted(
            {*(event_of_perf.organiser_ids or []), event_of_perf.created_by_id or 0} - {0}
        )
        about_perf = {
            "company": perf.company.name,
            "title": perf.title,
            "event": event_of_perf.title,
        }
        perf_url = f"/events/{perf.event_id}/performances/{perf.id}"
        for organiser_id in organisers[:2]:
            organiser = db.session.get(User, organiser_id)
            notices += [
                (organiser, "events.performance_resubmitted", perf_url, about_perf),
                (
                    organiser,
                    "events.performance_withdrawn",
                    perf_url,
                    {**about_perf, "reason": "演员临时出差，无法参加。"},
                ),
            ]
    add_demo_notices(notices)


def _showcase(supervisor: User) -> None:
    year = _last_june()
    title = SHOWCASE.format(year=year)
    if db.session.scalar(select(Event.id).where(Event.title == title)):
        return
    starts = datetime(year, 6, 28, 6, 0, tzinfo=UTC)  # 14:00 in Shanghai
    people = _employees()
    event = Event(
        title=title,
        kind=EventKind.SHOWCASE,
        venue="园区会展中心大礼堂",
        description=(
            "安全生产月的压轴活动：园区企业员工自编自演安全主题节目。\n\n"
            "**主题**：人人讲安全、个个会应急。"
        ),
        starts_at=starts,
        ends_at=starts + timedelta(hours=2, minutes=30),
        capacity=300,
        taken=0,
        status=EventStatus.PUBLISHED,
        audience=Audience.PARK,
        created_by_id=supervisor.id,
        registration_closes_at=starts - timedelta(days=1),
        submissions_close_at=starts - timedelta(days=14),
        published_at=starts - timedelta(days=30),
    )
    event.organisers.append(EventOrganiser(user_id=supervisor.id))
    second = _user("supervisor2")
    if second is not None:
        event.organisers.append(EventOrganiser(user_id=second.id))
    db.session.add(event)
    db.session.flush()
    jurors = [u for u in (_user("admin"), _user("dept-emergency"), _user("grid")) if u]
    for juror in jurors:
        db.session.add(EventJuror(event_id=event.id, user_id=juror.id))
    managers = [
        u for u in people if u.company_role in (CompanyRole.SAFETY_MANAGER, CompanyRole.ADMIN)
    ]
    perfs = []
    for i, (name, genre, minutes, performers) in enumerate(PERFORMANCES):
        submitter = managers[i % len(managers)]
        perf = Performance(
            event_id=event.id,
            company_id=submitter.company_id,
            submitted_by_id=submitter.id,
            title=name,
            genre=genre,
            duration_minutes=minutes,
            performers=performers,
            description="",
            status=PerformanceStatus.ACCEPTED,
            reviewed_by_id=supervisor.id,
            reviewed_at=starts - timedelta(days=10),
            running_order=i + 1,
        )
        perfs.append(perf)
    extra = Performance(
        event_id=event.id,
        company_id=managers[0].company_id,
        submitted_by_id=managers[0].id,
        title="《安全歌谣》",
        genre=Genre.SONG,
        duration_minutes=12,
        performers="",
        description="",
        status=PerformanceStatus.REJECTED,
        review_note="时长超出，请压缩到 8 分钟以内。",
        reviewed_by_id=supervisor.id,
    )
    db.session.add_all([*perfs, extra])
    db.session.flush()
    audience = people[:60]
    for n, person in enumerate(audience):
        at = starts - timedelta(days=20 - n % 15, hours=n % 7)
        db.session.add(
            Registration(
                event_id=event.id,
                user_id=person.id,
                status=RegistrationStatus.CONFIRMED,
                created_at=at,
                confirmed_at=at,
                registered_by_id=person.id,
                checked_in_at=starts - timedelta(minutes=40 - (n * 37) % 45) if n % 6 else None,
                checked_in_by_id=supervisor.id if n % 6 else None,
            )
        )
    event.taken = len(audience)
    album = Album(event_id=event.id, title="汇演现场", created_by_id=supervisor.id)
    rehearsal = Album(event_id=event.id, title="彩排花絮", created_by_id=supervisor.id)
    db.session.add_all([album, rehearsal])
    db.session.flush()
    for i in range(18):
        target = album if i < 12 else rehearsal
        media = save_image(_photo(i), actor=supervisor)
        photo = Photo(
            album_id=target.id,
            event_id=event.id,
            media=media,
            caption=perfs[i % 12].title if i < 12 else "彩排",
            performance_id=perfs[i % 12].id,
            uploaded_by_id=supervisor.id,
        )
        db.session.add(photo)
        db.session.flush()
        if target.cover_photo_id is None:
            target.cover_photo_id = photo.id
    event.cover = save_image(_photo(99), actor=supervisor)
    closes = starts + timedelta(hours=3)
    favourite = AwardCategory(
        event_id=event.id,
        name="观众最喜爱节目",
        method=AwardMethod.AUDIENCE,
        voting_opens_at=starts,
        voting_closes_at=closes,
    )
    art = AwardCategory(
        event_id=event.id,
        name="优秀安全文艺作品",
        method=AwardMethod.JURY,
        voting_opens_at=starts,
        voting_closes_at=closes,
    )
    skit = AwardCategory(
        event_id=event.id,
        name="最佳小品",
        method=AwardMethod.JURY,
        voting_opens_at=starts,
        voting_closes_at=closes,
    )
    db.session.add_all([favourite, art, skit])
    db.session.flush()
    rnd = random.Random(2023)
    for n, person in enumerate(audience):
        choice = perfs[0] if n % 3 == 0 else perfs[rnd.randrange(12)]
        db.session.add(
            AudienceVote(
                category_id=favourite.id,
                performance_id=choice.id,
                user_id=person.id,
                created_at=starts + timedelta(hours=2),
            )
        )
    for juror in jurors:
        for i, perf in enumerate(perfs):
            db.session.add(
                JuryScore(
                    category_id=art.id,
                    performance_id=perf.id,
                    juror_id=juror.id,
                    score=9 if i == 5 else 5 + (i * 3) % 4,
                )
            )
            if perf.genre == Genre.SKIT:
                db.session.add(
                    JuryScore(
                        category_id=skit.id,
                        performance_id=perf.id,
                        juror_id=juror.id,
                        score=10 if i == 0 else 7,
                    )
                )


def _alliance_training(supervisor: User) -> None:
    """A training for the first alliance's member companies only (when the alliance demo
    ran first): others do not see it."""
    choices = alliance_choices()
    if not choices:
        return
    alliance_id, name = choices[0]
    title = f"{name}：危化品泄漏应急处置培训"
    if db.session.scalar(select(Event.id).where(Event.title == title)):
        return
    starts = (utcnow() + timedelta(days=9)).replace(hour=6, minute=0, second=0, microsecond=0)
    event = Event(
        title=title,
        kind=EventKind.TRAINING,
        venue="园区应急培训中心",
        description="联盟成员企业的安全管理员和班组长参加；现场演示堵漏与洗消。",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=40,
        taken=0,
        status=EventStatus.PUBLISHED,
        audience=Audience.ALLIANCE,
        audience_alliance_id=alliance_id,
        created_by_id=supervisor.id,
        confirm_hours=24,
        registration_closes_at=starts - timedelta(days=1),
        published_at=utcnow() - timedelta(days=1),
    )
    event.organisers.append(EventOrganiser(user_id=supervisor.id))
    db.session.add(event)


def _drill(supervisor: User) -> None:
    if db.session.scalar(select(Event.id).where(Event.title == DRILL)):
        return
    starts = (utcnow() + timedelta(days=16)).replace(hour=1, minute=30, second=0, microsecond=0)
    event = Event(
        title=DRILL,
        kind=EventKind.DRILL,
        venue="园区中心广场及 3 号厂房",
        description=(
            "消防救援大队指导的全园区疏散演练。请穿平底鞋，听从楼层疏散员指挥。\n\n"
            "- 集合：中心广场\n- 时长：约 90 分钟"
        ),
        starts_at=starts,
        ends_at=starts + timedelta(minutes=90),
        capacity=20,
        taken=0,
        status=EventStatus.PUBLISHED,
        audience=Audience.PARK,
        created_by_id=supervisor.id,
        confirm_hours=24,
        registration_closes_at=starts - timedelta(days=1),
        published_at=utcnow() - timedelta(days=3),
    )
    event.organisers.append(EventOrganiser(user_id=supervisor.id))
    fire = _user("dept-fire")
    if fire is not None:
        event.organisers.append(EventOrganiser(user_id=fire.id))
    db.session.add(event)
    db.session.flush()
    catalogue.announce(event)
    admin = _user("company-admin")
    group_company = admin.company_id if admin is not None else None
    people = [
        u
        for u in _employees()
        if u.company_role != CompanyRole.ADMIN and u.company_id != group_company
    ]
    for person in people[:23]:
        registration.register(event, actor=person)
    if admin is not None:
        colleagues = [
            u.id
            for u in _employees()
            if u.company_id == admin.company_id
            and u.id != admin.id
            and registration.get_active(event, u.id) is None
        ][:3]
        if len(colleagues) >= 2:
            registration.register_group(event, colleagues, actor=admin)
