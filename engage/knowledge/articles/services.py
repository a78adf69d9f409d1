"""Article rules: writing, revisions, publishing, reading, voting, and the lists readers browse.

Every function that changes something takes `actor=`, checks it, flushes and
never commits; the caller commits. The search index follows in the same
transaction (search_index.sync).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload, load_only, selectinload

from engage.accounts.models import Company
from engage.core import audit, markdown, registry, signals
from engage.core.cache import (
    INSPECTIONS,
    KNOWLEDGE,
    Figures,
    audience_key,
    first_in_period,
    shared_figures,
)
from engage.core.forms import check_version
from engage.core.permissions import PermissionDenied, signed_in
from engage.core.timeutil import utcnow
from engage.core.uploads import MediaFile
from engage.core.vocab import FocusTarget
from engage.extensions import db
from engage.knowledge.articles import search_index
from engage.knowledge.articles.models import (
    Article,
    ArticleAttachment,
    ArticleRevision,
    ArticleStatus,
    Audience,
    HelpfulVote,
    Tag,
    article_tags,
)
from engage.knowledge.articles.permissions import (
    can_edit_article,
    can_view_article,
    can_vote_on_article,
    can_write_articles,
    editable_articles,
    visible_articles,
)
from engage.knowledge.categories.models import Category
from engage.knowledge.errors import KnowledgeError

MAX_TAGS = 10
_TAG_SPLIT = re.compile(r"[,，、;；\s]+")


@dataclass(frozen=True)
class ArticlePublished:
    """Payload of signals.article_published: an article became readable (published or
    published again after a return to draft)."""

    article_id: int
    title: str
    company_id: int | None  # the writing company; None for the park's safety office
    author_id: int | None  # who published it
    published_at: datetime


@dataclass
class ArticleData:
    title: str
    body: str
    category_id: int
    summary: str = ""
    title_en: str = ""
    summary_en: str = ""
    body_en: str = ""
    tags: list[str] = field(default_factory=list)
    focus_target: FocusTarget | None = None
    audience: Audience = Audience.MEMBERS
    audience_company_id: int | None = None
    featured: bool = False


def parse_tags(text: str | None) -> list[str]:
    """Tags from '灭火器, 消防；fire' style input: trimmed, unique, at most MAX_TAGS."""
    seen: list[str] = []
    for raw in _TAG_SPLIT.split(text or ""):
        tag = raw.strip().lstrip("#")[:40]
        if tag and tag.lower() not in {t.lower() for t in seen}:
            seen.append(tag)
    return seen[:MAX_TAGS]


def _tags(names: list[str]) -> list[Tag]:
    if not names:
        return []
    existing = {t.name: t for t in db.session.scalars(select(Tag).where(Tag.name.in_(names)))}
    tags = []
    for name in names:
        tag = existing.get(name)
        if tag is None:
            tag = Tag(name=name)
            db.session.add(tag)
        tags.append(tag)
    return tags


def _apply(article: Article, data: ArticleData, actor) -> None:
    category = db.session.get(Category, data.category_id)
    if category is None:
        raise KnowledgeError(_l("Choose a category."))
    if data.audience == Audience.COMPANY:
        if actor.is_admin or actor.is_supervisor:
            if (
                data.audience_company_id is None
                or db.session.get(Company, data.audience_company_id) is None
            ):
                raise KnowledgeError(_l("Choose the company that may read this article."))
        else:
            data.audience_company_id = actor.company_id
    else:
        data.audience_company_id = None
    article.title = data.title
    article.summary = data.summary
    article.body = data.body
    article.title_en = data.title_en
    article.summary_en = data.summary_en
    article.body_en = data.body_en
    article.category = category
    article.focus_target = data.focus_target
    article.audience = data.audience
    article.audience_company_id = data.audience_company_id
    if actor.is_admin or actor.is_supervisor:
        article.featured = data.featured
    article.tags = _tags(data.tags)


def _snapshot(article: Article, actor, note: str = "") -> ArticleRevision:
    last = (
        db.session.scalar(
            select(func.max(ArticleRevision.number)).where(ArticleRevision.article_id == article.id)
        )
        or 0
    )
    revision = ArticleRevision(
        article_id=article.id,
        number=last + 1,
        title=article.title,
        summary=article.summary,
        body=article.body,
        title_en=article.title_en,
        summary_en=article.summary_en,
        body_en=article.body_en,
        category_id=article.category_id,
        tags=", ".join(t.name for t in article.tags),
        note=note[:200],
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(revision)
    return revision


def create_article(data: ArticleData, *, actor) -> Article:
    """A new draft. Admins and supervisors write for the safety office; a company
    safety manager writes for their company. Raises PermissionDenied, KnowledgeError."""
    if not can_write_articles(actor):
        raise PermissionDenied("create article")
    article = Article(
        created_by_id=actor.id,
        status=ArticleStatus.DRAFT,
        author_company_id=None if (actor.is_admin or actor.is_supervisor) else actor.company_id,
    )
    _apply(article, data, actor)
    db.session.add(article)
    db.session.flush()
    _snapshot(article, actor, note="created")
    audit.record(actor, "knowledge.article.create", article, summary=article.title)
    search_index.sync(article)
    return article


def publish_article(
    *,
    title: str,
    body: str,
    actor,
    category_id: int | None = None,
    audience: Audience = Audience.MEMBERS,
    summary: str = "",
    tags: list[str] | None = None,
    source_url: str = "",
    focus_target: FocusTarget | None = None,
) -> Article:
    """Write an article and publish it at once: how another domain (alliance promoting
    a best-practice post) adds to the knowledge base. `actor` must be allowed to write
    articles; `source_url` (a path on this site) is linked at the end of the body.
    Without `category_id` the article goes into the first top-level category.
    Announces article_published. Raises PermissionDenied, KnowledgeError."""
    if category_id is None:
        category_id = db.session.scalar(
            select(Category.id)
            .where(Category.parent_id.is_(None))
            .order_by(Category.position, Category.id)
            .limit(1)
        )
        if category_id is None:
            raise KnowledgeError(_l("Create a category in the knowledge base first."))
    if source_url:
        body = body.rstrip() + "\n\n" + str(_l("Source: %(url)s", url=f"<{source_url}>")) + "\n"
    article = create_article(
        ArticleData(
            title=title,
            body=body,
            category_id=category_id,
            summary=summary,
            tags=list(tags or []),
            audience=audience,
            focus_target=focus_target,
        ),
        actor=actor,
    )
    set_status(article, ArticleStatus.PUBLISHED, actor=actor)
    return article


def update_article(article: Article, data: ArticleData, *, actor, version) -> Article:
    """Save an edit as a new revision. Raises StaleEdit when someone saved meanwhile."""
    if not can_edit_article(actor, article):
        raise PermissionDenied("edit article")
    check_version(article, version)
    _apply(article, data, actor)
    article.updated_at = utcnow()
    db.session.flush()
    _snapshot(article, actor, note="edited")
    audit.record(actor, "knowledge.article.edit", article, summary=article.title)
    search_index.sync(article)
    return article


def restore_revision(
    article: Article, revision: ArticleRevision, *, actor, version
) -> ArticleRevision:
    """Bring back an old revision's text as a new revision (history is never rewritten)."""
    if not can_edit_article(actor, article):
        raise PermissionDenied("edit article")
    if revision.article_id != article.id:
        raise KnowledgeError(_l("That revision belongs to another article."))
    check_version(article, version)
    article.title, article.summary, article.body = revision.title, revision.summary, revision.body
    article.title_en, article.summary_en = revision.title_en, revision.summary_en
    article.body_en = revision.body_en
    if revision.category_id and db.session.get(Category, revision.category_id):
        article.category_id = revision.category_id
    article.tags = _tags(parse_tags(revision.tags))
    article.updated_at = utcnow()
    db.session.flush()
    new = _snapshot(article, actor, note=f"restored:{revision.number}")
    audit.record(
        actor, "knowledge.article.restore", article, summary=article.title, revision=revision.number
    )
    search_index.sync(article)
    return new


