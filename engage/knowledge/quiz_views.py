"""Quiz pages: the list, building a quiz, taking it, the result, the leaderboard, import."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from engage.core.forms import StaleEdit
from engage.core.i18n import current_language
from engage.core.pagination import paginate
from engage.core.permissions import PermissionDenied, can, require_visible
from engage.extensions import db
from engage.knowledge import quizzes
from engage.knowledge.forms import ImportForm, QuestionForm, QuizForm, choice_values, choices
from engage.knowledge.permissions import can_build_quizzes
from engage.knowledge.quiz_models import KIND_LABELS, QuestionKind, Quiz, QuizAttempt
from engage.knowledge.services import KnowledgeError
from engage.knowledge.tree import CategoryTree
from engage.knowledge.views import bp

_MAX_IMPORT_BYTES = 5 * 1024 * 1024


@bp.app_context_processor
def _quiz_globals():
    return {"kb_kind_labels": KIND_LABELS}


@bp.route("/knowledge/quizzes/")
def quiz_list():
    stmt = select(Quiz).order_by(Quiz.updated_at.desc(), Quiz.id.desc())
    editor = can_build_quizzes(current_user)
    if not editor:
        stmt = stmt.where(Quiz.published.is_(True))
    page = paginate(stmt, per_page=20)
    counts = dict(db.session.execute(
        select(QuizAttempt.quiz_id, func.count(QuizAttempt.id))
        .where(QuizAttempt.quiz_id.in_([q.id for q in page.items] or [-1]))
        .group_by(QuizAttempt.quiz_id)).all())
    return render_template("knowledge/quiz_list.html", page=page, editor=editor,
                           counts=counts)


def _quiz_form(quiz: Quiz | None) -> QuizForm:
    form = QuizForm(obj=quiz)
    form.category_id.choices = choices((n.id, n.indented)
                                       for n in CategoryTree.load(current_language()).flat())
    return form


@bp.route("/knowledge/quizzes/new", methods=["GET", "POST"])
@bp.route("/knowledge/quizzes/<int:quiz_id>/edit", methods=["GET", "POST"])
@login_required
def quiz_edit(quiz_id: int | None = None):
    quiz = db.get_or_404(Quiz, quiz_id) if quiz_id else None
    if (quiz is None and not can_build_quizzes(current_user)) or (
            quiz is not None and not can(current_user, "edit", quiz)):
        abort(403)
    form = _quiz_form(quiz)
    if form.validate_on_submit():
        if form.category_id.data not in choice_values(form.category_id):
            form.category_id.errors = [_("Choose a category.")]
        else:
            try:
                saved = quizzes.save_quiz(
                    quiz, title=form.title.data, description=form.description.data or "",
                    category_id=form.category_id.data, published=form.published.data,
                    actor=current_user, version=form.version.data)
            except StaleEdit:
                db.session.rollback()
                quiz = db.session.get(Quiz, quiz_id)
                form.version.data = quiz.version
                flash(_("Someone else saved this quiz meanwhile: its title is now “%(title)s”. "
                        "Check and save again.", title=quiz.title), "warning")
            except KnowledgeError as exc:
                db.session.rollback()
                form.published.errors = [str(exc)]
            else:
                db.session.commit()
                flash(_("The quiz is saved."), "success")
                return redirect(url_for(".quiz_edit", quiz_id=saved.id))
    return render_template("knowledge/quiz_edit.html", form=form, quiz=quiz,
                           question_form=QuestionForm(formdata=None))


@bp.route("/knowledge/quizzes/<int:quiz_id>/questions", methods=["POST"])
@login_required
def question_add(quiz_id: int):
    quiz = db.get_or_404(Quiz, quiz_id)
    if not can(current_user, "edit", quiz):
        abort(403)
    qform = QuestionForm()
    if qform.validate_on_submit():
        try:
            question = quizzes.build_question(
                QuestionKind(qform.kind.data), qform.text.data,
                (qform.choices.data or "").splitlines(), qform.answer.data,
                qform.explanation.data or "")
            quizzes.add_question(quiz, question, actor=current_user)
        except KnowledgeError as exc:
            db.session.rollback()
            qform.answer.errors = [str(exc)]
        else:
            db.session.commit()
            flash(_("The question is added."), "success")
            return redirect(url_for(".quiz_edit", quiz_id=quiz.id, _anchor="questions"))
    return render_template("knowledge/quiz_edit.html", form=_quiz_form(quiz), quiz=quiz,
                           question_form=qform), 400


@bp.route("/knowledge/quizzes/<int:quiz_id>/questions/<int:question_id>/delete",
          methods=["POST"])
@login_required
def question_delete(quiz_id: int, question_id: int):
    quiz = db.get_or_404(Quiz, quiz_id)
    try:
        quizzes.delete_question(quiz, question_id, actor=current_user)
    except PermissionDenied:
        abort(403)
    db.session.commit()
    flash(_("The question is deleted."), "success")
    return redirect(url_for(".quiz_edit", quiz_id=quiz.id, _anchor="questions"))


@bp.route("/knowledge/quizzes/<int:quiz_id>/import", methods=["GET", "POST"])
@login_required
def quiz_import(quiz_id: int):
    quiz = db.get_or_404(Quiz, quiz_id)
    if not can(current_user, "edit", quiz):
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
                count = quizzes.import_questions(quiz, data, actor=current_user)
            except quizzes.ImportRejected as exc:
                db.session.rollback()
                errors = exc.errors
            else:
                db.session.commit()
                flash(_("%(n)s questions are imported.", n=count), "success")
                return redirect(url_for(".quiz_edit", quiz_id=quiz.id, _anchor="questions"))
    return render_template("knowledge/quiz_import.html", quiz=quiz, form=form, errors=errors,
                           columns=quizzes.IMPORT_COLUMNS), 400 if errors else 200


@bp.route("/knowledge/quizzes/import-template.xlsx")
@login_required
def quiz_template():
    if not can_build_quizzes(current_user):
        abort(403)
    import io

    return send_file(io.BytesIO(quizzes.template_xlsx()), as_attachment=True,
                     download_name="question-bank-template.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route("/knowledge/quizzes/<int:quiz_id>", methods=["GET", "POST"])
def quiz_take(quiz_id: int):
    quiz = require_visible(current_user, db.session.get(Quiz, quiz_id))
    if request.method == "POST":
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.auth.login", next=url_for(".quiz_take",
                                                                   quiz_id=quiz.id)))
        if not quiz.published:
            flash(_("This quiz is not published yet."), "warning")
            return redirect(url_for(".quiz_take", quiz_id=quiz.id))
        answers: dict[int, list[int]] = {}
        for question in quiz.questions:
            chosen = []
            for raw in request.form.getlist(f"q{question.id}")[:10]:
                try:
                    chosen.append(int(raw))
                except ValueError:
                    continue
            answers[question.id] = chosen
        attempt = quizzes.submit_attempt(quiz, answers, actor=current_user)
        db.session.commit()
        return redirect(url_for(".quiz_result", attempt_id=attempt.id))
    return render_template("knowledge/quiz_take.html", quiz=quiz,
                           can_edit=can(current_user, "edit", quiz))


@bp.route("/knowledge/quizzes/attempts/<int:attempt_id>")
@login_required
def quiz_result(attempt_id: int):
    attempt = require_visible(current_user, db.session.get(QuizAttempt, attempt_id))
    return render_template("knowledge/quiz_result.html", attempt=attempt, quiz=attempt.quiz)


@bp.route("/knowledge/quizzes/leaderboard")
def leaderboard():
    first, start, end = quizzes.month_bounds(request.args.get("month"))
    return render_template("knowledge/leaderboard.html", rows=quizzes.leaderboard(start, end),
                           month=first)
