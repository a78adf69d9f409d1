"""A question bank that is a spreadsheet bomb is refused with a message; nothing is imported."""

import time

from sqlalchemy import func, select

from engage.knowledge.quizzes.models import Question
from tests.core.test_xlsx import shared_strings_bomb
from tests.knowledge.quizzes.test_quizzes import _import, quiz  # noqa: F401 - the fixture


def test_a_bomb_question_bank_is_refused_quickly_and_imports_nothing(
    db,
    app,
    quiz,  # noqa: F811
    make_user,
    login_as,
):
    client = login_as(make_user("admin"), app.test_client())
    before = db.session.scalar(select(func.count(Question.id)))
    bomb = shared_strings_bomb(40)
    started = time.perf_counter()
    response = _import(client, quiz, bomb)
    assert time.perf_counter() - started < 2
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "40 MB" in page and "10 MB" in page
    assert db.session.scalar(select(func.count(Question.id))) == before
