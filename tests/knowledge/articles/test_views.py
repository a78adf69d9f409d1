"""Article pages: writing through the forms, bad input, hostile Markdown, history, votes."""

import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from PIL import Image
from sqlalchemy import func, select

from engage.knowledge.models import Article, ArticleRevision, Category, HelpfulVote

BAD_VALUES = [
    "",
    "x" * 10_000,
    "<script>alert(1)</script>",
    "\"'; DROP TABLE x; --",
    "a\x00b",
    "灭火器🔥🧯",
    "\u200f\u202eevil",
    "[]",
    "{{ 7*7 }}",
]


@pytest.fixture
def editor(app, make_user, login_as):
    user = make_user("admin")
    return user, login_as(user, app.test_client())


def _form(category, **values):
    data = {
        "title": "干粉灭火器的使用方法",
        "summary": "四步",
        "body": "## 提\n\n提起灭火器。",
        "category_id": str(category),
        "tags": "灭火器, 消防",
        "focus_target": "",
        "audience": "public",
        "audience_company_id": "",
        "version": "",
    }
    data.update(values)
    return data


def _count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_write_publish_edit_and_compare(db, editor, make_category):
    user, client = editor
    category = make_category("消防安全")
    response = client.post("/knowledge/articles/new", data=_form(category.id))
    assert response.status_code == 302
    article = db.session.scalar(select(Article))
    assert client.post(f"/knowledge/articles/{article.id}/publish").status_code == 302
    page = client.get(f"/knowledge/articles/{article.id}").get_data(as_text=True)
    assert 'id="_1"' in page or "<h2 id=" in page
    assert 'href="#' in page, "the table of contents links to the headings"
    response = client.post(
        f"/knowledge/articles/{article.id}/edit",
        data=_form(
            category.id, body="## 提\n\n提起灭火器，颠倒摇晃。", version=str(article.version)
        ),
    )
    assert response.status_code == 302
    diff = client.get(f"/knowledge/articles/{article.id}/diff?a=1&b=2").get_data(as_text=True)
    assert "<mark>，颠倒摇晃</mark>" in diff
    inline = client.get(f"/knowledge/articles/{article.id}/diff?a=1&b=2&mode=inline")
    assert inline.status_code == 200
    assert client.get(f"/knowledge/articles/{article.id}/history").status_code == 200


