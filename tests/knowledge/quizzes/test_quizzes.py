"""Quizzes: building, taking, scoring, the safety-month leaderboard, XLSX import."""

import io
from datetime import UTC, datetime

import pytest
import time_machine
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from engage.core.audit import AppendOnlyViolation
from engage.knowledge.errors import KnowledgeError
from engage.knowledge.quizzes import services as quizzes
from engage.knowledge.quizzes.models import Question, QuestionKind, Quiz, QuizAttempt
from tests.knowledge.articles.test_views import BAD_VALUES


@pytest.fixture
def quiz(db, make_category, make_user):
    admin = make_user("admin")
    quiz = quizzes.save_quiz(
        None,
        title="消防测验",
        description="",
        category_id=make_category().id,
        published=False,
        actor=admin,
    )
    quizzes.add_question(
        quiz,
        quizzes.build_question(
            QuestionKind.SINGLE, "火警电话？", ["110", "119"], "B", "119 是火警。"
        ),
        actor=admin,
    )
    quizzes.add_question(
        quiz,
        quizzes.build_question(
            QuestionKind.MULTIPLE, "干粉能灭？", ["木材", "汽油", "金属钠"], "A,B", ""
        ),
        actor=admin,
    )
    quizzes.add_question(
        quiz,
        quizzes.build_question(QuestionKind.TRUE_FALSE, "火灾可乘电梯。", [], "错", "走楼梯。"),
        actor=admin,
    )
    quiz.published = True
    db.session.commit()
    return quiz


def _answers(quiz, right=True):
    out = {}
    for q in quiz.questions:
        ids = sorted(q.correct_ids) if right else [c.id for c in q.choices if not c.is_correct][:1]
        out[f"q{q.id}"] = [str(i) for i in ids]
    return out


@pytest.mark.parametrize(
    "kind, choices, answer",
    [
        (QuestionKind.SINGLE, ["a"], "A"),
        (QuestionKind.SINGLE, ["a", "b"], "C"),
        (QuestionKind.SINGLE, ["a", "b"], "AB"),
        (QuestionKind.MULTIPLE, ["a", "b", "c"], "A"),
        (QuestionKind.TRUE_FALSE, [], "maybe"),
        (QuestionKind.SINGLE, ["a", "a"], "A"),
        (QuestionKind.SINGLE, ["a", "b"], ""),
    ],
)
def test_bad_questions_are_refused(app, kind, choices, answer):
    with app.test_request_context(), pytest.raises(KnowledgeError):
        quizzes.build_question(kind, "题目", choices, answer, "")


def test_taking_a_quiz_scores_and_explains(db, app, quiz, make_user, make_company, login_as):
    employee = make_user("employee", company=make_company())
    client = login_as(employee, app.test_client())
    response = client.post(f"/knowledge/quizzes/{quiz.id}", data=_answers(quiz))
    assert response.status_code == 302
    attempt = db.session.scalar(select(QuizAttempt))
    assert (attempt.score, attempt.max_score, attempt.percent) == (3, 3, 100)
    assert attempt.company_id == employee.company_id
    page = client.get(response.location).get_data(as_text=True)
    assert "119 是火警。" in page and "走楼梯。" in page


def test_wrong_and_partial_answers_score_nothing(db, quiz, make_user):
    user = make_user()
    multiple = next(q for q in quiz.questions if q.kind == QuestionKind.MULTIPLE)
    first_right = sorted(multiple.correct_ids)[:1]
    attempt = quizzes.submit_attempt(quiz, {multiple.id: first_right}, actor=user)
    assert attempt.score == 0


def test_attempts_are_append_only_and_private(db, app, quiz, make_user, login_as):
    owner, other = make_user(), make_user()
    first = quiz.questions[0]
    attempt = quizzes.submit_attempt(quiz, {first.id: [first.choices[0].id]}, actor=owner)
    db.session.commit()
    assert (
        login_as(other, app.test_client())
        .get(f"/knowledge/quizzes/attempts/{attempt.id}")
        .status_code
        == 404
    )
    attempt.score = 99
    with pytest.raises(AppendOnlyViolation):
        db.session.flush()
    db.session.rollback()


def test_anonymous_people_are_asked_to_sign_in(db, client, quiz):
    assert "/login" in client.post(f"/knowledge/quizzes/{quiz.id}", data=_answers(quiz)).location
    assert client.get(f"/knowledge/quizzes/{quiz.id}").status_code == 200


