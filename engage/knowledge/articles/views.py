"""Article pages: the knowledge home, reading, writing, publishing and the history."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from engage.accounts.models import Company
from engage.core.args import int_arg
from engage.core.diff import diff_revisions
from engage.core.errors import DomainError, StaleVersion, refuse
from engage.core.i18n import current_language, local_name_column
from engage.core.pagination import paginate
from engage.core.permissions import PermissionDenied, is_supervisor_or_admin, require_visible
from engage.core.photos import chosen_files, save_photos
from engage.core.uploads import UploadRejected
from engage.core.vocab import FocusTarget
from engage.extensions import db
from engage.knowledge.articles import services, toc
from engage.knowledge.articles.forms import ArticleForm
from engage.knowledge.articles.models import Article, ArticleStatus, Audience, Tag
from engage.knowledge.articles.permissions import (
    can_edit_article,
    can_write_articles,
)
from engage.knowledge.categories.tree import CategoryTree
from engage.knowledge.forms import choices

bp = Blueprint("articles", __name__, url_prefix="/knowledge")

_READ_MEMORY = 50  # article ids a session remembers so a reload is not another read
HISTORY_PER_PAGE = 30  # revisions on a page of an article's history
MAX_BODY_IMAGES = 20  # images one save may insert into a body
COMMONLY_FAILED = 6  # inspection items most often failed, on the knowledge home


def _tree() -> CategoryTree:
    return CategoryTree.load(current_language())


@bp.route("/")
def index():
    tree = _tree()
    figures = services.home_figures(current_user)
    home = figures.value
    found = services.articles_by_id(current_user, [*home.newest, *home.most_read, *home.featured])

    def listed(ids: list[int]) -> list:
        return [found[i] for i in ids if i in found]

    return render_template(
        "knowledge/articles/index.html",
        tree=tree,
        counts=tree.rolled_up(home.counts),
        newest=listed(home.newest),
        most_read=listed(home.most_read),
        featured=listed(home.featured),
        as_of=figures.as_of,
        # the park's inspections, when that domain is installed (core's registry)
        commonly_failed=services.commonly_failed(COMMONLY_FAILED).value,
    )


@bp.route("/tags/<int:tag_id>")
def tag(tag_id: int):
    tag = db.get_or_404(Tag, tag_id)
    page = paginate(services.with_tag(current_user, tag), per_page=20)
    return render_template("knowledge/articles/tag.html", tag=tag, page=page, tree=_tree())


@bp.route("/articles/<int:article_id>")
def detail(article_id: int):
    article = require_visible(current_user, services.load_article(article_id))
    if article.is_published:
        seen = list(session.get("kb_read", []))
        if article.id not in seen:
            # The session remembers a visitor's reads; a signed-in person's are also
            # counted once a day, so a client that drops the cookie writes no more.
            if services.record_read(article, current_user):
                db.session.commit()
            session["kb_read"] = (seen + [article.id])[-_READ_MEMORY:]
    title, summary, body = article.localized(current_language())
    return render_template(
        "knowledge/articles/detail.html",
        article=article,
        title=title,
        summary=summary,
        body=body,
        media=services.shown_media(article, body),
        toc=toc.headings(body),
        tree=_tree(),
        related=services.related(article, current_user),
        helpful=services.helpfulness(article, current_user),
    )


@bp.route("/articles/<int:article_id>/print")
def print_view(article_id: int):
    article = require_visible(current_user, services.load_article(article_id))
    title, summary, body = article.localized(current_language())
    return render_template(
        "knowledge/articles/print.html",
        article=article,
        title=title,
        summary=summary,
        body=body,
        tree=_tree(),
        media=services.shown_media(article, body),
    )


@bp.route("/articles/<int:article_id>/vote", methods=["POST"])
def vote(article_id: int):
    article = require_visible(current_user, services.load_article(article_id))
    if not current_user.is_authenticated:
        flash(_("Sign in to say whether this article helped you."), "info")
        return redirect(
            url_for(
                "accounts.auth.login",
                next=url_for("knowledge.articles.detail", article_id=article.id),
            )
        )
    answer = request.form.get("helpful")
    if answer not in {"yes", "no"}:
        flash(_("Choose yes or no."), "warning")
        return redirect(url_for("knowledge.articles.detail", article_id=article.id))
    try:
        services.vote(article, answer == "yes", actor=current_user)
    except PermissionDenied:
        abort(404)
    db.session.commit()
    flash(_("Thank you for telling us."), "success")
    return redirect(url_for("knowledge.articles.detail", article_id=article.id, _anchor="helpful"))


# Writing --------------------------------------------------------------------


def _article_form(article: Article | None = None) -> ArticleForm:
    form = ArticleForm(obj=article)
    tree = _tree()
    form.category_id.choices = choices((node.id, node.indented) for node in tree.flat())
    if is_supervisor_or_admin(current_user):
        companies = db.session.execute(
            select(Company.id, local_name_column(Company)).order_by(Company.name)
        ).all()
        form.audience_company_id.choices = choices(
            [("", _("—"))] + [(c.id, c.name) for c in companies]
        )
    else:
        del form.featured
        own = current_user.company
        form.audience_company_id.choices = choices([(own.id, own.name)] if own else [])
    if request.method == "GET" and article is not None:
        form.tags.data = ", ".join(t.name for t in article.tags)
        form.audience.data = article.audience.value
        form.focus_target.data = article.focus_target.value if article.focus_target else ""
    return form


def _data(form: ArticleForm, links: list[str]) -> services.ArticleData:
    body = form.body.data or ""
    if links:
        body = body.rstrip() + "\n\n" + "\n\n".join(links) + "\n"
    return services.ArticleData(
        title=form.title.data,
        body=body,
        category_id=form.category_id.data,
        summary=form.summary.data or "",
        title_en=form.title_en.data or "",
        summary_en=form.summary_en.data or "",
        body_en=form.body_en.data or "",
        tags=services.parse_tags(form.tags.data),
        focus_target=FocusTarget(form.focus_target.data) if form.focus_target.data else None,
        audience=Audience(form.audience.data),
        audience_company_id=form.audience_company_id.data,
        featured=bool(form.featured.data) if "featured" in form else False,
    )


def _valid_audience(form: ArticleForm) -> bool:
    if (
        form.audience.data == Audience.COMPANY.value
        and "featured" in form
        and not form.audience_company_id.data
    ):
        form.audience_company_id.errors = [_("Choose the company that may read this article.")]
        return False
    return True


def _body_images(form: ArticleForm) -> list[str] | None:
    """The chosen images saved, as Markdown links; None (errors beside the field) when
    one is refused."""
    names = [f.filename for f in chosen_files(form.images)]
    saved = save_photos(form.images, actor=current_user, limit=MAX_BODY_IMAGES)
    if saved is None:
        return None
    db.session.flush()
    return [services.image_link(media, name) for media, name in zip(saved, names, strict=True)]


@bp.route("/articles/new", methods=["GET", "POST"])
@login_required
def create():
    if not can_write_articles(current_user):
        abort(403)
    form = _article_form()
    if form.validate_on_submit() and _valid_audience(form):
        links = _body_images(form)
        if links is None:
            db.session.rollback()
        else:
            try:
                article = services.create_article(_data(form, links), actor=current_user)
                services.add_attachments(
                    article, chosen_files(form.attachments), actor=current_user
                )
            except UploadRejected as exc:
                db.session.rollback()
                form.attachments.errors = [str(exc)]
            except DomainError as exc:
                refuse(exc, form)
            else:
                db.session.commit()
                flash(_("The draft is saved. Publish it when it is ready."), "success")
                return redirect(url_for("knowledge.articles.detail", article_id=article.id))
    return render_template("knowledge/articles/edit.html", form=form, article=None)


@bp.route("/articles/<int:article_id>/edit", methods=["GET", "POST"])
@login_required
def edit(article_id: int):
    article = require_visible(current_user, services.load_article(article_id))
    if not can_edit_article(current_user, article):
        abort(403)
    form = _article_form(article)
    conflict = None
    if form.validate_on_submit() and _valid_audience(form):
        links = _body_images(form)
        if links is None:
            db.session.rollback()
        else:
            try:
                services.update_article(
                    article, _data(form, links), actor=current_user, version=form.version.data
                )
                services.add_attachments(
                    article, chosen_files(form.attachments), actor=current_user
                )
            except StaleVersion:
                db.session.rollback()
                conflict = services.load_article(article_id)
                assert conflict is not None  # someone else saved it: it is there
                form.version.data = conflict.version
                flash(
                    _(
                        "Someone else saved this article while you were editing. Their "
                        "version is shown below; copy what you need and save again."
                    ),
                    "warning",
                )
            except UploadRejected as exc:
                db.session.rollback()
                form.attachments.errors = [str(exc)]
            except DomainError as exc:
                refuse(exc, form)
            else:
                db.session.commit()
                flash(_("Saved as a new revision."), "success")
                return redirect(url_for("knowledge.articles.detail", article_id=article.id))
    media = services.shown_media(conflict, conflict.body) if conflict else frozenset()
    return render_template(
        "knowledge/articles/edit.html", form=form, article=article, conflict=conflict, media=media
    )


def _status_change(article_id: int, status: ArticleStatus, message: str):
    article = require_visible(current_user, services.load_article(article_id))
    try:
        services.set_status(article, status, actor=current_user)
    except PermissionDenied:
        abort(403)
    db.session.commit()
    flash(message, "success")
    if status == ArticleStatus.DELETED:
        return redirect(url_for("knowledge.articles.manage"))
    return redirect(url_for("knowledge.articles.detail", article_id=article.id))


@bp.route("/articles/<int:article_id>/publish", methods=["POST"])
@login_required
def publish(article_id: int):
    return _status_change(article_id, ArticleStatus.PUBLISHED, _("The article is published."))


@bp.route("/articles/<int:article_id>/unpublish", methods=["POST"])
@login_required
def unpublish(article_id: int):
    return _status_change(
        article_id,
        ArticleStatus.DRAFT,
        _("The article is back to draft; readers no longer see it."),
    )


@bp.route("/articles/<int:article_id>/delete", methods=["POST"])
@login_required
def delete(article_id: int):
    return _status_change(article_id, ArticleStatus.DELETED, _("The article is deleted."))


@bp.route("/articles/<int:article_id>/attachments/<int:attachment_id>/remove", methods=["POST"])
@login_required
def remove_attachment(article_id: int, attachment_id: int):
    article = require_visible(current_user, services.load_article(article_id))
    try:
        services.remove_attachment(article, attachment_id, actor=current_user)
    except PermissionDenied:
        abort(403)
    db.session.commit()
    flash(_("The attachment is removed."), "success")
    return redirect(url_for("knowledge.articles.edit", article_id=article.id))


@bp.route("/images", methods=["POST"])
@login_required
def upload_image():
    """The editor's "insert image" button: store one image, answer its Markdown link."""
    if not can_write_articles(current_user):
        abort(403)
    file = request.files.get("image")
    if file is None or not file.filename:
        return jsonify(error=_("Choose an image.")), 400
    try:
        links = services.store_images([file], actor=current_user)
    except UploadRejected as exc:
        db.session.rollback()
        return jsonify(error=str(exc)), 400
    db.session.commit()
    return jsonify(markdown=links[0])