def set_status(article: Article, status: ArticleStatus, *, actor) -> None:
    """Publish, unpublish (back to draft) or delete (kept with its history, hidden)."""
    if not can_edit_article(actor, article):
        raise PermissionDenied("publish article")
    if status == article.status:
        return
    article.status = status
    if status == ArticleStatus.PUBLISHED and article.published_at is None:
        article.published_at = utcnow()
    db.session.flush()
    audit.record(actor, f"knowledge.article.{status.value}", article, summary=article.title)
    search_index.sync(article)
    if status == ArticleStatus.PUBLISHED:
        assert article.published_at is not None  # set above
        signals.send(
            signals.article_published,
            article.id,
            ArticlePublished(
                article_id=article.id,
                title=article.title,
                company_id=article.author_company_id,
                author_id=getattr(actor, "id", None),
                published_at=article.published_at,
            ),
        )


def image_link(media: MediaFile, filename: str | None) -> str:
    """The Markdown link that shows a stored image in a body, its file name as the alt."""
    alt = re.sub(r"[\[\]()\n!]", "", (filename or "").rsplit(".", 1)[0])[:60]
    return f"![{alt}](/media/{media.key})"


def store_images(images: list, *, actor) -> list[str]:
    """Store uploaded images; returns Markdown image links to put in a body.
    Raises UploadRejected."""
    from engage.core import uploads

    links = []
    for file in images:
        media = uploads.save_image(file, actor=actor)
        db.session.flush()
        links.append(image_link(media, file.filename))
    return links