@pytest.mark.parametrize("value", BAD_VALUES + ["999999", "-1"])
def test_quiz_answers_bad_input(db, app, quiz, make_user, login_as, value):
    client = login_as(make_user(), app.test_client())
    data = {f"q{q.id}": value for q in quiz.questions}
    # Nothing that names a choice is no answer at all: refused, nothing kept.
    assert client.post(f"/knowledge/quizzes/{quiz.id}", data=data).status_code == 400
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


def test_draft_quizzes_are_hidden(db, app, quiz, client):
    quiz.published = False
    db.session.commit()
    assert client.get(f"/knowledge/quizzes/{quiz.id}").status_code == 404


def test_leaderboard_averages_best_scores_per_person(db, app, quiz, make_user, make_company):
    a, b = make_company(name="甲公司"), make_company(name="乙公司")
    june = datetime(2026, 6, 10, 2, tzinfo=UTC)
    july = datetime(2026, 7, 10, 2, tzinfo=UTC)
    people = {
        "a1": make_user("employee", company=a),
        "a2": make_user("employee", company=a),
        "b1": make_user("employee", company=b),
    }
    for who, percent, when in [
        ("a1", 40, june),
        ("a1", 100, june),
        ("a2", 60, june),
        ("b1", 90, june),
        ("b1", 0, july),
    ]:
        db.session.add(
            QuizAttempt(
                quiz_id=quiz.id,
                user_id=people[who].id,
                company_id=people[who].company_id,
                score=0,
                max_score=3,
                percent=percent,
                answers={},
                created_at=when,
            )
        )
    db.session.commit()
    with app.test_request_context():
        _first, start, end = quizzes.month_bounds("2026-06")
        rows = quizzes.leaderboard(start, end)
    assert [(r["name"], r["people"], r["score"]) for r in rows] == [
        ("乙公司", 1, 90.0),
        ("甲公司", 2, 80.0),
    ]


@pytest.mark.parametrize("month", ["", "2026-13", "abc", "<script>", "9999-01", "2026-6", "%00"])
def test_leaderboard_month_is_forgiving(client, month):
    assert client.get(f"/knowledge/quizzes/leaderboard?month={month}").status_code == 200