@bp.route("/manage")
@login_required
def manage():
    if not can_write_articles(current_user):
        abort(403)
    page = paginate(services.list_editable(current_user), per_page=30)
    return render_template("knowledge/articles/manage.html", page=page)


# History --------------------------------------------------------------------


def _editable(article_id: int) -> Article:
    """The article whose history the reader may see: only its editors (404 to others)."""
    article = require_visible(current_user, services.load_article(article_id))
    if not can_edit_article(current_user, article):
        abort(404)
    return article


@bp.route("/articles/<int:article_id>/history")
@login_required
def history(article_id: int):
    article = _editable(article_id)
    page = paginate(services.revisions(article), per_page=HISTORY_PER_PAGE)
    return render_template(
        "knowledge/articles/history.html",
        article=article,
        page=page,
        latest=services.latest_revision_number(article),
    )


@bp.route("/articles/<int:article_id>/revisions/<int:number>")
@login_required
def revision(article_id: int, number: int):
    article = _editable(article_id)
    rev = services.get_revision(article, number)
    if rev is None:
        abort(404)
    return render_template(
        "knowledge/articles/revision.html",
        article=article,
        rev=rev,
        media=services.shown_media(article, rev.body),
    )


@bp.route("/articles/<int:article_id>/diff")
@login_required
def diff(article_id: int):
    article = _editable(article_id)
    revision_choices = services.revision_choices(article)
    numbers = [number for number, _saved in revision_choices]
    a, b = int_arg("a"), int_arg("b")
    if b not in numbers:
        b = numbers[0] if numbers else None
    if a not in numbers:
        a = next((n for n in numbers if b is not None and n < b), b)
    old = services.get_revision(article, a) if a is not None else None
    new = old if b == a else services.get_revision(article, b) if b is not None else None
    labels = {
        "title": _("Title"),
        "summary": _("Summary"),
        "body": _("Body"),
        "tags": _("Tags"),
        "title_en": _("English title"),
        "summary_en": _("English summary"),
        "body_en": _("English body"),
    }
    fields = diff_revisions(old, new, labels) if old and new else []
    mode = "inline" if request.args.get("mode") == "inline" else "side"
    return render_template(
        "knowledge/articles/diff.html",
        article=article,
        choices=revision_choices,
        a=a,
        b=b,
        old=old,
        new=new,
        fields=fields,
        mode=mode,
    )


@bp.route("/articles/<int:article_id>/revisions/<int:number>/restore", methods=["POST"])
@login_required
def restore(article_id: int, number: int):
    article = _editable(article_id)
    rev = services.get_revision(article, number)
    if rev is None:
        abort(404)
    try:
        new = services.restore_revision(
            article, rev, actor=current_user, version=request.form.get("version")
        )
    except StaleVersion:
        db.session.rollback()
        flash(
            _(
                "Someone else saved this article meanwhile; look at the history again "
                "before restoring."
            ),
            "warning",
        )
        return redirect(url_for("knowledge.articles.history", article_id=article_id))
    db.session.commit()
    flash(
        _("Revision %(old)s is restored as revision %(new)s.", old=number, new=new.number),
        "success",
    )
    return redirect(url_for("knowledge.articles.detail", article_id=article.id))
