"""Quiz pages: the list, building a quiz, taking it, the result, the leaderboard, import."""

from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import func, select

from engage.core.errors import DomainError, StaleVersion, refuse
from engage.core.i18n import current_language
from engage.core.pagination import paginate
from engage.core.permissions import PermissionDenied, require_visible
from engage.extensions import db
from engage.knowledge.categories.tree import CategoryTree
from engage.knowledge.errors import KnowledgeError
from engage.knowledge.forms import choice_values, choices
from engage.knowledge.quizzes import services
from engage.knowledge.quizzes.forms import ImportForm, QuestionForm, QuizForm
from engage.knowledge.quizzes.models import QuestionKind, Quiz, QuizAttempt
from engage.knowledge.quizzes.permissions import (
    can_build_quizzes,
    can_edit_quiz,
    visible_quizzes,
)

bp = Blueprint("quizzes", __name__, url_prefix="/knowledge/quizzes")

_MAX_IMPORT_BYTES = 5 * 1024 * 1024


@bp.route("/")
def index():
    stmt = (
        select(Quiz)
        .where(visible_quizzes(current_user))
        .order_by(Quiz.updated_at.desc(), Quiz.id.desc())
    )
    page = paginate(stmt, per_page=20)
    counts = dict(
        db.session.execute(
            select(QuizAttempt.quiz_id, func.count(QuizAttempt.id))
            .where(QuizAttempt.quiz_id.in_([q.id for q in page.items] or [-1]))
            .group_by(QuizAttempt.quiz_id)
        ).all()
    )
    return render_template("knowledge/quizzes/index.html", page=page, counts=counts)


def _quiz_form(quiz: Quiz | None) -> QuizForm:
    form = QuizForm(obj=quiz)
    form.category_id.choices = choices(
        (n.id, n.indented) for n in CategoryTree.load(current_language()).flat()
    )
    return form