def _sheet(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(quizzes.IMPORT_COLUMNS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(client, quiz, data, name="bank.xlsx"):
    return client.post(
        f"/knowledge/quizzes/{quiz.id}/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_import_adds_every_row(db, app, quiz, make_user, login_as):
    client = login_as(make_user("admin"), app.test_client())
    before = len(quiz.questions)
    response = _import(
        client,
        quiz,
        _sheet(
            [
                [
                    "单选",
                    "叉车限速？",
                    "5 km/h",
                    "20 km/h",
                    None,
                    None,
                    None,
                    None,
                    "A",
                    "厂区 5 km/h",
                ],
                [
                    "多选",
                    "有限空间检测？",
                    "氧气",
                    "可燃气体",
                    "有毒气体",
                    None,
                    None,
                    None,
                    "ABC",
                    "",
                ],
                [
                    "判断",
                    "可以用纯氧通风。",
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    "错",
                    "会富氧起火",
                ],
            ]
        ),
    )
    assert response.status_code == 302
    assert (
        db.session.scalar(select(func.count(Question.id)).where(Question.quiz_id == quiz.id))
        == before + 3
    )


def test_a_bad_row_rejects_the_whole_import_and_says_where(db, app, quiz, make_user, login_as):
    client = login_as(make_user("admin"), app.test_client())
    before = db.session.scalar(select(func.count(Question.id)))
    response = _import(
        client,
        quiz,
        _sheet(
            [
                ["单选", "好题", "a", "b", None, None, None, None, "A", ""],
                ["单选", "坏题", "a", "b", None, None, None, None, "E", ""],
                ["问答", "不支持的题型", None, None, None, None, None, None, "", ""],
                ["多选", "", "a", "b", None, None, None, None, "AB", ""],
            ]
        ),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for row in ("3", "4", "5"):
        assert f"Row {row}:" in page or f"第 {row} 行" in page, row
    assert db.session.scalar(select(func.count(Question.id))) == before


@pytest.mark.parametrize(
    "data, name",
    [
        (b"", "empty.xlsx"),
        (b"not a workbook", "x.xlsx"),
        (b"%PDF-1.4", "x.pdf"),
        (b"\x00" * 100, "x.xlsx"),
    ],
)
def test_import_refuses_files_that_are_not_workbooks(
    db, app, quiz, make_user, login_as, data, name
):
    client = login_as(make_user("admin"), app.test_client())
    response = _import(client, quiz, data, name)
    assert response.status_code in (200, 400)
    assert "alert-danger" in response.get_data(
        as_text=True
    ) or "invalid-feedback" in response.get_data(as_text=True)


def test_the_template_downloads_and_imports_cleanly(db, app, quiz, make_user, login_as):
    client = login_as(make_user("admin"), app.test_client())
    data = client.get("/knowledge/quizzes/import-template.xlsx").data
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == quizzes.IMPORT_COLUMNS
    assert _import(client, quiz, data).status_code == 302


@pytest.mark.parametrize("field", ["kind", "text", "choices", "answer", "explanation"])
@pytest.mark.parametrize("value", BAD_VALUES)
def test_question_form_bad_input(db, app, quiz, make_user, login_as, field, value):
    client = login_as(make_user("supervisor"), app.test_client())
    before = db.session.scalar(select(func.count(Question.id)))
    data = {"kind": "single", "text": "题目", "choices": "甲\n乙", "answer": "A", "explanation": ""}
    data[field] = value
    response = client.post(f"/knowledge/quizzes/{quiz.id}/questions", data=data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert db.session.scalar(select(func.count(Question.id))) == before


@pytest.mark.parametrize("field", ["title", "description", "category_id", "version"])
@pytest.mark.parametrize("value", BAD_VALUES)
def test_quiz_form_bad_input(db, app, make_user, make_category, login_as, field, value):
    client = login_as(make_user("supervisor"), app.test_client())
    data = {"title": "测验", "description": "", "category_id": str(make_category().id)}
    data[field] = value
    response = client.post("/knowledge/quizzes/new", data=data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert db.session.scalar(select(func.count(Quiz.id))) == 0


def test_employees_cannot_build_quizzes(db, app, quiz, make_user, make_company, login_as):
    client = login_as(make_user("employee", company=make_company()), app.test_client())
    assert client.get("/knowledge/quizzes/new").status_code == 403
    assert client.get(f"/knowledge/quizzes/{quiz.id}/edit").status_code == 403
    assert client.post(f"/knowledge/quizzes/{quiz.id}/questions", data={}).status_code == 403


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "Answer at least one question"), ("zh_Hans", "请至少回答一道题")],
)
def test_a_blank_quiz_is_refused_with_a_message(db, app, quiz, make_user, login_as, lang, message):
    client = login_as(make_user(locale=lang), app.test_client())
    response = client.post(f"/knowledge/quizzes/{quiz.id}", data={})
    assert response.status_code == 400 and message in response.text
    assert quiz.questions[0].text in response.text  # the quiz is there to answer
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 0


@pytest.mark.parametrize(("lang", "unit"), [("en", "100 points"), ("zh_Hans", "100 分")])
def test_a_score_shows_its_unit(db, app, quiz, make_user, make_company, login_as, lang, unit):
    user = make_user("employee", company=make_company(), locale=lang)
    client = login_as(user, app.test_client())
    response = client.post(f"/knowledge/quizzes/{quiz.id}", data=_answers(quiz))
    assert unit in client.get(response.location).text
    month = datetime.now(UTC).strftime("%Y-%m")
    board = client.get(f"/knowledge/quizzes/leaderboard?month={month}").text
    assert unit.replace("100", "100.0") in board


@pytest.mark.parametrize(
    ("today", "month"),
    [
        ("2027-03-10T12:00:00+08:00", "2026-06"),  # before June: the last safety month
        ("2026-06-15T12:00:00+08:00", "2026-06"),  # in June: this one
        ("2026-12-06T12:00:00+08:00", "2026-06"),
        ("2027-06-01T00:30:00+08:00", "2027-06"),  # June already in Shanghai, not in UTC
    ],
)
def test_the_leaderboard_opens_on_the_current_or_last_safety_month(db, client, today, month):
    with time_machine.travel(datetime.fromisoformat(today), tick=False):
        page = client.get("/knowledge/quizzes/leaderboard")
    assert page.status_code == 200 and f'value="{month}"' in page.text