def add_attachments(article: Article, files: list, *, actor) -> None:
    """Attach PDFs (save_document) and images (save_image). Raises UploadRejected."""
    from engage.core import uploads

    for file in files:
        name = (file.filename or "").lower()
        if name.endswith(".pdf") or file.mimetype == "application/pdf":
            media = uploads.save_document(file, actor=actor)
        else:
            media = uploads.save_image(file, actor=actor)
        db.session.flush()
        if all(a.media_id != media.id for a in article.attachments):
            article.attachments.append(ArticleAttachment(media_id=media.id))
    db.session.flush()


def remove_attachment(article: Article, attachment_id: int, *, actor) -> None:
    if not can_edit_article(actor, article):
        raise PermissionDenied("edit article")
    for attachment in list(article.attachments):
        if attachment.id == attachment_id:
            article.attachments.remove(attachment)
    db.session.flush()


# Reading --------------------------------------------------------------------


def list_visible(user):
    """Published articles `user` may read (a select to order, filter and paginate)."""
    return select(Article).where(visible_articles(user))


def newest(user, limit: int = 8) -> list[Article]:
    stmt = list_visible(user).order_by(Article.published_at.desc(), Article.id.desc())
    return list(db.session.scalars(stmt.limit(limit)))


def most_read(user, limit: int = 8) -> list[Article]:
    stmt = list_visible(user).order_by(Article.read_count.desc(), Article.id.desc())
    return list(db.session.scalars(stmt.limit(limit)))


def featured(user, limit: int = 6) -> list[Article]:
    stmt = (
        list_visible(user)
        .where(Article.featured.is_(True))
        .order_by(Article.published_at.desc(), Article.id.desc())
    )
    return list(db.session.scalars(stmt.limit(limit)))


@dataclass(frozen=True)
class HomeFigures:
    """What the knowledge home counts and lists, as ids (kept in the shared cache)."""

    counts: dict[int, int]  # published articles the reader may read, per category
    newest: list[int]
    most_read: list[int]
    featured: list[int]


def home_figures(user) -> Figures[HomeFigures]:
    """The knowledge home's figures, shared for up to a minute by every reader who may
    read exactly the same articles (core.cache: keyed by visible_articles)."""

    def compute() -> HomeFigures:
        counts = dict(
            db.session.execute(
                select(Article.category_id, func.count(Article.id))
                .where(visible_articles(user))
                .group_by(Article.category_id)
            ).all()
        )
        ids = select(Article.id).where(visible_articles(user))
        by_date = (Article.published_at.desc(), Article.id.desc())
        return HomeFigures(
            counts=counts,
            newest=list(db.session.scalars(ids.order_by(*by_date).limit(8))),
            most_read=list(
                db.session.scalars(
                    ids.order_by(Article.read_count.desc(), Article.id.desc()).limit(6)
                )
            ),
            featured=list(
                db.session.scalars(
                    ids.where(Article.featured.is_(True)).order_by(*by_date).limit(6)
                )
            ),
        )

    return shared_figures(KNOWLEDGE, audience_key(visible_articles(user)), compute)


def commonly_failed(limit: int) -> Figures[list]:
    """The inspection items most often found failed across the park (core's registry
    asks the inspections, when installed; [] otherwise), shared for up to a minute:
    a count over the whole park that names no company, the same for every reader."""

    def compute() -> list:
        found = registry.ask("inspections.commonly_failed", limit) or []
        # kept as plain text in the reader's language (the figures are per language)
        return [replace(f, category=str(f.category)) for f in found]

    return shared_figures(INSPECTIONS, f"park:{limit}", compute)