def _quiz_page(quiz: Quiz | None):
    """The quiz's settings form (a new quiz when None) and its questions."""
    form = _quiz_form(quiz)
    if form.validate_on_submit():
        if form.category_id.data not in choice_values(form.category_id):
            form.category_id.errors = [_("Choose a category.")]
        else:
            try:
                saved = services.save_quiz(
                    quiz,
                    title=form.title.data,
                    description=form.description.data or "",
                    category_id=form.category_id.data,
                    published=form.published.data,
                    actor=current_user,
                    version=form.version.data,
                )
            except StaleVersion:
                assert quiz is not None  # only an edit can be stale
                db.session.rollback()
                quiz = db.session.get(Quiz, quiz.id)
                assert quiz is not None  # someone else saved it: it is there
                form.version.data = quiz.version
                flash(
                    _(
                        "Someone else saved this quiz meanwhile: its title is now “%(title)s”. "
                        "Check and save again.",
                        title=quiz.title,
                    ),
                    "warning",
                )
            except DomainError as exc:
                exc.field = exc.field or "published"
                refuse(exc, form)
            else:
                db.session.commit()
                flash(_("The quiz is saved."), "success")
                return redirect(url_for("knowledge.quizzes.edit", quiz_id=saved.id))
    return render_template(
        "knowledge/quizzes/edit.html",
        form=form,
        quiz=quiz,
        question_form=QuestionForm(formdata=None),
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    if not can_build_quizzes(current_user):
        abort(403)
    return _quiz_page(None)


@bp.route("/<int:quiz_id>/edit", methods=["GET", "POST"])
@login_required
def edit(quiz_id: int):
    quiz = require_visible(current_user, db.session.get(Quiz, quiz_id))
    if not can_edit_quiz(current_user, quiz):
        abort(403)
    return _quiz_page(quiz)


@bp.route("/<int:quiz_id>/questions", methods=["POST"])
@login_required
def add_question(quiz_id: int):
    quiz = require_visible(current_user, db.session.get(Quiz, quiz_id))
    if not can_edit_quiz(current_user, quiz):
        abort(403)
    qform = QuestionForm()
    if qform.validate_on_submit():
        try:
            question = services.build_question(
                QuestionKind(qform.kind.data),
                qform.text.data,
                (qform.choices.data or "").splitlines(),
                qform.answer.data,
                qform.explanation.data or "",
            )
            services.add_question(quiz, question, actor=current_user)
        except DomainError as exc:
            exc.field = exc.field or "answer"
            refuse(exc, qform)
        else:
            db.session.commit()
            flash(_("The question is added."), "success")
            return redirect(url_for("knowledge.quizzes.edit", quiz_id=quiz.id, _anchor="questions"))
    return render_template(
        "knowledge/quizzes/edit.html", form=_quiz_form(quiz), quiz=quiz, question_form=qform
    ), 400


@bp.route("/<int:quiz_id>/questions/<int:question_id>/delete", methods=["POST"])
@login_required
def delete_question(quiz_id: int, question_id: int):
    quiz = require_visible(current_user, db.session.get(Quiz, quiz_id))
    try:
        services.delete_question(quiz, question_id, actor=current_user)
    except PermissionDenied:
        abort(403)
    db.session.commit()
    flash(_("The question is deleted."), "success")
    return redirect(url_for("knowledge.quizzes.edit", quiz_id=quiz.id, _anchor="questions"))


@bp.route("/<int:quiz_id>/import", methods=["GET", "POST"])
@login_required
def import_questions(quiz_id: int):
    quiz = require_visible(current_user, db.session.get(Quiz, quiz_id))
    if not can_edit_quiz(current_user, quiz):
        abort(403)
    form = ImportForm()
    errors = []
    if form.validate_on_submit():
        file = form.file.data
        data = file.stream.read(_MAX_IMPORT_BYTES + 1) if getattr(file, "filename", "") else b""
        if not data:
            form.file.errors = [_("Choose an .xlsx file.")]
        elif len(data) > _MAX_IMPORT_BYTES:
            form.file.errors = [_("The file is larger than 5 MB.")]
        else:
            try:
                count = services.import_questions(quiz, data, actor=current_user)
            except services.ImportRejected as exc:
                db.session.rollback()
                errors = exc.errors
            else:
                db.session.commit()
                flash(
                    ngettext(
                        "%(num)s question is imported.", "%(num)s questions are imported.", count
                    ),
                    "success",
                )
                return redirect(
                    url_for("knowledge.quizzes.edit", quiz_id=quiz.id, _anchor="questions")
                )
    return render_template(
        "knowledge/quizzes/import.html",
        quiz=quiz,
        form=form,
        errors=errors,
        columns=services.IMPORT_COLUMNS,
    ), 400 if errors else 200


@bp.route("/import-template.xlsx")
@login_required
def template():
    if not can_build_quizzes(current_user):
        abort(403)
    return send_file(
        io.BytesIO(services.template_xlsx()),
        as_attachment=True,
        download_name="question-bank-template.xlsx",
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@bp.route("/<int:quiz_id>", methods=["GET", "POST"])
def detail(quiz_id: int):
    quiz = require_visible(current_user, db.session.get(Quiz, quiz_id))
    if request.method == "POST":
        if not current_user.is_authenticated:
            return redirect(
                url_for(
                    "accounts.auth.login", next=url_for("knowledge.quizzes.detail", quiz_id=quiz.id)
                )
            )
        if not quiz.published:
            flash(_("This quiz is not published yet."), "warning")
            return redirect(url_for("knowledge.quizzes.detail", quiz_id=quiz.id))
        answers: dict[int, list[int]] = {}
        for question in quiz.questions:
            chosen = []
            for raw in request.form.getlist(f"q{question.id}")[:10]:
                try:
                    chosen.append(int(raw))
                except ValueError:
                    continue
            answers[question.id] = chosen
        try:
            attempt = services.submit_attempt(quiz, answers, actor=current_user)
        except KnowledgeError as exc:
            db.session.rollback()
            refuse(exc, category="warning")
            return render_template("knowledge/quizzes/detail.html", quiz=quiz), 400
        db.session.commit()
        return redirect(url_for("knowledge.quizzes.result", attempt_id=attempt.id))
    return render_template("knowledge/quizzes/detail.html", quiz=quiz)


@bp.route("/attempts/<int:attempt_id>")
@login_required
def result(attempt_id: int):
    attempt = require_visible(current_user, db.session.get(QuizAttempt, attempt_id))
    return render_template("knowledge/quizzes/result.html", attempt=attempt, quiz=attempt.quiz)


@bp.route("/leaderboard")
def leaderboard():
    first, start, end = services.month_bounds(request.args.get("month"))
    return render_template(
        "knowledge/quizzes/leaderboard.html", rows=services.leaderboard(start, end), month=first
    )
