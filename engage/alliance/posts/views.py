"""Post pages: list, write, read, edit with history and diff; comments, reviews, adoptions,
flags, moderation, lessons and promotion to the knowledge base."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engage.alliance.alliances.forms import choices
from engage.alliance.alliances.models import Alliance
from engage.alliance.alliances.permissions import can_lead
from engage.alliance.alliances.services import alliance_ids_of_company, alliances_of_company
from engage.alliance.posts import feedback, lessons, moderation, services
from engage.alliance.posts.forms import (
    AdoptForm,
    CommentForm,
    PostForm,
    ReasonForm,
    ReviewForm,
)
from engage.alliance.posts.models import VISIBILITY_LABELS, Post, PostComment, Review
from engage.alliance.posts.permissions import (
    can_adopt_post,
    can_comment_post,
    can_edit_post,
    can_moderate_post,
    can_promote_post,
    can_review_post,
    can_view_post,
    can_write_post,
)
from engage.core.args import choice_arg, int_arg, text_arg
from engage.core.errors import DomainError, NotAllowed, StaleVersion, refuse
from engage.core.pagination import paginate
from engage.core.permissions import is_admin
from engage.core.photos import chosen_files, save_photos
from engage.core.uploads import UploadRejected, save_document, save_image
from engage.core.vocab import FOCUS_TARGET_LABELS
from engage.extensions import db

bp = Blueprint("posts", __name__, url_prefix="/posts")


def _post(post_id: int) -> Post:
    post = db.session.get(Post, post_id)
    if post is None or not can_view_post(current_user, post):
        abort(404)
    return post


def _back(post: Post, anchor: str = ""):
    return redirect(url_for("alliance.posts.detail", post_id=post.id) + anchor)


@bp.route("/")
@login_required
def index():
    sort = choice_arg("sort", services.SORTS, "newest")
    focus = choice_arg("focus", [k.value for k in FOCUS_TARGET_LABELS], "")
    tag = text_arg("tag", 30)
    alliance_id = int_arg("alliance")
    page = paginate(
        services.list_posts(current_user, alliance_id=alliance_id, focus=focus, tag=tag, sort=sort),
        per_page=20,
    )
    alliance = db.session.get(Alliance, alliance_id) if alliance_id else None
    return render_template(
        "alliance/posts/index.html",
        page=page,
        sort=sort,
        focus=focus,
        tag=tag,
        alliance=alliance,
        focus_labels=FOCUS_TARGET_LABELS,
        drafts=services.my_drafts(current_user),
        invites=lessons.open_invites(current_user),
        can_write=can_write_post(current_user)
        and bool(alliance_ids_of_company(current_user.company_id)),
    )


def _form_choices(form: PostForm) -> None:
    form.alliance_id.choices = choices(
        (a.id, a.name) for a in alliances_of_company(current_user.company_id)
    )


def _data(form: PostForm) -> services.PostData:
    return services.PostData(
        title=form.title.data or "",
        body=form.body.data or "",
        alliance_id=form.alliance_id.data or 0,
        visibility=form.visibility.data or "alliance",
        focus_target=form.focus_target.data or None,
        tags=form.tags.data or "",
    )


def _files(form: PostForm):
    images = save_photos(form.images, actor=current_user)
    if images is None:
        return None, None
    documents = []
    for file in chosen_files(form.documents):
        try:
            documents.append(save_document(file, actor=current_user))
        except UploadRejected as exc:
            form.documents.errors = [*form.documents.errors, f"{file.filename[-80:]}: {exc}"]
            return None, None
    return images, documents


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    if not can_write_post(current_user) or not alliance_ids_of_company(current_user.company_id):
        abort(403)
    form = PostForm()
    _form_choices(form)
    invite = None
    invite_id = int_arg("invite") or (
        int(form.invite.data) if (form.invite.data or "").isdigit() else None
    )
    if invite_id:
        invite = lessons.load_invite(invite_id, current_user)
        if invite is None:
            abort(404)
    if request.method == "GET" and invite is not None:
        values = lessons.prefill(invite)
        form.title.data, form.body.data = values["title"], values["body"]
        form.alliance_id.data, form.invite.data = values["alliance_id"], str(invite.id)
    if form.validate_on_submit():
        images, documents = _files(form)
        if images is None:
            db.session.rollback()
        else:
            try:
                if invite is not None:  # the fixed problem's photos before and after
                    images = [*images, *lessons.invite_photos(invite)]
                post = services.create_post(
                    _data(form),
                    actor=current_user,
                    publish="publish" in request.form,
                    images=images,
                    documents=documents,
                )
                if invite is not None:
                    lessons.link_post(invite, post)
                    if post.is_published:
                        lessons.mark_written(post)
            except DomainError as exc:
                refuse(exc, form)
            else:
                db.session.commit()
                flash(
                    _("The post is published.") if post.is_published else _("The draft is saved."),
                    "success",
                )
                return _back(post)
    return render_template(
        "alliance/posts/edit.html",
        form=form,
        post=None,
        conflict=None,
        visibility_labels=VISIBILITY_LABELS,
    )


@bp.route("/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    post = _post(post_id)
    if not can_edit_post(current_user, post):
        abort(403)
    form = PostForm(obj=post)
    _form_choices(form)
    conflict = None
    if request.method == "GET":
        form.version.data = post.version
        form.visibility.data = post.visibility.value
        form.focus_target.data = post.focus_target.value if post.focus_target else ""
        form.tags.data = ", ".join(post.tag_list)
    if form.validate_on_submit():
        images, documents = _files(form)
        if images is None:
            db.session.rollback()
        else:
            try:
                services.update_post(
                    post,
                    _data(form),
                    actor=current_user,
                    version=form.version.data,
                    publish="publish" in request.form,
                    images=images,
                    documents=documents,
                )
            except StaleVersion as exc:
                refuse(exc, category="warning")
                post = _post(post_id)
                conflict = post
                form.version.data = post.version
            except DomainError as exc:
                refuse(exc, form)
            else:
                db.session.commit()
                flash(_("The post is saved."), "success")
                return _back(post)
    return render_template(
        "alliance/posts/edit.html",
        form=form,
        post=post,
        conflict=conflict,
        media=services.media_keys(post),
        visibility_labels=VISIBILITY_LABELS,
    )


@bp.route("/<int:post_id>/publish", methods=["POST"])
@login_required
def publish(post_id: int):
    post = _post(post_id)
    if not can_edit_post(current_user, post):
        abort(403)
    services.publish_post(post, actor=current_user)
    db.session.commit()
    flash(_("The post is published."), "success")
    return _back(post)


@bp.route("/<int:post_id>")
@login_required
def detail(post_id: int):
    post = _post(post_id)
    alliance = db.session.get(Alliance, post.alliance_id)
    reviews = feedback.reviews(post)
    own_review = next((r for r in reviews if r.company_id == current_user.company_id), None)
    own_adoption = any(a.company_id == current_user.company_id for a in feedback.adoptions(post))
    moderator = can_moderate_post(current_user, post)
    return render_template(
        "alliance/posts/detail.html",
        post=post,
        alliance=alliance,
        reviews=reviews,
        adoptions=feedback.adoptions(post),
        own_review=own_review,
        own_adoption=own_adoption,
        comments=feedback.comments(post, include_hidden=moderator),
        media=services.media_keys(post),
        focus_labels=FOCUS_TARGET_LABELS,
        visibility_labels=VISIBILITY_LABELS,
        comment_form=CommentForm(),
        review_form=ReviewForm(),
        adopt_form=AdoptForm(),
        reason_form=ReasonForm(),
        can_edit=can_edit_post(current_user, post),
        can_moderate=moderator,
        can_review=can_review_post(current_user, post) and own_review is None,
        can_adopt=can_adopt_post(current_user, post) and not own_adoption,
        can_comment=can_comment_post(current_user, post),
        can_promote=can_promote_post(current_user, post)
        and post.article_id is None
        and lessons.is_well_reviewed(post),
        moderation_log=moderation.log(post) if moderator else [],
    )


@bp.route("/<int:post_id>/history")
@login_required
def history(post_id: int):
    post = _post(post_id)
    return render_template(
        "alliance/posts/history.html", post=post, revisions=services.revisions(post)
    )


@bp.route("/<int:post_id>/diff")
@login_required
def diff(post_id: int):
    post = _post(post_id)
    old = services.get_revision(post, int_arg("a"))
    new = services.get_revision(post, int_arg("b"))
    if old is None or new is None:
        abort(404)
    return render_template(
        "alliance/posts/diff.html", post=post, old=old, new=new, fields=services.diff(old, new)
    )


# ---------------------------------------------------------------- peers


@bp.route("/<int:post_id>/comments", methods=["POST"])
@login_required
def comment(post_id: int):
    post = _post(post_id)
    if not can_comment_post(current_user, post):
        abort(403)
    form = CommentForm()
    if not form.validate_on_submit():
        flash(_("Write the comment (at most 5,000 characters)."), "danger")
        return _back(post, "#comments")
    parent = None
    if (form.parent_id.data or "").isdigit():
        parent = db.session.get(PostComment, int(form.parent_id.data))
        if parent is None or parent.post_id != post.id:
            abort(404)
    try:
        made = feedback.add_comment(post, form.body.data, actor=current_user, parent=parent)
    except DomainError as exc:
        refuse(exc)
        return _back(post, "#comments")
    db.session.commit()
    return _back(post, f"#c{made.id}")


@bp.route("/<int:post_id>/reviews", methods=["POST"])
@login_required
def review(post_id: int):
    post = _post(post_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(str(errors[0]), "danger")
        return _back(post, "#reviews")
    try:
        feedback.review_post(post, form.score.data, form.text.data, actor=current_user)
    except NotAllowed:
        db.session.rollback()
        abort(403)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(_("Thank you: your review is published."), "success")
    return _back(post, "#reviews")


def _review(review_id: int) -> tuple[Review, Post]:
    item = db.session.get(Review, review_id)
    if item is None:
        abort(404)
    return item, _post(item.post_id)


@bp.route("/reviews/<int:review_id>")
@login_required
def review_source(review_id: int):
    item, post = _review(review_id)
    return _back(post, f"#r{item.id}")


@bp.route("/reviews/<int:review_id>/edit", methods=["GET", "POST"])
@login_required
def review_edit(review_id: int):
    item, post = _review(review_id)
    if not feedback.can_edit_review(current_user, item):
        abort(403)
    form = ReviewForm(obj=item)
    if request.method == "GET":
        form.version.data = item.version
    if form.validate_on_submit():
        try:
            feedback.edit_review(
                item, form.score.data, form.text.data, actor=current_user, version=form.version.data
            )
        except StaleVersion as exc:
            refuse(exc, category="warning")
            return redirect(url_for("alliance.posts.review_edit", review_id=review_id))
        except DomainError as exc:
            refuse(exc, form)
        else:
            db.session.commit()
            flash(_("Your review is saved; the earlier text is kept in its history."), "success")
            return _back(post, f"#r{item.id}")
    return render_template(
        "alliance/posts/review_edit.html",
        post=post,
        review=item,
        form=form,
        history=feedback.review_history(item),
    )


@bp.route("/<int:post_id>/adopt", methods=["POST"])
@login_required
def adopt(post_id: int):
    post = _post(post_id)
    form = AdoptForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(str(errors[0]), "danger")
        return _back(post, "#adoptions")
    photo = None
    if form.photo.data is not None and getattr(form.photo.data, "filename", None):
        try:
            photo = save_image(form.photo.data, actor=current_user)
        except UploadRejected as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return _back(post, "#adoptions")
    try:
        feedback.adopt(post, form.note.data, actor=current_user, photo=photo)
    except NotAllowed:
        db.session.rollback()
        abort(403)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(_("Recorded: your company adopted this practice."), "success")
    return _back(post, "#adoptions")


@bp.route("/<int:post_id>/flag", methods=["POST"])
@login_required
def flag(post_id: int):
    post = _post(post_id)
    form = ReasonForm()
    comment_row = None
    if (form.comment_id.data or "").isdigit():
        comment_row = db.session.get(PostComment, int(form.comment_id.data))
        if comment_row is None or comment_row.post_id != post.id:
            abort(404)
    if not form.validate_on_submit():
        flash(_("Say why this needs a moderator's look."), "danger")
        return _back(post)
    try:
        feedback.flag(post, form.reason.data, actor=current_user, comment=comment_row)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(_("Thank you; the alliance's lead will have a look."), "success")
    return _back(post)


# ---------------------------------------------------------------- moderation


@bp.route("/<int:post_id>/<any(hide, restore):action>", methods=["POST"])
@login_required
def moderate(post_id: int, action: str):
    post = _post(post_id)
    if not can_moderate_post(current_user, post):
        abort(403)
    form = ReasonForm()
    comment_row = None
    if (form.comment_id.data or "").isdigit():
        comment_row = db.session.get(PostComment, int(form.comment_id.data))
        if comment_row is None or comment_row.post_id != post.id:
            abort(404)
    if not form.validate_on_submit():
        flash(_("Give the reason; the author reads it."), "danger")
        return _back(post)
    try:
        if comment_row is not None:
            moderation.set_comment_hidden(
                post, comment_row, action == "hide", form.reason.data, actor=current_user
            )
        elif action == "hide":
            moderation.hide_post(post, form.reason.data, actor=current_user)
        else:
            moderation.restore_post(post, form.reason.data, actor=current_user)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(
            _("Done; the author has been told.") if action == "hide" else _("Shown again."),
            "success",
        )
    return _back(post)


@bp.route("/flags")
@login_required
def flags():
    if is_admin(current_user) or current_user.is_supervisor:
        alliance_ids = None
    else:
        alliance_ids = [
            a.id for a in alliances_of_company(current_user.company_id) if can_lead(current_user, a)
        ]
        if not alliance_ids:
            abort(403)
    page = paginate(moderation.open_flags(alliance_ids), per_page=30)
    return render_template("alliance/posts/flags.html", page=page)


# ---------------------------------------------------------------- lessons


@bp.route("/lessons/<int:invite_id>/write")
@login_required
def lesson_write(invite_id: int):
    if lessons.load_invite(invite_id, current_user) is None:
        abort(404)
    return redirect(url_for("alliance.posts.create", invite=invite_id))


@bp.route("/lessons/<int:invite_id>/decline", methods=["POST"])
@login_required
def lesson_decline(invite_id: int):
    invite = lessons.load_invite(invite_id, current_user)
    if invite is None:
        abort(404)
    try:
        lessons.decline(invite, actor=current_user)
    except DomainError as exc:
        refuse(exc)
    else:
        db.session.commit()
        flash(_("Understood; the invitation is closed."), "success")
    return redirect(url_for("alliance.posts.index"))


@bp.route("/<int:post_id>/promote", methods=["POST"])
@login_required
def promote(post_id: int):
    post = _post(post_id)
    if not can_promote_post(current_user, post):
        abort(403)
    try:
        article_id = lessons.promote_to_knowledge(
            post, actor=current_user, reviews=feedback.reviews(post)
        )
    except DomainError as exc:
        refuse(exc)
        return _back(post)
    db.session.commit()
    flash(_("The post is now a knowledge article."), "success")
    return redirect(url_for("knowledge.articles.detail", article_id=article_id))