def articles_by_id(user, ids: list[int]) -> dict[int, Article]:
    """The published articles of `ids` that `user` may still read, in one query.

    Found by primary key, then checked one by one (can_view_article): with the
    audience condition in SQL, SQLite walks the status index of every published
    article instead (45 ms for 50,000 articles against 1 ms)."""
    if not ids:
        return {}
    # The home lists them by title, summary, category and reads: not their tags,
    # attachments or writing companies (two statements and two joins fewer).
    stmt = (
        select(Article)
        .where(Article.id.in_(ids))
        .options(
            lazyload(Article.tags),
            lazyload(Article.attachments),
            lazyload(Article.author_company),
            lazyload(Article.audience_company),
        )
    )
    return {
        a.id: a
        for a in db.session.scalars(stmt).unique()
        if a.is_published and can_view_article(user, a)
    }


def in_categories(user, category_ids: list[int]):
    return (
        list_visible(user)
        .where(Article.category_id.in_(category_ids))
        .order_by(Article.published_at.desc(), Article.id.desc())
    )


def with_tag(user, tag: Tag):
    return (
        list_visible(user)
        .where(
            Article.id.in_(select(article_tags.c.article_id).where(article_tags.c.tag_id == tag.id))
        )
        .order_by(Article.published_at.desc(), Article.id.desc())
    )


def list_editable(user):
    """Drafts and published articles `user` may edit, newest change first."""
    return (
        select(Article)
        .where(editable_articles(user))
        .order_by(Article.updated_at.desc(), Article.id.desc())
    )


RELATED_TAG_CANDIDATES = 500


def related(article: Article, user, limit: int = 5) -> list[Article]:
    """Articles sharing most tags, then the same category; never the article itself.

    Ranked among a bounded set of candidates (every article sharing a tag, up to
    RELATED_TAG_CANDIDATES, and the most-read of the same category, as many as
    could be needed), so the page costs the same for 50 or 50,000 articles: ranking
    the whole category took 0.8 s for 50,000 articles on SQLite."""
    tag_ids = [t.id for t in article.tags]
    candidates: set[int] = set()
    if tag_ids:
        candidates.update(
            db.session.scalars(
                select(article_tags.c.article_id)
                .where(article_tags.c.tag_id.in_(tag_ids))
                .distinct()
                .limit(RELATED_TAG_CANDIDATES)
            )
        )
    candidates.update(
        db.session.scalars(
            select(Article.id)
            .where(visible_articles(user), Article.category_id == article.category_id)
            .order_by(Article.read_count.desc(), Article.id.desc())
            .limit(limit + 1 + len(candidates))
        )
    )
    candidates.discard(article.id)
    if not candidates:
        return []
    shared = (
        select(article_tags.c.article_id, func.count().label("n"))
        .where(article_tags.c.tag_id.in_(tag_ids or [-1]))
        .group_by(article_tags.c.article_id)
        .subquery()
    )
    stmt = (
        list_visible(user)
        .outerjoin(shared, shared.c.article_id == Article.id)
        .where(Article.id.in_(sorted(candidates)))
        .where(or_(shared.c.n > 0, Article.category_id == article.category_id))
        .order_by(
            func.coalesce(shared.c.n, 0).desc(),
            (Article.category_id == article.category_id).desc(),
            Article.read_count.desc(),
            Article.id.desc(),
        )
        .limit(limit)
        # the page links them by title: not their bodies, tags, attachments or category
        .options(load_only(Article.id, Article.title, Article.title_en), lazyload("*"))
    )
    return list(db.session.scalars(stmt))


READ_PERIOD = 86_400  # seconds: a signed-in person's reads of one article count once a day


def record_read(article: Article, reader=None) -> bool:
    """Count one read with an atomic UPDATE (no read-modify-write, no version bump).

    With a signed-in `reader`, only their first read of the article in READ_PERIOD
    counts (as forums count a topic's views: once a day per person), whatever
    session or device it comes from; the caller also remembers the read in the
    reader's session. Returns whether the read was counted (the caller commits)."""
    if signed_in(reader) and not first_in_period(f"read:{article.id}:{reader.id}", READ_PERIOD):
        return False
    table = Article.__table__
    db.session.execute(
        update(table)
        .where(table.c.id == article.id, table.c.status == ArticleStatus.PUBLISHED.value)
        .values(read_count=table.c.read_count + 1, updated_at=table.c.updated_at)
    )
    return True