def test_stale_form_is_refused_and_shows_the_other_version(db, editor, make_category, make_article):
    user, client = editor
    article = make_article(body="原文")
    old_version = article.version
    client.post(
        f"/knowledge/articles/{article.id}/edit",
        data=_form(article.category_id, body="别人先保存的版本", version=str(old_version)),
    )
    response = client.post(
        f"/knowledge/articles/{article.id}/edit",
        data=_form(article.category_id, body="我的旧表单", version=str(old_version)),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "别人先保存的版本" in page and "我的旧表单" in page
    db.session.refresh(article)
    assert article.body == "别人先保存的版本"


@pytest.mark.parametrize(
    "field",
    [
        "title",
        "summary",
        "body",
        "tags",
        "title_en",
        "body_en",
        "category_id",
        "audience",
        "focus_target",
        "audience_company_id",
        "version",
    ],
)
@pytest.mark.parametrize("value", BAD_VALUES)
def test_article_form_bad_input_never_500(db, editor, make_category, field, value):
    user, client = editor
    category = make_category()
    response = client.post("/knowledge/articles/new", data=_form(category.id, **{field: value}))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert _count(db, Article) == 0
        assert "invalid-feedback" in response.get_data(as_text=True)


def test_empty_title_gets_a_message_next_to_the_field(db, editor, make_category):
    user, client = editor
    response = client.post("/knowledge/articles/new", data=_form(make_category().id, title=" "))
    assert "invalid-feedback" in response.get_data(as_text=True)
    assert _count(db, Article) == 0 and _count(db, ArticleRevision) == 0


def test_hostile_markdown_never_runs(db, editor, make_article):
    article = make_article(
        body="<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n"
        "<img src=x onerror=alert(1)>\n\n## <b onclick=x>标题</b>"
    )
    page = editor[1].get(f"/knowledge/articles/{article.id}").get_data(as_text=True)
    assert "<script>alert" not in page and "javascript:" not in page
    assert "onerror" not in page and "onclick" not in page


def test_images_are_inserted_into_the_body_and_pdfs_attached(db, editor, make_category):
    user, client = editor
    png = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(png, "PNG")
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    data = _form(make_category().id)
    data["images"] = (io.BytesIO(png.getvalue()), "灭火器.png")
    data["attachments"] = (io.BytesIO(pdf), "规范.pdf")
    response = client.post("/knowledge/articles/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    article = db.session.scalar(select(Article))
    assert "![灭火器](/media/" in article.body
    assert [a.media.content_type for a in article.attachments] == ["application/pdf"]


def test_a_fake_image_is_refused_with_a_message(db, editor, make_category):
    user, client = editor
    data = _form(make_category().id)
    data["images"] = (io.BytesIO(b"<script>not an image</script>"), "x.png")
    response = client.post("/knowledge/articles/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert _count(db, Article) == 0


def test_employee_may_not_write(app, make_user, login_as, make_company):
    client = login_as(make_user("employee", company=make_company()), app.test_client())
    assert client.get("/knowledge/articles/new").status_code == 403
    assert client.get("/knowledge/manage").status_code == 403
    assert client.get("/knowledge/categories/").status_code == 403


def test_anonymous_vote_asks_to_sign_in(db, client, make_article):
    article = make_article()
    response = client.post(f"/knowledge/articles/{article.id}/vote", data={"helpful": "yes"})
    assert response.status_code == 302 and "/login" in response.location
    assert _count(db, HelpfulVote) == 0


@pytest.mark.parametrize("value", BAD_VALUES + ["yes"])
def test_vote_takes_only_yes_or_no(db, app, make_article, make_user, login_as, value):
    article = make_article()
    client = login_as(make_user(), app.test_client())
    response = client.post(f"/knowledge/articles/{article.id}/vote", data={"helpful": value})
    assert response.status_code == 302
    assert _count(db, HelpfulVote) == (1 if value == "yes" else 0)


def test_read_count_counts_once_per_session(db, app, make_article):
    article = make_article()
    client = app.test_client()
    for _ in range(3):
        client.get(f"/knowledge/articles/{article.id}")
    app.test_client().get(f"/knowledge/articles/{article.id}")
    db.session.refresh(article)
    assert article.read_count == 2


def test_a_signed_in_reader_counts_once_a_day_whatever_the_session(
    db, app, make_article, make_user, login_as
):
    article = make_article()
    reader, other = make_user(), make_user()
    start = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        phone = login_as(reader, app.test_client())
        desk = login_as(reader, app.test_client())
        for client in (phone, desk, phone):
            assert client.get(f"/knowledge/articles/{article.id}").status_code == 200
        login_as(other, app.test_client()).get(f"/knowledge/articles/{article.id}")
        db.session.refresh(article)
        assert article.read_count == 2  # the reader once, the other once
    with time_machine.travel(start + timedelta(days=1, seconds=1), tick=False):
        desk.get(f"/knowledge/articles/{article.id}")  # this session has it: not again
        login_as(reader, app.test_client()).get(f"/knowledge/articles/{article.id}")
        db.session.refresh(article)
        assert article.read_count == 3  # a new day, a new session: once more


def test_a_client_that_drops_the_cookie_is_counted_once(db, app, make_article, make_user, login_as):
    """A signed-in client that sends its first cookie again and again (as a load tool
    does) is one reader, not one read per request."""
    article = make_article()
    signed = login_as(make_user(), app.test_client())
    cookie = signed.get_cookie("session").value
    replaying = app.test_client(use_cookies=False)
    for _ in range(5):
        response = replaying.get(
            f"/knowledge/articles/{article.id}", headers={"Cookie": f"session={cookie}"}
        )
        assert response.status_code == 200
    db.session.refresh(article)
    assert article.read_count == 1


@pytest.mark.parametrize(
    "url",
    [
        "/knowledge/articles/99999",
        "/knowledge/categories/99999",
        "/knowledge/tags/99999",
        "/knowledge/articles/abc",
        "/knowledge/categories/1?page=-5",
        "/knowledge/quizzes/99999",
    ],
)
def test_unknown_urls_answer_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "query", ["a=abc&b=", "a=-1&b=999999", "a=1&b=1", "mode=<script>", "a=%00&b=%F0%9F%94%A5"]
)
def test_diff_query_strings_never_500(editor, make_article, query):
    article = make_article()
    response = editor[1].get(f"/knowledge/articles/{article.id}/diff?{query}")
    assert response.status_code == 200


@pytest.mark.parametrize("field", ["name", "name_en", "description", "parent_id", "position"])
@pytest.mark.parametrize("value", BAD_VALUES)
def test_category_form_bad_input(db, editor, field, value):
    data = {
        "name": "消防安全",
        "name_en": "Fire",
        "description": "",
        "parent_id": "",
        "position": "0",
    }
    data[field] = value
    response = editor[1].post("/knowledge/categories/", data=data)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert _count(db, Category) == 0


def test_category_cannot_be_its_own_ancestor(db, editor, make_category):
    parent = make_category("消防安全")
    child = make_category("灭火器材", parent=parent)
    response = editor[1].post(
        f"/knowledge/categories/{parent.id}/edit",
        data={"name": "消防安全", "parent_id": str(child.id), "position": "0"},
    )
    assert response.status_code == 200
    db.session.refresh(parent)
    assert parent.parent_id is None


def test_a_category_in_use_is_not_deleted(db, editor, make_article):
    article = make_article()
    response = editor[1].post(f"/knowledge/categories/{article.category_id}/delete")
    assert response.status_code == 302
    assert db.session.get(Category, article.category_id) is not None


def test_csrf_is_required(csrf_app, make_user, login_as, make_category):
    client = login_as(make_user("admin"), csrf_app.test_client())
    response = client.post("/knowledge/articles/new", data=_form(make_category().id))
    assert response.status_code in (200, 400)
    assert db_count_zero(csrf_app)


def db_count_zero(app):
    from engage.extensions import db

    return db.session.scalar(select(func.count()).select_from(Article)) == 0


def test_insert_image_button_answers_a_markdown_link(db, editor):
    png = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(png, "PNG")
    response = editor[1].post(
        "/knowledge/images",
        data={"image": (io.BytesIO(png.getvalue()), "图.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert response.json["markdown"].startswith("![图](/media/")
    bad = editor[1].post(
        "/knowledge/images",
        data={"image": (io.BytesIO(b"GIF89a no"), "x.gif")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400 and bad.json["error"]
    assert editor[1].post("/knowledge/images").status_code == 400


def test_safety_manager_writes_publishes_edits_and_compares(
    db, app, make_user, make_company, make_category, login_as
):
    company = make_company()
    client = login_as(make_user("safety_manager", company=company), app.test_client())
    category = make_category()
    png = io.BytesIO()
    Image.new("RGB", (30, 20), "green").save(png, "PNG")
    data = _form(
        category.id,
        body="## 检查表\n\n| 项目 | 要求 |\n|---|---|\n| 压力表 | 绿区 |",
        audience="company",
        featured="y",
    )
    data["images"] = (io.BytesIO(png.getvalue()), "现场.png")
    assert (
        client.post(
            "/knowledge/articles/new", data=data, content_type="multipart/form-data"
        ).status_code
        == 302
    )
    article = db.session.scalar(select(Article))
    assert article.author_company_id == company.id and article.audience_company_id == company.id
    assert article.featured is False, "only park staff feature articles"
    client.post(f"/knowledge/articles/{article.id}/publish")
    page = client.get(f"/knowledge/articles/{article.id}").get_data(as_text=True)
    assert "<table>" in page and 'src="/media/' in page
    client.post(
        f"/knowledge/articles/{article.id}/edit",
        data=_form(
            category.id,
            body=article.body.replace("绿区", "指针在绿区"),
            audience="company",
            version=str(article.version),
        ),
    )
    diff = client.get(f"/knowledge/articles/{article.id}/diff").get_data(as_text=True)
    assert "<mark>指针在</mark>" in diff
