"""Quiz rules: building quizzes, taking them, the safety-month leaderboard, XLSX import."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from engage.accounts.models import Company
from engage.core import audit, xlsx
from engage.core.export import xlsx_bytes
from engage.core.forms import check_version, clean_text
from engage.core.permissions import PermissionDenied, signed_in
from engage.core.timeutil import utcnow
from engage.extensions import db
from engage.knowledge.categories.models import Category
from engage.knowledge.errors import KnowledgeError
from engage.knowledge.quizzes.models import Choice, Question, QuestionKind, Quiz, QuizAttempt
from engage.knowledge.quizzes.permissions import can_build_quizzes, can_edit_quiz, can_view_quiz

LETTERS = "ABCDEF"
TRUE_WORDS = {"对", "正确", "是", "√", "t", "true", "yes", "y"}
FALSE_WORDS = {"错", "错误", "否", "×", "f", "false", "no", "n"}
MAX_IMPORT_ROWS = 1000
# Column order of the import sheet; the first row holds these headers.
IMPORT_COLUMNS = [
    "题型",
    "题目",
    "选项A",
    "选项B",
    "选项C",
    "选项D",
    "选项E",
    "选项F",
    "答案",
    "解析",
]
KIND_WORDS = {
    "单选": QuestionKind.SINGLE,
    "单选题": QuestionKind.SINGLE,
    "single": QuestionKind.SINGLE,
    "多选": QuestionKind.MULTIPLE,
    "多选题": QuestionKind.MULTIPLE,
    "multiple": QuestionKind.MULTIPLE,
    "判断": QuestionKind.TRUE_FALSE,
    "判断题": QuestionKind.TRUE_FALSE,
    "true_false": QuestionKind.TRUE_FALSE,
    "truefalse": QuestionKind.TRUE_FALSE,
}


def save_quiz(
    quiz: Quiz | None,
    *,
    title: str,
    description: str,
    category_id: int,
    published: bool,
    actor,
    version=None,
) -> Quiz:
    """Create (quiz None) or change a quiz. Editors only; a stale form raises StaleEdit."""
    if quiz is None:
        if not can_build_quizzes(actor):
            raise PermissionDenied("create quiz")
    else:
        if not can_edit_quiz(actor, quiz):
            raise PermissionDenied("edit quiz")
        check_version(quiz, version)
    if db.session.get(Category, category_id) is None:
        raise KnowledgeError(_l("Choose a category."))
    if quiz is None:
        quiz = Quiz(
            created_by_id=actor.id,
            author_company_id=None if (actor.is_admin or actor.is_supervisor) else actor.company_id,
        )
    if published and quiz.id is not None and not quiz.questions:
        raise KnowledgeError(_l("Add at least one question before publishing the quiz."))
    if published and quiz.id is None:
        published = False
    quiz.title, quiz.description, quiz.category_id = title, description, category_id
    quiz.published = published
    db.session.add(quiz)
    db.session.flush()
    audit.record(actor, "knowledge.quiz.save", quiz, summary=title)
    return quiz


def _answer_indexes(kind: QuestionKind, n_choices: int, answer: str) -> set[int]:
    """Indexes of correct choices from 'A', 'A,C', 'AC', or 对/错 for true/false."""
    text = (answer or "").strip()
    if kind == QuestionKind.TRUE_FALSE:
        word = text.lower()
        if word in TRUE_WORDS:
            return {0}
        if word in FALSE_WORDS:
            return {1}
        raise KnowledgeError(_l("The answer of a true-or-false question is 对 or 错 (T or F)."))
    letters = [ch for ch in text.upper() if ch not in " ,，、;；"]
    if not letters or any(ch not in LETTERS[:n_choices] for ch in letters):
        raise KnowledgeError(
            _l(
                "The answer must be letters of the given choices (A to %(last)s).",
                last=LETTERS[max(n_choices, 1) - 1],
            )
        )
    indexes = {LETTERS.index(ch) for ch in letters}
    if kind == QuestionKind.SINGLE and len(indexes) != 1:
        raise KnowledgeError(_l("A single-choice question has exactly one correct answer."))
    if kind == QuestionKind.MULTIPLE and len(indexes) < 2:
        raise KnowledgeError(_l("A multiple-choice question has at least two correct answers."))
    return indexes


def build_question(
    kind: QuestionKind, text: str, choices: list[str], answer: str, explanation: str
) -> Question:
    """A validated Question (not yet added). Raises KnowledgeError saying what is wrong."""
    text = (text or "").strip()
    if not text:
        raise KnowledgeError(_l("The question is empty."))
    if len(text) > 2000:
        raise KnowledgeError(_l("The question is longer than 2000 characters."))
    if kind == QuestionKind.TRUE_FALSE:
        choices = ["对", "错"]
    else:
        choices = [c.strip() for c in choices if c and c.strip()]
        if not 2 <= len(choices) <= 6:
            raise KnowledgeError(_l("Give two to six choices."))
        if any(len(c) > 500 for c in choices):
            raise KnowledgeError(_l("A choice is longer than 500 characters."))
        if len(set(choices)) != len(choices):
            raise KnowledgeError(_l("Two choices are the same."))
    correct = _answer_indexes(kind, len(choices), answer)
    return Question(
        kind=kind,
        text=text,
        explanation=(explanation or "").strip()[:2000],
        choices=[
            Choice(text=c, is_correct=i in correct, position=i) for i, c in enumerate(choices)
        ],
    )


def add_question(quiz: Quiz, question: Question, *, actor) -> Question:
    if not can_edit_quiz(actor, quiz):
        raise PermissionDenied("edit quiz")
    question.position = len(quiz.questions)
    quiz.questions.append(question)
    db.session.flush()
    return question


def delete_question(quiz: Quiz, question_id: int, *, actor) -> None:
    if not can_edit_quiz(actor, quiz):
        raise PermissionDenied("edit quiz")
    for question in list(quiz.questions):
        if question.id == question_id:
            quiz.questions.remove(question)
    if not quiz.questions:
        quiz.published = False
    db.session.flush()


def submit_attempt(quiz: Quiz, answers: dict[int, list[int]], *, actor) -> QuizAttempt:
    """Grade answers {question id: [choice ids]} and keep the attempt. A question
    scores when exactly its correct choices are chosen. Signed-in people only.
    Raises KnowledgeError when no question is answered (a slip, not an attempt)."""
    if not signed_in(actor):
        raise PermissionDenied("take quiz")
    if not can_view_quiz(actor, quiz) or not quiz.published:
        raise PermissionDenied("take quiz")
    if not any(
        c in {choice.id for choice in q.choices}
        for q in quiz.questions
        for c in answers.get(q.id, [])
    ):
        raise KnowledgeError(_l("Answer at least one question before you hand in the quiz."))
    score = 0
    kept: dict[str, list[int]] = {}
    for question in quiz.questions:
        valid = {c.id for c in question.choices}
        chosen = sorted({c for c in answers.get(question.id, []) if c in valid})
        kept[str(question.id)] = chosen
        if set(chosen) == question.correct_ids:
            score += 1
    total = len(quiz.questions)
    attempt = QuizAttempt(
        quiz_id=quiz.id,
        user_id=actor.id,
        company_id=actor.company_id,
        score=score,
        max_score=total,
        percent=round(100 * score / total) if total else 0,
        answers=kept,
    )
    db.session.add(attempt)
    db.session.flush()
    return attempt


def month_bounds(month: str | None) -> tuple[date, datetime, datetime]:
    """'2026-06' -> (first day, start, end) in UTC, in the park's timezone; anything
    else -> the current safety month (June), or the last one before June comes."""
    tz = ZoneInfo(current_app.config["ENGAGE_TIMEZONE"])
    today = utcnow().astimezone(tz).date()
    try:
        year, mon = (int(x) for x in (month or "").split("-"))
        first = date(year, mon, 1)
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        first = date(today.year if today.month >= 6 else today.year - 1, 6, 1)
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    start = datetime(first.year, first.month, 1, tzinfo=tz).astimezone(UTC)
    end = datetime(nxt.year, nxt.month, 1, tzinfo=tz).astimezone(UTC)
    return first, start, end


def leaderboard(start: datetime, end: datetime) -> list[dict]:
    """Companies ranked by the average, over their people, of each person's average best
    score on the quizzes they took in [start, end)."""
    best = (
        select(
            QuizAttempt.user_id,
            QuizAttempt.company_id,
            QuizAttempt.quiz_id,
            func.max(QuizAttempt.percent).label("best"),
        )
        .where(
            QuizAttempt.created_at >= start,
            QuizAttempt.created_at < end,
            QuizAttempt.company_id.is_not(None),
        )
        .group_by(QuizAttempt.user_id, QuizAttempt.company_id, QuizAttempt.quiz_id)
        .subquery()
    )
    per_user = (
        select(best.c.user_id, best.c.company_id, func.avg(best.c.best).label("avg"))
        .group_by(best.c.user_id, best.c.company_id)
        .subquery()
    )
    stmt = (
        select(
            Company.id,
            Company.name,
            Company.name_en,
            func.count(per_user.c.user_id),
            func.avg(per_user.c.avg),
        )
        .join(per_user, per_user.c.company_id == Company.id)
        .group_by(Company.id, Company.name, Company.name_en)
        .order_by(
            func.avg(per_user.c.avg).desc(), func.count(per_user.c.user_id).desc(), Company.name
        )
    )
    rows: Iterable[Any] = db.session.execute(stmt)
    return [
        {
            "company_id": cid,
            "name": name,
            "name_en": name_en,
            "people": people,
            "score": round(float(avg or 0), 1),
        }
        for cid, name, name_en, people, avg in rows
    ]


# XLSX import ----------------------------------------------------------------


class ImportRejected(KnowledgeError):
    """The sheet has errors; nothing was imported. `errors` is [(row, message)]."""

    def __init__(self, errors: list[tuple[int | None, str]]) -> None:
        super().__init__(_l("Nothing was imported: fix these rows and try again."), "file")
        self.errors = errors


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value)) or ""


def import_questions(quiz: Quiz, data: bytes, *, actor) -> int:
    """Add every question of an XLSX sheet (IMPORT_COLUMNS) to quiz, or none: any bad
    row raises ImportRejected listing each bad row and why."""
    if not can_edit_quiz(actor, quiz):
        raise PermissionDenied("edit quiz")
    try:
        rows = xlsx.read_rows(data, max_rows=MAX_IMPORT_ROWS + 2, max_cols=len(IMPORT_COLUMNS))
    except xlsx.SpreadsheetRejected as exc:
        raise ImportRejected([(exc.row, str(exc.message))]) from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a bad file
        raise ImportRejected(
            [(None, _l("This file is not an Excel workbook (.xlsx) we can read."))]
        ) from exc
    if not rows:
        raise ImportRejected([(None, _l("The sheet is empty."))])
    if len(rows) > MAX_IMPORT_ROWS + 1:
        raise ImportRejected(
            [(None, _l("At most %(n)s questions can be imported at once.", n=MAX_IMPORT_ROWS))]
        )
    errors: list[tuple[int | None, str]] = []
    questions: list[Question] = []
    for number, row in enumerate(rows[1:], start=2):
        cells = [_cell(v) for v in (list(row) + [None] * len(IMPORT_COLUMNS))[:10]]
        if not any(cells):
            continue
        kind = KIND_WORDS.get(cells[0].lower())
        if kind is None:
            errors.append(
                (
                    number,
                    _l(
                        "Unknown question type “%(value)s”: use 单选, 多选 or 判断.",
                        value=cells[0][:20],
                    ),
                )
            )
            continue
        try:
            questions.append(build_question(kind, cells[1], cells[2:8], cells[8], cells[9]))
        except KnowledgeError as exc:
            errors.append((number, str(exc)))
    if not errors and not questions:
        errors.append((None, _l("The sheet has no questions below its header row.")))
    if errors:
        raise ImportRejected(errors)
    for question in questions:
        add_question(quiz, question, actor=actor)
    audit.record(actor, "knowledge.quiz.import", quiz, summary=quiz.title, count=len(questions))
    return len(questions)


def template_xlsx() -> bytes:
    """An import sheet with the headers and one example of each question type."""
    examples = [
        [
            "单选",
            "扑救电气火灾首先应当做什么？",
            "用水浇灭",
            "切断电源",
            "打开窗户",
            "",
            "",
            "",
            "B",
            "带电灭火有触电危险，应先断电。",
        ],
        [
            "多选",
            "干粉灭火器适用于哪些火灾？",
            "固体物质火灾",
            "液体火灾",
            "气体火灾",
            "金属火灾",
            "",
            "",
            "ABC",
            "ABC 干粉不能扑救金属火灾。",
        ],
        [
            "判断",
            "发生火灾时可以乘坐电梯逃生。",
            "",
            "",
            "",
            "",
            "",
            "",
            "错",
            "火灾时电梯可能断电或进烟，应走疏散楼梯。",
        ],
    ]
    return xlsx_bytes("题库", IMPORT_COLUMNS, examples)