def vote(article: Article, helpful: bool, *, actor) -> HelpfulVote:
    """Record actor's "was this helpful" answer; a second answer replaces the first."""
    if not can_vote_on_article(actor, article):
        raise PermissionDenied("vote")
    existing = db.session.scalar(
        select(HelpfulVote).where(
            HelpfulVote.article_id == article.id, HelpfulVote.user_id == actor.id
        )
    )
    if existing is not None:
        existing.helpful = helpful
        db.session.flush()
        return existing
    new = HelpfulVote(article_id=article.id, user_id=actor.id, helpful=helpful)
    try:
        with db.session.begin_nested():
            db.session.add(new)
    except IntegrityError:
        # Two clicks at once: the unique constraint kept one; update it.
        existing = db.session.scalar(
            select(HelpfulVote).where(
                HelpfulVote.article_id == article.id, HelpfulVote.user_id == actor.id
            )
        )
        assert existing is not None  # the vote the constraint kept
        existing.helpful = helpful
        db.session.flush()
        return existing
    return new


def helpfulness(article: Article, user=None) -> dict:
    """{"yes", "total", "score" (percent or None), "mine" (True/False/None)} in one query."""
    uid = user.id if signed_in(user) else -1
    yes_expr = func.coalesce(func.sum(case((HelpfulVote.helpful.is_(True), 1), else_=0)), 0)
    mine_expr = func.max(
        case(
            (HelpfulVote.user_id == uid, case((HelpfulVote.helpful.is_(True), 3), else_=2)), else_=0
        )
    )
    row: Any = db.session.execute(
        select(yes_expr, func.count(HelpfulVote.id), mine_expr).where(
            HelpfulVote.article_id == article.id
        )
    ).one()
    yes, total, mine = row
    mine_vote = {3: True, 2: False}.get(mine)
    return {
        "yes": int(yes),
        "total": int(total),
        "score": round(100 * int(yes) / total) if total else None,
        "mine": mine_vote,
    }


def revisions(article: Article):
    """The article's revisions, newest first, without their texts: a statement to paginate."""
    return (
        select(ArticleRevision)
        .where(ArticleRevision.article_id == article.id)
        .options(
            load_only(
                ArticleRevision.number,
                ArticleRevision.created_at,
                ArticleRevision.created_by_id,
                ArticleRevision.note,
            )
        )
        .order_by(ArticleRevision.number.desc())
    )


def revision_choices(article: Article) -> list[tuple[int, object]]:
    """(number, saved at) of every revision, newest first, for picking two to compare."""
    rows: Iterable[Any] = db.session.execute(
        select(ArticleRevision.number, ArticleRevision.created_at)
        .where(ArticleRevision.article_id == article.id)
        .order_by(ArticleRevision.number.desc())
    )
    return [(number, at) for number, at in rows]


def shown_media(article: Article, *texts: str | None) -> frozenset[str]:
    """Keys of the stored files the texts link to that the article's own writers
    uploaded: only those open on its pages. A key learnt elsewhere (another
    company's photo) and typed into an article stays closed."""
    keys = set().union(*(markdown.media_keys(text) for text in texts))
    if not keys:
        return frozenset()
    writers = select(ArticleRevision.created_by_id).where(ArticleRevision.article_id == article.id)
    return frozenset(
        db.session.scalars(
            select(MediaFile.key).where(
                MediaFile.key.in_(sorted(keys)), MediaFile.uploaded_by_id.in_(writers)
            )
        )
    )


def latest_revision_number(article: Article) -> int | None:
    return db.session.scalar(
        select(func.max(ArticleRevision.number)).where(ArticleRevision.article_id == article.id)
    )


def get_revision(article: Article, number: int) -> ArticleRevision | None:
    return db.session.scalar(
        select(ArticleRevision).where(
            ArticleRevision.article_id == article.id, ArticleRevision.number == number
        )
    )


def load_article(article_id: int) -> Article | None:
    return db.session.scalar(
        select(Article).where(Article.id == article_id).options(selectinload(Article.tags))
    )
